import Foundation
import RosterCore
import RosterReports
import RosterStore

/// `roster demo`: the sample province's history, appended batch by batch into
/// a temporary ledger, and its ten-year comparison.
enum Demo {
    /// events/sample, found from the environment, the working directory, or
    /// this source file's place in the repository.
    static func sampleDirectory() throws -> String {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["ROSTER_SAMPLE"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/events/sample")
        let source = URL(fileURLWithPath: #filePath)
        candidates.append(source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("events/sample").path)
        for c in candidates {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: c, isDirectory: &isDir), isDir.boolValue { return c }
        }
        throw InputError(message: "cannot find the sample events (looked in \(candidates.joined(separator: ", "))); set ROSTER_SAMPLE to the events/sample directory")
    }

    static func run(format: OutputFormat, language: Language, out: String?, narrative: Bool = false) throws -> Int32 {
        let sample = try sampleDirectory()
        let files = try FileManager.default.contentsOfDirectory(atPath: sample)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        guard !files.isEmpty else { throw InputError(message: "no .jsonl files in \(sample)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-demo-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Ledger.create(directory: dir)
        var head = LedgerHead(seq: 0, hash: .zero)
        for file in files {
            let ledger = try Ledger.openForWriting(directory: dir)
            defer { ledger.close() }
            let source = try FileByteSource(path: sample + "/" + file)
            defer { source.close() }
            head = try ledger.append([BatchInput(name: file, source: source)], now: CLI.now()).head
        }
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let reporter = try ledger.reporter(knownAt: nil, knownAtText: nil)
        let (from, to) = (Day(iso: "2010-12-31")!, Day(iso: "2020-12-31")!)
        let report = try reporter.compare(from: from, to: to, unit: nil)
        let text: String
        if narrative {
            text = Render.narrative(report, language: language)
        } else if format == .html {
            let series = try reporter.series(from: from, to: to, every: Render.overviewInterval(from: from, to: to), unit: nil)
            text = Render.compare(report, format: format, language: language, series: series)
        } else {
            text = Render.compare(report, format: format, language: language)
        }
        if let out {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
            writeErr("wrote \(out)")
        } else {
            writeErr("demo: \(files.count) batches from \(sample), \(head.seq) events, head \(head.hash.hex)")
            writeOut(text)
        }
        return 0
    }
}
