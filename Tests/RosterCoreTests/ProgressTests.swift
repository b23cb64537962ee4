import Testing
@testable import RosterCore

/// `Reporter.places` and `Reporter.progress` on a small history: the
/// census of places, and targets compared exactly, before rounding.
@Suite struct ProgressTests {
    static let history: [String] = [
        line("u1", "unit.established", "2019-01-01", #""unit":"P","name":"Province","kind":"committee""#),
        line("u2", "unit.established", "2019-01-01", #""unit":"G","name":"Commune","kind":"grassroots-committee","parent":"P","category":"commune""#),
        line("p1", "place.registered", "2019-01-01", #""place":"V1","name":"Thôn 1","kind":"village","unit":"G""#),
        line("p2", "place.registered", "2019-01-01", #""place":"V2","name":"Thôn 2","kind":"village","unit":"G""#),
        line("p3", "place.registered", "2019-01-01", #""place":"V3","name":"Thôn 3","kind":"village","unit":"G""#),
        line("p4", "place.registered", "2019-01-01", #""place":"S1","name":"Trường","kind":"school","unit":"P""#),
        line("c1", "unit.established", "2019-02-01", #""unit":"C1","name":"Cell 1","kind":"cell","parent":"G","place":"V1""#),
        line("c2", "unit.established", "2019-02-01", #""unit":"C2","name":"Cell 2","kind":"cell","parent":"G","place":"V2""#),
        line("m1", "member.registered", "2019-03-01", #""member":"M1","unit":"C1","status":"full","person":{"name":"A","birthDate":"1970-01-01","gender":"male"}"#),
        line("m2", "member.registered", "2019-03-01", #""member":"M2","unit":"C1","status":"full","person":{"name":"B","birthDate":"1971-01-01","gender":"female"}"#),
        line("m3", "member.admitted", "2020-05-01", #""member":"M3","unit":"C1","person":{"name":"C","birthDate":"1990-01-01","gender":"female"}"#),
        line("n1", "plan.adopted", "2020-01-10", #""plan":"NQ","unit":"G","name":"Nghị quyết","from":2019,"to":2022,"targets":[{"indicator":"places-with-cell:village","min":"66.67"},{"indicator":"places-with-members:village","max":"33.34"},{"indicator":"places-with-cell:health-station","min":"1"},{"indicator":"admissions","min":"1","max":"1"},{"indicator":"members-growth","min":"50"},{"indicator":"grassroots-good-or-better","min":"90"}]"#),
        line("r1", "unit.rated", "2021-01-15", #""unit":"G","year":2020,"rating":"good""#),
        line("x1", "place.closed", "2021-06-01", #""place":"V3""#),
    ]

    static func reporter() throws -> Reporter {
        var table = FactTable()
        for (i, l) in history.enumerated() {
            table.append(try EventDecoder.decode(try JSONParser.parse(l)).event, seq: Int64(i + 1))
        }
        return Reporter(timeline: Timeline(table: table), provenance: Provenance(ledger: LedgerHead(seq: 0, hash: .zero), knownAt: nil))
    }

    @Test func theCensusOfPlaces() throws {
        let r = try Self.reporter().places(at: Day(iso: "2020-12-31")!, unit: nil)
        let v = r.counts(.village)
        #expect((v.open, v.withCell, v.withMembers, v.withoutCell, v.withoutMembers) == (3, 2, 1, 1, 2))
        #expect(r.counts(.school).open == 1 && r.counts(.school).withoutCell == 1)
        #expect(r.withoutCell.map(\.place) == ["S1", "V3"])
        #expect(r.withoutCell.map(\.unit) == ["P", "G"])
        #expect(r.withoutCell.map(\.name) == ["Trường", "Thôn 3"])
        // In G's scope the school (under P) is not counted.
        let g = try Self.reporter().places(at: Day(iso: "2020-12-31")!, unit: "G")
        #expect(g.counts(.school).open == 0 && g.withoutCell.map(\.place) == ["V3"])
        // After V3 closes.
        let later = try Self.reporter().places(at: Day(iso: "2021-12-31")!, unit: "G")
        #expect(later.counts(.village).open == 2 && later.withoutCell.isEmpty)
        // Before anything was registered.
        #expect(try Self.reporter().places(at: Day(iso: "2018-12-31")!, unit: nil).byKind.allSatisfy { $0 == PlaceCounts() })
    }

    @Test func targetsAreComparedBeforeRounding() throws {
        let p = try Self.reporter().progress(plan: "NQ", year: 2020, today: Day(iso: "2030-01-01")!)
        #expect(p.years.count == 1)
        let t = p.years[0].targets
        // 2 of 3 villages have a cell: 66.666…, printed 66.7, below 66.67.
        #expect(t[0].value == .percent(part: 2, whole: 3) && t[0].met == false)
        // 1 of 3 with members: 33.333… ≤ 33.34.
        #expect(t[1].value == .percent(part: 1, whole: 3) && t[1].met == true)
        // No health station: unknown.
        #expect(t[2].value == nil && t[2].met == nil)
        // One admission in 2020, within 1…1.
        #expect(t[3].value == .count(1) && t[3].met == true)
        // From 2 members to 3: +50 %, exactly the minimum.
        #expect(t[4].value == .percent(part: 1, whole: 2) && t[4].met == true)
        // G rated good for 2020 (in January 2021): 100 % of 1 rated.
        #expect(t[5].value == .percent(part: 1, whole: 1) && t[5].met == true)
        #expect((p.years[0].met, p.years[0].notMet, p.years[0].unknown) == (4, 1, 1))
    }

    @Test func theWholePlan() throws {
        let p = try Self.reporter().progress(plan: "NQ", year: nil, today: Day(iso: "2021-07-01")!)
        #expect(p.years.map(\.year) == [2019, 2020, 2021, 2022])
        #expect(p.years.map(\.status) == [.evaluated, .evaluated, .evaluated, .toCome])
        // 2019: no base for growth (G empty at the end of 2018: not yet established), nothing rated.
        #expect(p.years[0].targets[4].value == nil)
        #expect(p.years[0].targets[5].value == nil)
        // The same numbers as the one-year report.
        #expect(p.years[1] == (try Self.reporter().progress(plan: "NQ", year: 2020, today: Day(iso: "2021-07-01")!)).years[0])
    }

    /// A place whose units are all gone (the root dissolved) is still open
    /// in the whole ledger, and in no unit's scope.
    @Test func aPlaceOutlivingItsRoot() throws {
        var table = FactTable()
        let lines = [
            line("u1", "unit.established", "2019-01-01", #""unit":"R","name":"Root","kind":"committee""#),
            line("p1", "place.registered", "2019-01-01", #""place":"X","name":"Xóm","kind":"other","unit":"R""#),
            line("d1", "unit.dissolved", "2020-01-01", #""unit":"R""#),
        ]
        for (i, l) in lines.enumerated() { table.append(try EventDecoder.decode(try JSONParser.parse(l)).event, seq: Int64(i + 1)) }
        let r = Reporter(timeline: Timeline(table: table), provenance: Provenance(ledger: LedgerHead(seq: 0, hash: .zero), knownAt: nil))
        let places = try r.places(at: Day(iso: "2020-06-30")!, unit: nil)
        #expect(places.counts(.other).open == 1)
        #expect(places.withoutCell.map(\.unit) == ["R"])
    }

    @Test func refusals() throws {
        let r = try Self.reporter()
        #expect(throws: ReportError.self) { try r.progress(plan: "NQ", year: 2023, today: Day(iso: "2030-01-01")!) }
        #expect(throws: ReportError.self) { try r.progress(plan: "NQ", year: 2018, today: Day(iso: "2030-01-01")!) }
        #expect(throws: ReportError.self) { try r.progress(plan: "XX", year: 2020, today: Day(iso: "2030-01-01")!) }
        #expect(throws: ReportError.self) { try r.places(at: Day(iso: "2018-01-01")!, unit: "G") }
    }
}
