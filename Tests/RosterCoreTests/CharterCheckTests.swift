import Testing
@testable import RosterCore

/// A timeline from JSON lines (seq = line order).
func checkTimeline(_ lines: [String]) throws -> Timeline {
    var table = FactTable()
    var ids: [String: Int64] = [:]
    for (i, text) in lines.enumerated() {
        let d = try EventDecoder.decode(try JSONParser.parse(text))
        var target: Int64 = -1
        if case .eventRetracted(let t, _) = d.event.body { target = ids[t] ?? -1 }
        ids[d.event.id] = Int64(i + 1)
        table.append(d.event, seq: Int64(i + 1), retractedSeq: target)
    }
    let timeline = Timeline(table: table)
    var state = LedgerState()
    try timeline.replay(state: &state)
    return timeline
}

func person(_ name: String, _ born: String) -> String {
    #""person":{"name":"\#(name)","birthDate":"\#(born)","gender":"male"}"#
}

func registered(_ m: String, _ unit: String, status: String = "full", born: String = "1970-01-01", admitted: String? = nil, decision: Bool = false) -> String {
    line("r-\(m)", "member.registered", "2010-01-01",
         #""member":"\#(m)","unit":"\#(unit)","status":"\#(status)",\#(person(m, born))"#
         + (admitted.map { #","admitted":"\#($0)""# } ?? "") + (decision ? #","decision":"1-QĐ""# : ""))
}

@Suite struct CharterCheckTests {
    static let units = [
        line("u1", "unit.established", "2010-01-01", #""unit":"D","name":"District","kind":"committee""#),
        line("u2", "unit.established", "2010-01-01", #""unit":"G","name":"Commune","kind":"grassroots-committee","parent":"D""#),
        line("u3", "unit.established", "2010-01-01", #""unit":"C1","name":"Cell 1","kind":"cell","parent":"G""#),
        line("u4", "unit.established", "2010-01-01", #""unit":"C2","name":"Cell 2","kind":"cell","parent":"G""#),
        line("u5", "unit.established", "2010-01-01", #""unit":"GC","name":"School","kind":"grassroots-cell","parent":"D""#),
    ]

    func warnings(_ lines: [String], at day: String, unit: String? = nil) throws -> [CharterWarning] {
        let report = try CharterCheck.run(timeline: try checkTimeline(Self.units + lines), at: Day(iso: day)!, unit: unit,
                                          provenance: Provenance(ledger: LedgerHead(seq: 0, hash: .zero), knownAt: nil))
        return report.warnings
    }

    /// C1 with three full members, GC with three: nothing to say.
    static let healthy = ["a", "b", "c"].map { registered("C1-\($0)", "C1") } + ["a", "b", "c"].map { registered("GC-\($0)", "GC") }
        + ["a", "b", "c"].map { registered("C2-\($0)", "C2") }

    @Test func excellentMembersOverAFifthOfTheGoodOnesAreWarnedPerGrassrootsOrganisation() throws {
        func rated(_ m: String, _ rating: String, _ n: Int) -> String {
            line("rt-\(m)-\(n)", "member.rated", "2020-12-20", #""member":"\#(m)","year":2020,"rating":"\#(rating)""#)
        }
        // G: 1 excellent against 5 good is at the cap; GC: 2 excellent against 5 good is over it.
        let g = ["a", "b", "c"].map { rated("C1-\($0)", "good", 0) } + ["a", "b"].map { rated("C2-\($0)", "good", 0) } + [rated("C2-c", "excellent", 0)]
        let gc = ["a", "b"].map { rated("GC-\($0)", "excellent", 0) }
        let extra = ["d", "e", "f", "g", "h"].map { registered("GC-\($0)", "GC") } + ["d", "e", "f", "g", "h"].map { rated("GC-\($0)", "good", 0) }
        let w = try warnings(Self.healthy + extra + g + gc, at: "2021-01-31")
        #expect(w.filter { $0.code == .excellentOverQuota }.map(\.subject) == ["GC"])
        // A later rating of the year replaces the earlier one: GC back at the cap.
        let w2 = try warnings(Self.healthy + extra + g + gc + [rated("GC-a", "good", 1)], at: "2021-01-31")
        #expect(w2.filter { $0.code == .excellentOverQuota }.isEmpty)
    }

    @Test func aHealthyOrganisationHasNoWarnings() throws {
        #expect(try warnings(Self.healthy, at: "2010-06-01").isEmpty)
    }

    @Test func aCellWithFewerThanThreeFullMembers() throws {
        let lines = Self.healthy + [line("x", "member.died", "2011-01-01", #""member":"C1-a""#),
                                    registered("C1-p", "C1", status: "probationary", admitted: "2010-01-01")]
        let w = try warnings(lines, at: "2011-01-01")
        #expect(w.map(\.message) == ["cell C1 has 2 full members (3 in all); a cell needs at least 3 full members"])
        #expect(w.first?.code == .cellTooSmall)
        #expect(w.first?.unit == "C1")
        // Before the death, C1 had three full members.
        #expect(try warnings(lines, at: "2010-12-31").isEmpty)
    }

    @Test func anEmptyCellIsReportedOnceAsEmpty() throws {
        let lines = Self.healthy.filter { !$0.contains("C2-") }
        let w = try warnings(lines, at: "2010-06-01")
        #expect(w.map(\.code) == [.emptyUnit])
        #expect(w.map(\.message) == ["cell C2 has no members"])
    }

    @Test func aGrassrootsCellOfThirtyShouldBecomeACommittee() throws {
        let thirty = (1...30).map { registered("S\($0)", "GC") }
        let lines = Self.healthy.filter { !$0.contains("GC-") } + thirty
        let w = try warnings(lines, at: "2010-06-01")
        #expect(w.map(\.message) == ["grassroots-cell GC has 30 members; from 30 it should become a grassroots committee"])
        // 29 is fine.
        #expect(try warnings(Self.healthy.filter { !$0.contains("GC-") } + thirty.dropLast(), at: "2010-06-01").isEmpty)
    }

    @Test func aProbationerPastTwelveMonths() throws {
        let lines = Self.healthy + [line("adm", "member.admitted", "2010-03-01", #""member":"P1","unit":"C1",\#(person("P1", "1990-01-01"))"#)]
        #expect(try warnings(lines, at: "2011-03-01").isEmpty)   // exactly 12 months: due today, not overdue
        let w = try warnings(lines, at: "2011-03-02")
        #expect(w.map(\.message) == ["probationer P1 (C1): probation began 2010-03-01, 12 months ended 2011-03-01; not confirmed nor struck off"])
        #expect(w.first?.code == .probationOverdue)
        // Confirmed: no warning.
        let confirmed = lines + [line("conf", "member.confirmed", "2011-03-01", #""member":"P1""#)]
        #expect(try warnings(confirmed, at: "2012-01-01").isEmpty)
        // Struck off: no warning either.
        let struck = lines + [line("so", "member.struck-off", "2011-04-01", #""member":"P1","reason":"probation-not-confirmed""#)]
        #expect(try warnings(struck, at: "2012-01-01").isEmpty)
    }

    @Test func admittedOverSixtyWithoutADecision() throws {
        let lines = Self.healthy + [
            registered("OLD", "C2", born: "1940-01-01", admitted: "2005-06-01"),
            registered("OLDOK", "C2", born: "1940-01-01", admitted: "2005-06-01", decision: true),
            registered("YOUNG", "C2", born: "1960-01-01", admitted: "2005-06-01"),
        ]
        let w = try warnings(lines, at: "2010-06-01")
        #expect(w.map(\.message) == ["member OLD (C2) was admitted on 2005-06-01 aged 65 (member.registered) without a decision number"])
        #expect(w.first?.code == .admittedOver60WithoutDecision)
        #expect(w.first?.subjectKind == "member")
    }

    @Test func readmissionOverSixtyWithoutADecision() throws {
        let lines = Self.healthy + [
            registered("R", "C1", born: "1945-01-01"),
            line("out", "member.resigned", "2010-02-01", #""member":"R""#),
            line("back", "member.readmitted", "2014-01-01", #""member":"R","unit":"C1""#),
            line("conf", "member.confirmed", "2015-01-01", #""member":"R""#),
        ]
        let w = try warnings(lines, at: "2015-06-01")
        #expect(w.map(\.message) == ["member R (C1) was admitted on 2014-01-01 aged 69 (member.readmitted) without a decision number"])
    }

    @Test func scopeLimitsTheWarningsToTheSubtree() throws {
        let lines = Self.healthy.filter { !$0.contains("C2-") && !$0.contains("GC-") }
        #expect(try warnings(lines, at: "2010-06-01").map(\.unit) == ["C2", "GC"])
        #expect(try warnings(lines, at: "2010-06-01", unit: "G").map(\.unit) == ["C2"])
        #expect(try warnings(lines, at: "2010-06-01", unit: "C1").isEmpty)
    }

    @Test func scopeErrors() {
        let unknown = #expect(throws: ReportError.self) { _ = try warnings([], at: "2010-06-01", unit: "NOPE") }
        #expect(unknown?.message == "unit NOPE does not exist in the ledger")
        let inactive = #expect(throws: ReportError.self) { _ = try warnings([], at: "2009-06-01", unit: "G") }
        #expect(inactive?.message == "unit G is not active on 2009-06-01")
    }

    @Test func mergedCellsCountTheirMembersInTheSurvivor() throws {
        let lines = [registered("A1", "C1"), registered("A2", "C1"), registered("B1", "C2")]
            + ["a", "b", "c"].map { registered("GC-\($0)", "GC") }
            + [line("m", "unit.merged", "2012-01-01", #""units":["C2"],"into":"C1""#)]
        #expect(try warnings(lines, at: "2011-01-01").map(\.unit) == ["C1", "C2"])
        #expect(try warnings(lines, at: "2012-01-01").isEmpty)
    }
}
