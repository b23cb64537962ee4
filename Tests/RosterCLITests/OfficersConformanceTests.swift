import Foundation
import Testing
import RosterCore
import RosterReports
import RosterStore

/// The badge rounds, forms 1 and 3, ratings with their shares and the
/// member lists of Tests/Fixtures/conformance-extended, as `--format json`
/// prints them (through the CLI's own calls: reporter, then ReportJSON).
@Suite struct OfficersConformanceTests {
    func check(_ command: String, _ json: (ExtendedConformance.Report, Reporter) throws -> JSONOutput) throws {
        let c = try ExtendedConformance.shared()
        let ledger = try Ledger.openForReading(directory: c.ledger)
        defer { ledger.close() }
        let reports = c.reports(command)
        #expect(!reports.isEmpty)
        for r in reports {
            let actual = try JSONParser.parse(try json(r, try c.reporter(for: r, in: ledger)).serialized())
            let diffs = differences(expected: r.expected, actual: actual)
            #expect(diffs.isEmpty, "\(r.args.joined(separator: " ")): \(diffs.joined(separator: "; "))")
        }
    }

    func day(_ r: ExtendedConformance.Report, _ name: String) -> Day { Day(iso: r.value(name)!)! }

    @Test func badgeRounds() throws {
        try check("badges") { r, reporter in
            ReportJSON.badges(try reporter.badges(round: day(r, "round"), unit: r.value("unit")))
        }
    }

    @Test func formsOneAndThree() throws {
        try check("form") { r, reporter in
            if r.args[2] == "1" {
                let f = try reporter.form1(from: day(r, "from"), to: day(r, "to"), unit: r.value("unit"))
                #expect(f.balances)
                return ReportJSON.form1(f)
            }
            return ReportJSON.form3(try reporter.form3(at: day(r, "at"), unit: r.value("unit")))
        }
    }

    @Test func ratingsWithShares() throws {
        try check("ratings") { r, reporter in
            ReportJSON.ratings(try reporter.ratings(year: Int(r.value("year")!)!, unit: r.value("unit")))
        }
    }

    /// Only the member ids, in the printed order, and their count are compared.
    @Test func memberLists() throws {
        try check("members") { r, reporter in
            let list = try reporter.members(at: day(r, "at"), unit: r.value("unit"), filters: r.values("where"))
            return .object([("members", .array(list.rows.map { .string($0.member) })), ("count", .int(list.rows.count))])
        }
    }
}
