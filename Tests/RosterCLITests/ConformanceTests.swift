import Foundation
import Testing
import RosterCore
import RosterReports
import RosterStore

/// Tests/Fixtures/conformance: the contract worked through. Every batch appends, every
/// hash of the chain and every report matches what an independent
/// implementation of the contract computed.
@Suite(.serialized) struct ConformanceTests {
    struct Expected {
        var batches: [String]
        var hashes: [String]
        var head: (seq: Int, hash: String)
        var reports: [(args: [String], expected: JSONValue)]
    }

    static func expected() throws -> (URL, Expected) {
        let dir = TestPaths.fixtures.appendingPathComponent("conformance")
        let data = try Data(contentsOf: dir.appendingPathComponent("expected.json"))
        guard case .object(let o) = try JSONParser.parse([UInt8](data)),
              case .array(let batches)? = o["batches"], case .array(let hashes)? = o["hashes"],
              case .object(let head)? = o["head"], case .number(let seq)? = head["seq"], case .string(let headHash)? = head["hash"],
              case .array(let reports)? = o["reports"] else {
            throw ReportError("expected.json has an unexpected shape")
        }
        func str(_ v: JSONValue) -> String { if case .string(let s) = v { return s }; return "" }
        let parsedReports: [([String], JSONValue)] = reports.map { r in
            guard case .object(let ro) = r, case .array(let args)? = ro["args"], let exp = ro["expected"] else { return ([], .null) }
            return (args.map(str), exp)
        }
        return (dir, Expected(batches: batches.map(str), hashes: hashes.map(str), head: (Int(seq)!, headHash),
                              reports: parsedReports.map { (args: $0.0, expected: $0.1) }))
    }

    /// Builds the conformance ledger once per test that needs it.
    static func buildLedger() throws -> (String, Expected) {
        let (dir, expected) = try expected()
        let ledger = TestPaths.temporaryDirectory("conformance")
        try Ledger.create(directory: ledger)
        for batch in expected.batches {
            try appendFile(dir.appendingPathComponent(batch).path, to: ledger)
        }
        return (ledger, expected)
    }

    @Test func everyBatchAppendsAndTheChainMatches() throws {
        let (dir, expected) = try Self.buildLedger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        #expect(ledger.head.seq == Int64(expected.head.seq))
        #expect(ledger.head.hash.hex == expected.head.hash)
        var lines: [String] = []
        try ledger.export { bytes in lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init) }
        #expect(lines.count == expected.hashes.count)
        for (i, line) in lines.enumerated() where i < expected.hashes.count {
            guard case .object(let o) = try JSONParser.parse(line), case .string(let h)? = o["hash"] else {
                Issue.record("export line \(i + 1) is not an object with a hash"); continue
            }
            #expect(h == expected.hashes[i], "hash of seq \(i + 1)")
        }
    }

    @Test func everyReportMatches() throws {
        let (dir, expected) = try Self.buildLedger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        for (args, want) in expected.reports {
            func value(_ name: String) -> String? {
                guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return nil }
                return args[i + 1]
            }
            let knownText = value("known-at")
            let reporter = try ledger.reporter(knownAt: knownText.flatMap { Timestamp(rfc3339: $0, dateMeansEndOfDay: true) },
                                               knownAtText: knownText)
            let doc: JSONOutput
            switch args[1] {
            case "snapshot":
                doc = ReportJSON.snapshot(try reporter.snapshot(at: Day(iso: value("at")!)!, unit: value("unit")))
            case "flows":
                let r = try reporter.flows(from: Day(iso: value("from")!)!, to: Day(iso: value("to")!)!, unit: value("unit"))
                #expect(r.balances, "flows balance for \(args)")
                doc = ReportJSON.flows(r)
            case "ratings":
                doc = ReportJSON.ratings(try reporter.ratings(year: Int(value("year")!)!, unit: value("unit")))
            default:
                Issue.record("unknown report \(args)"); continue
            }
            let actual = try JSONParser.parse(doc.serialized())
            let diffs = differences(expected: want, actual: actual)
            #expect(diffs.isEmpty, "\(args.joined(separator: " ")): \(diffs.joined(separator: "; "))")
        }
    }
}
