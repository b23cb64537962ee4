import Glibc
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
        if let env = getenv("ROSTER_SAMPLE") { candidates.append(String(cString: env)) }
        var cwd = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if getcwd(&cwd, cwd.count) != nil {
            candidates.append(String(decoding: cwd.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/events/sample")
        }
        // Sources/roster/Demo.swift → the repository root.
        let parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        candidates.append(parts.dropLast(3).joined(separator: "/") + "/events/sample")
        for c in candidates where isDirectory(c) { return c }
        throw InputError(message: "cannot find the sample events (looked in \(candidates.joined(separator: ", "))); set ROSTER_SAMPLE to the events/sample directory")
    }

    static func run(format: OutputFormat, language: Language, out: String?, narrative: Bool = false) throws -> Int32 {
        let sample = try sampleDirectory()
        let files = names(in: sample).filter { $0.hasSuffix(".jsonl") }.sorted()
        guard !files.isEmpty else { throw InputError(message: "no .jsonl files in \(sample)") }
        let tmp = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((tmp + "/roster-demo-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else {
            throw InputError(message: "cannot create a temporary directory in \(tmp): \(String(cString: strerror(errno)))")
        }
        let base = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { removeTree(base) }
        let dir = base + "/ledger"
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
        // The documents (html, docx) carry the sample root's letterhead, dated the day after the period.
        let letterhead = format.isOffice
            ? Letterhead.make(units: try ledger.unitDirectory(), unit: nil, on: to, defaults: Letterhead.Defaults(),
                              place: "Bình Sơn", dated: Day(iso: "2021-01-15")!, signerTitle: language == .vi ? "Bí thư" : "Secretary")
            : nil
        if format == .docx, let out {
            try ReportFile.write(Render.docx(report, language: language, letterhead: letterhead!), to: out)
            writeErr("wrote \(out)")
            return 0
        }
        let text: String
        if narrative {
            text = Render.narrative(report, language: language)
        } else if format == .html {
            let series = try reporter.series(from: from, to: to, every: Render.overviewInterval(from: from, to: to), unit: nil)
            text = Render.compare(report, format: format, language: language, series: series, letterhead: letterhead)
        } else {
            text = Render.compare(report, format: format, language: language)
        }
        if let out {
            try ReportFile.write(text, to: out)
            writeErr("wrote \(out)")
        } else {
            writeErr("demo: \(files.count) batches from \(sample), \(head.seq) events, head \(head.hash.hex)")
            writeErr(Demo.placesPlansHint)
            writeOut(text)
        }
        return 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory (without . and ..).
    static func names(in directory: String) -> [String] {
        guard let d = opendir(directory) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// Removes a directory and everything in it (the demo's temporary ledger).
    static func removeTree(_ path: String) {
        if isDirectory(path) {
            for name in names(in: path) { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
