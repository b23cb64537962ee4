import Testing
import RosterCore
@testable import RosterReports

@Suite struct SeriesTests {
    func days(_ every: SeriesInterval, _ from: String, _ to: String) -> [String] {
        every.points(from: Day(iso: from)!, to: Day(iso: to)!).map(\.description)
    }

    @Test func pointsAreTheEndsOfPeriodsBetweenBothDates() {
        #expect(days(.year, "2010-12-31", "2013-12-31") == ["2010-12-31", "2011-12-31", "2012-12-31", "2013-12-31"])
        #expect(days(.year, "2010-06-15", "2012-03-01") == ["2010-06-15", "2010-12-31", "2011-12-31", "2012-03-01"])
        #expect(days(.quarter, "2010-12-31", "2011-08-01") == ["2010-12-31", "2011-03-31", "2011-06-30", "2011-08-01"])
        #expect(days(.quarter, "2011-02-10", "2011-06-30") == ["2011-02-10", "2011-03-31", "2011-06-30"])
        #expect(days(.month, "2012-01-31", "2012-04-30") == ["2012-01-31", "2012-02-29", "2012-03-31", "2012-04-30"])
        #expect(days(.month, "2012-05-10", "2012-05-20") == ["2012-05-10", "2012-05-20"])
        #expect(days(.month, "2012-05-10", "2012-05-10") == ["2012-05-10"])
        #expect(days(.year, "2013-01-01", "2012-01-01") == [])
    }

    /// Each point equals the snapshot on its date, for the whole ledger and
    /// for scopes whose membership changes by transfer, merger and move.
    @Test(arguments: [nil, "D-1", "G-2", "G-1", "P"] as [String?])
    func pointsEqualSnapshots(unit: String?) throws {
        let r = Province.sample().reporter()
        let s = try r.series(from: Day(iso: "2009-06-30")!, to: Day(iso: "2020-12-31")!, every: .month, unit: unit)
        #expect(s.points.count == 1 + 12 * 11 + 6)
        #expect(s.points.first?.at == Day(iso: "2009-06-30"))
        #expect(s.points.last?.at == Day(iso: "2020-12-31"))
        var nonEmpty = 0
        for p in s.points {
            let snap = try r.snapshot(at: p.at, unit: unit)
            #expect(p.total == snap.total, "total at \(p.at)")
            #expect(p.full == snap.full, "full at \(p.at)")
            #expect(p.probationary == snap.probationary, "probationary at \(p.at)")
            #expect(p.grassroots == snap.grassroots, "grassroots at \(p.at)")
            if p.total > 0 { nonEmpty += 1 }
        }
        #expect(nonEmpty > 50)
    }

    /// A scope that stops existing (merged away) counts nothing from then on;
    /// before that, the points equal the snapshots.
    @Test func aMergedScopeCountsNothingAfterItsMerger() throws {
        let r = Province.sample().reporter()
        let s = try r.series(from: Day(iso: "2014-12-31")!, to: Day(iso: "2017-12-31")!, every: .year, unit: "G-3")
        #expect(s.points.map(\.total) == [2, 2, 0, 0])
        #expect(s.points.map(\.grassroots) == [1, 1, 0, 0])
        #expect(try r.snapshot(at: Day(iso: "2015-12-31")!, unit: "G-3").total == 2)
        #expect(throws: ReportError.self) { try r.series(from: Day(iso: "2014-12-31")!, to: Day(iso: "2015-12-31")!, every: .year, unit: "NOPE") }
    }

    @Test func jsonHasTheAgreedShape() throws {
        let r = Province.sample().reporter()
        let s = try r.series(from: Day(iso: "2010-12-31")!, to: Day(iso: "2012-12-31")!, every: .year, unit: nil)
        let json = try JSONParser.parse(ReportJSON.series(s).serialized())
        let text = ReportJSON.series(s).serialized(pretty: false)
        #expect(text.hasPrefix("{\"from\":\"2010-12-31\",\"to\":\"2012-12-31\",\"every\":\"year\",\"unit\":null,\"knownAt\":null,\"ledger\":{\"seq\":"))
        #expect(text.contains("\"points\":[{\"at\":\"2010-12-31\",\"members\":{\"total\":6,\"full\":5,\"probationary\":1},\"grassroots\":3}"))
        guard case .object(let o) = json else { Issue.record("not an object"); return }
        #expect(o.entries.map(\.key) == ["from", "to", "every", "unit", "knownAt", "ledger", "points"])
    }

    @Test func tableAndCSVListEveryPoint() throws {
        let r = Province.sample().reporter()
        let s = try r.series(from: Day(iso: "2010-12-31")!, to: Day(iso: "2011-12-31")!, every: .quarter, unit: nil)
        let table = Render.series(s, format: .table, language: .vi)
        #expect(table.contains("31/03/2011"))
        #expect(table.contains("Diễn biến số lượng đảng viên"))
        let csv = CSVReader.parse(Render.series(s, format: .csv, language: .en))
        let points = csv.filter { $0.first == "points" }
        #expect(points.map { $0[1] } == ["2010-12-31", "2011-03-31", "2011-06-30", "2011-09-30", "2011-12-31"])
        let header = csv[0]
        let total = try #require(header.firstIndex(of: "total"))
        #expect(points.map { $0[total] } == s.points.map { String($0.total) })
    }
}
