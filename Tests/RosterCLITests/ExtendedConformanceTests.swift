import Foundation
import Testing
import RosterCore
import RosterReports
import RosterStore

/// Tests/Fixtures/conformance-extended: party age and badges, the forms,
/// ratings shares, places and plans, the member lists, worked through on a
/// history of 1,927 events in 15 batches.
///
/// `ExtendedConformance.shared` builds the ledger once per test process
/// (every batch must append, every hash and the head must match) and hands
/// out the expected reports by command, for the tests of each report:
///
///     let c = try ExtendedConformance.shared()
///     for r in c.reports("places") { … r.args, r.expected, r.value("at") … }
struct ExtendedConformance: Sendable {
    struct Report: Sendable {
        /// The command line after `roster` (`["report", "places", "--at", "2021-05-31", "--format", "json"]`).
        var args: [String]
        var expected: JSONValue

        /// The value of `--name`, if given.
        func value(_ name: String) -> String? {
            guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return nil }
            return args[i + 1]
        }

        /// Every value of a repeated `--name` (`--where`).
        func values(_ name: String) -> [String] {
            args.indices.filter { args[$0] == "--" + name && $0 + 1 < args.count }.map { args[$0 + 1] }
        }

        /// `--known-at` as a timestamp (a date means the end of that day).
        var knownAt: Timestamp? { value("known-at").flatMap { Timestamp(rfc3339: $0, dateMeansEndOfDay: true) } }
    }

    /// The ledger directory (built once; read-only for the tests).
    var ledger: String
    var head: (seq: Int, hash: String)
    var hashes: [String]
    var allReports: [Report]

    /// The expected reports of one command: `badges`, `form`, `ratings`,
    /// `places`, `progress`, `members` (the word after `report`).
    func reports(_ command: String) -> [Report] {
        allReports.filter { $0.args.count > 1 && $0.args[0] == "report" && $0.args[1] == command }
    }

    /// A reporter over the shared ledger as known at the report's `--known-at`.
    func reporter(for report: Report, in ledger: Ledger) throws -> Reporter {
        try ledger.reporter(knownAt: report.knownAt, knownAtText: report.value("known-at"))
    }

    static let directory = TestPaths.fixtures.appendingPathComponent("conformance-extended")

    /// Reads expected.json and appends every batch into a new ledger.
    static func build() throws -> ExtendedConformance {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        guard case .object(let o) = try JSONParser.parse([UInt8](data)),
              case .array(let batches)? = o["batches"], case .array(let hashes)? = o["hashes"],
              case .object(let head)? = o["head"], case .number(let seq)? = head["seq"], case .string(let headHash)? = head["hash"],
              case .array(let reports)? = o["reports"] else {
            throw ReportError("conformance-extended/expected.json has an unexpected shape")
        }
        func str(_ v: JSONValue) -> String { if case .string(let s) = v { return s }; return "" }
        var parsed: [Report] = []
        for r in reports {
            guard case .object(let ro) = r, case .array(let args)? = ro["args"], let exp = ro["expected"] else {
                throw ReportError("conformance-extended/expected.json: a report without args or expected")
            }
            parsed.append(Report(args: args.map(str), expected: exp))
        }
        let ledger = TestPaths.temporaryDirectory("conformance-extended")
        try Ledger.create(directory: ledger)
        for batch in batches.map(str) {
            do {
                try appendFile(directory.appendingPathComponent(batch).path, to: ledger)
            } catch {
                throw ReportError("conformance-extended \(batch) was refused: \(error)")
            }
        }
        return ExtendedConformance(ledger: ledger, head: (Int(seq) ?? -1, headHash), hashes: hashes.map(str), allReports: parsed)
    }

    private static let built: Result<ExtendedConformance, ReportError> = {
        let result: Result<ExtendedConformance, ReportError>
        do { result = .success(try build()) } catch { result = .failure(error as? ReportError ?? ReportError("\(error)")) }
        if case .success(let c) = result {
            let dir = c.ledger
            atexit_b { try? FileManager.default.removeItem(atPath: dir) }
        }
        return result
    }()

    /// The ledger, built on first use and shared by every test of the process.
    static func shared() throws -> ExtendedConformance { try built.get() }
}

/// Removes the shared ledger when the test process ends.
private func atexit_b(_ body: @escaping @Sendable () -> Void) {
    ExitHooks.lock.lock()
    ExitHooks.hooks.append(body)
    let first = ExitHooks.hooks.count == 1
    ExitHooks.lock.unlock()
    if first { atexit { ExitHooks.runAll() } }
}

private enum ExitHooks {
    static let lock = NSLock()
    nonisolated(unsafe) static var hooks: [@Sendable () -> Void] = []
    static func runAll() {
        lock.lock()
        let all = hooks
        lock.unlock()
        for h in all { h() }
    }
}

@Suite struct ExtendedConformanceTests {
    @Test func everyBatchAppendsAndTheChainMatches() throws {
        let c = try ExtendedConformance.shared()
        let ledger = try Ledger.openForReading(directory: c.ledger)
        defer { ledger.close() }
        #expect(ledger.head.seq == Int64(c.head.seq))
        #expect(ledger.head.hash.hex == c.head.hash)
        var lines: [String] = []
        try ledger.export { bytes in lines += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init) }
        #expect(lines.count == c.hashes.count)
        #expect(c.hashes.count == c.head.seq)
        for (i, line) in lines.enumerated() where i < c.hashes.count {
            guard case .object(let o) = try JSONParser.parse(line), case .string(let h)? = o["hash"] else {
                Issue.record("export line \(i + 1) is not an object with a hash"); continue
            }
            #expect(h == c.hashes[i], "hash of seq \(i + 1)")
        }
    }

    @Test func theExpectedReportsAreThereByCommand() throws {
        let c = try ExtendedConformance.shared()
        // As the fixture's README counts them.
        let counts = ["badges": 8, "form": 8, "ratings": 3, "places": 3, "progress": 3, "members": 4]
        for (command, n) in counts { #expect(c.reports(command).count == n, "\(command)") }
        #expect(c.allReports.count == counts.values.reduce(0, +))
    }

    /// The older keys of `report ratings` (`rated`, `byRating`); the
    /// ratings shares are compared where they are computed.
    @Test func ratingsWithoutShares() throws {
        let c = try ExtendedConformance.shared()
        let ledger = try Ledger.openForReading(directory: c.ledger)
        defer { ledger.close() }
        for r in c.reports("ratings") {
            let reporter = try c.reporter(for: r, in: ledger)
            let doc = ReportJSON.ratings(try reporter.ratings(year: Int(r.value("year")!)!, unit: r.value("unit")))
            let actual = try JSONParser.parse(doc.serialized())
            let diffs = differences(expected: Self.withoutShares(r.expected), actual: actual)
            #expect(diffs.isEmpty, "\(r.args.joined(separator: " ")): \(diffs.joined(separator: "; "))")
        }
    }

    static func withoutShares(_ v: JSONValue) -> JSONValue {
        guard case .object(var o) = v else { return v }
        o.entries = o.entries.filter { $0.key != "shares" }.map { JSONObject.Entry(key: $0.key, value: withoutShares($0.value)) }
        return .object(o)
    }
}
