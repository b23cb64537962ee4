import Foundation
import Testing
import RosterCore

/// Every seed of the fuzzer and every crasher it ever found goes through the
/// fuzz harness again on each `swift test`: parse → decode → rules → reports
/// must succeed or fail with a described error, never crash, and the
/// harness's cross-checks must all hold.
@Suite struct FuzzCorpusTests {
    /// tools/fuzz/, found from this file.
    static let fuzzDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("tools/fuzz")
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func files(_ folder: String) -> [String] {
        let dir = fuzzDirectory.appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }

    static func run(_ relative: String) throws -> FuzzHarness.Outcome {
        let data = try Data(contentsOf: fuzzDirectory.appendingPathComponent(relative))
        return Array(data).withUnsafeBytes { FuzzHarness.run($0) }
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files("corpus").count >= 40, "tools/fuzz/corpus is missing or nearly empty")
        // One valid event of every type.
        for type in EventType.allCases {
            #expect(Self.files("corpus").contains("corpus/event-\(type.rawValue).jsonl"), "no seed for \(type.rawValue)")
        }
    }

    @Test(arguments: files("corpus") + files("crashers"))
    func replaysWithoutBrokenInvariants(_ file: String) throws {
        let outcome = try Self.run(file)
        #expect(outcome.violations.isEmpty, "\(file): \(outcome.violations)")
    }

    /// The seeds reach the deep end of the harness, not just the parser.
    @Test func seedsReachTheRulesAndTheReports() throws {
        for file in ["corpus/small-history.jsonl", "corpus/small-history-crlf.jsonl", "corpus/history-prefix.jsonl",
                     "corpus/places-plans-history.jsonl"] {
            let outcome = try Self.run(file)
            #expect(outcome.decoded == outcome.lines && outcome.lines > 5, "\(file): \(outcome)")
            #expect(outcome.fastDecoded == outcome.lines, "\(file): the fast decoder declined \(outcome.lines - outcome.fastDecoded) lines")
            #expect(outcome.replayed, "\(file) does not replay: \(outcome)")
        }
        let violation = try Self.run("corpus/rule-violation.jsonl")
        #expect(violation.appended == 5 && !violation.replayed)
        for type in EventType.allCases {
            let outcome = try Self.run("corpus/event-\(type.rawValue).jsonl")
            #expect(outcome.decoded == 1, "event-\(type.rawValue): \(outcome)")
            // The fast path takes every type (it declines only unusual encodings).
            #expect(outcome.fastDecoded == 1, "the fast decoder declines event-\(type.rawValue)")
        }
    }

    /// The harness itself notices a reader that loses a line (its reference
    /// split is independent of JSONLinesReader).
    @Test func theReferenceSplitAgreesOnKnownInput() {
        let text = Array("a\r\n\n  \nb\rc\r\nd".utf8)
        let lines = text.withUnsafeBytes { FuzzHarness.referenceLines($0, maxLineBytes: 10) }
        #expect(lines == .lines([.init(number: 1, offset: 0, start: 0, end: 1),
                                 .init(number: 4, offset: 7, start: 7, end: 10),
                                 .init(number: 5, offset: 12, start: 12, end: 13)]))
        let long = Array("ab\nabcdefghijk\n".utf8)
        #expect(long.withUnsafeBytes { FuzzHarness.referenceLines($0, maxLineBytes: 10) }
                == .tooLong(lines: [.init(number: 1, offset: 0, start: 0, end: 2)], line: 2, offset: 3))
    }
}
