import Foundation
import RosterCore
import RosterStore

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

    /// shared/ beside the clone (CI's layout), else /work/shared.
    static let shared: URL? = {
        let candidates = [repository.deletingLastPathComponent().appendingPathComponent("shared"),
                          URL(fileURLWithPath: "/work/shared")]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("conformance/expected.json").path) }
    }()

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
