import Foundation
import RosterCore
import RosterStore
@_exported import RosterTestSupport

/// Paths and helpers shared by the end-to-end tests.
enum TestPaths {
    /// The repository root (the directory holding Package.swift).
    static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The fixtures inside the repository: `Tests/Fixtures/conformance` and
    /// `Tests/Fixtures/conformance-extended` (copies of the contract's worked
    /// examples; docs/CONFORMANCE.md says how to refresh them).
    static let fixtures: URL = repository.appendingPathComponent("Tests/Fixtures")

    static func temporaryDirectory(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("roster-test-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        return dir
    }
}

/// Compares `actual` with `expected`, looking only at the keys `expected`
/// shows; returns the paths that differ.
func differences(expected: JSONValue, actual: JSONValue, path: String = "") -> [String] {
    switch (expected, actual) {
    case (.object(let e), .object(let a)):
        var out: [String] = []
        for entry in e.entries {
            guard let v = a[entry.key] else { out.append("\(path)/\(entry.key): missing"); continue }
            out += differences(expected: entry.value, actual: v, path: "\(path)/\(entry.key)")
        }
        return out
    case (.array(let e), .array(let a)):
        guard e.count == a.count else { return ["\(path): \(e.count) items expected, \(a.count) found"] }
        return zip(e, a).enumerated().flatMap { differences(expected: $1.0, actual: $1.1, path: "\(path)[\($0)]") }
    default:
        return expected == actual ? [] : ["\(path): expected \(expected), found \(actual)"]
    }
}

/// Appends a file as one batch.
@discardableResult
func appendFile(_ path: String, to dir: String, now: Timestamp = Timestamp(seconds: 2_000_000_000)) throws -> AppendResult {
    let ledger = try Ledger.openForWriting(directory: dir)
    defer { ledger.close() }
    let source = try FileByteSource(path: path)
    defer { source.close() }
    return try ledger.append([BatchInput(name: URL(fileURLWithPath: path).lastPathComponent, source: source)], now: now)
}

/// Appends text as one batch named `batch.jsonl`.
@discardableResult
func appendText(_ text: String, to dir: String, now: Timestamp = Timestamp(seconds: 2_000_000_000)) throws -> AppendResult {
    let ledger = try Ledger.openForWriting(directory: dir)
    defer { ledger.close() }
    return try ledger.append([BatchInput(name: "batch.jsonl", source: BytesSource(Array(text.utf8)))], now: now)
}

/// What a child process printed and how it ended.
struct ProcessRun {
    var code: Int32
    var out: String
    var err: String
}

/// Runs `executable` to completion with `stdin` (else an empty input) and
/// collects what it printed. Output is drained on a second thread while the
/// input is written, so a large input cannot deadlock against a full pipe.
func runProcess(_ executable: String, _ args: [String], stdin: [UInt8]? = nil,
                directory: String? = nil) throws -> ProcessRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    nonisolated(unsafe) var errData = Data()
    let errDone = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        errDone.signal()
    }
    nonisolated(unsafe) var outData = Data()
    let outDone = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        outData = out.fileHandleForReading.readDataToEndOfFile()
        outDone.signal()
    }
    // A child may exit before it reads its input (a damaged ledger is
    // refused first): the write then fails with a broken pipe, which is no
    // failure of the test (the old `write(_:)` trapped on it under load).
    if let stdin { try? inp.fileHandleForWriting.write(contentsOf: Data(stdin)) }
    try inp.fileHandleForWriting.close()
    outDone.wait()
    errDone.wait()
    p.waitUntilExit()
    return ProcessRun(code: p.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
}
