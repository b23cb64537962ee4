import Testing
@testable import RosterCore

/// Builds a timeline from JSON lines (seq = line order) and replays it with
/// every rule; returns the violation's message, or nil when valid.
func violation(_ lines: [String]) throws -> String? {
    var table = FactTable()
    var ids: [String: Int64] = [:]
    for (i, line) in lines.enumerated() {
        let d = try EventDecoder.decode(try JSONParser.parse(line))
        var target: Int64 = -1
        if case .eventRetracted(let t, _) = d.event.body { target = ids[t] ?? -1 }
        ids[d.event.id] = Int64(i + 1)
        table.append(d.event, seq: Int64(i + 1), retractedSeq: target)
    }
    var state = LedgerState()
    do {
        try Timeline(table: table).replay(state: &state)
        return nil
    } catch {
        return error.message
    }
}

/// A small organisation: a province, a district, a grassroots committee with
/// two cells, a grassroots cell; members M1 (full, in C1), M2 (probationary
/// since 2020-03-01, in C1), M3 (full, in GC).
let base: [String] = [
    #"{"id":"u1","type":"unit.established","effective":"2010-01-01","unit":"P","name":"Province","kind":"committee"}"#,
    #"{"id":"u2","type":"unit.established","effective":"2010-01-01","unit":"D","name":"District","kind":"committee","parent":"P"}"#,
    #"{"id":"u3","type":"unit.established","effective":"2010-01-01","unit":"G","name":"Grassroots","kind":"grassroots-committee","parent":"D","category":"commune"}"#,
    #"{"id":"u4","type":"unit.established","effective":"2010-01-01","unit":"C1","name":"Cell 1","kind":"cell","parent":"G"}"#,
    #"{"id":"u5","type":"unit.established","effective":"2010-01-01","unit":"C2","name":"Cell 2","kind":"cell","parent":"G"}"#,
    #"{"id":"u6","type":"unit.established","effective":"2010-01-01","unit":"GC","name":"Grassroots cell","kind":"grassroots-cell","parent":"D","category":"school"}"#,
    #"{"id":"m1","type":"member.registered","effective":"2010-01-01","member":"M1","unit":"C1","status":"full","person":{"name":"A","birthDate":"1970-05-05","gender":"male"}}"#,
    #"{"id":"m2","type":"member.admitted","effective":"2020-03-01","member":"M2","unit":"C1","person":{"name":"B","birthDate":"1995-01-01","gender":"female"}}"#,
    #"{"id":"m3","type":"member.registered","effective":"2010-01-01","member":"M3","unit":"GC","status":"full","person":{"name":"C","birthDate":"1980-01-01","gender":"female"}}"#,
]

func line(_ id: String, _ type: String, _ effective: String, _ fields: String) -> String {
    #"{"id":"\#(id)","type":"\#(type)","effective":"\#(effective)",\#(fields)}"#
}

@Suite struct RuleTests {
    @Test func theBaseHistoryIsValid() throws {
        #expect(try violation(base) == nil)
    }

    /// (what, extra lines, the exact message or nil when valid)
    static let cases: [(String, [String], String?)] = [
        // unit.established
        ("establish under an active parent", [line("x", "unit.established", "2011-01-01", #""unit":"C3","name":"Cell 3","kind":"cell","parent":"G""#)], nil),
        ("establish an existing id", [line("x", "unit.established", "2011-01-01", #""unit":"C1","name":"Again","kind":"cell","parent":"G""#)],
         "unit.established C1: unit C1 already exists"),
        ("establish under a missing parent", [line("x", "unit.established", "2011-01-01", #""unit":"C3","name":"X","kind":"cell","parent":"NOPE""#)],
         "unit.established C3: parent NOPE does not exist on 2011-01-01"),
        ("establish before the parent", [line("x", "unit.established", "2009-01-01", #""unit":"C3","name":"X","kind":"cell","parent":"G""#)],
         "unit.established C3: parent G does not exist on 2009-01-01"),
        // unit.renamed / rated
        ("rename a unit", [line("x", "unit.renamed", "2012-01-01", #""unit":"G","name":"New""#)], nil),
        ("rename a dissolved unit", [line("x", "unit.dissolved", "2012-01-01", #""unit":"C2""#), line("y", "unit.renamed", "2012-02-01", #""unit":"C2","name":"N""#)],
         "unit.renamed C2: unit C2 is not active on 2012-02-01 (dissolved on 2012-01-01)"),
        ("rate a unit", [line("x", "unit.rated", "2012-12-01", #""unit":"G","year":2012,"rating":"good""#)], nil),
        // unit.reclassified
        ("upgrade a grassroots cell", [line("x", "unit.reclassified", "2012-01-01", #""unit":"GC","kind":"grassroots-committee""#)],
         "unit.reclassified GC: GC holds 1 members on 2012-01-01, so it must stay a cell kind (grassroots-cell or cell), not grassroots-committee"),
        ("upgrade an empty grassroots cell", [line("t", "member.transferred", "2011-01-01", #""member":"M3","unit":"C2""#),
                                             line("x", "unit.reclassified", "2012-01-01", #""unit":"GC","kind":"grassroots-committee""#)], nil),
        // unit.moved
        ("move a unit", [line("x", "unit.moved", "2012-01-01", #""unit":"GC","parent":"P""#)], nil),
        ("move a unit under itself", [line("x", "unit.moved", "2012-01-01", #""unit":"D","parent":"C1""#)],
         "unit.moved D: C1 lies within D on 2012-01-01; a unit may not become its own ancestor"),
        // unit.merged
        ("merge cells into a cell", [line("x", "unit.merged", "2012-01-01", #""units":["C2"],"into":"C1""#)], nil),
        ("merge cells holding members into a committee", [line("x", "unit.merged", "2012-01-01", #""units":["C1"],"into":"D""#)],
         "unit.merged C1 into D: C1 hold members on 2012-01-01, so the target must be a cell (grassroots-cell or cell), not a committee"),
        ("merge into its own subtree", [line("x", "unit.merged", "2012-01-01", #""units":["G"],"into":"C1""#)],
         "unit.merged G into C1: C1 lies within G on 2012-01-01; a unit may not be merged into its own subtree"),
        ("merged members follow", [line("x", "unit.merged", "2012-01-01", #""units":["C1"],"into":"C2""#),
                                   line("y", "member.transferred", "2013-01-01", #""member":"M1","unit":"C2""#)],
         "member.transferred M1: M1 is already in C2 on 2013-01-01; a transfer needs another cell"),
        // unit.dissolved
        ("dissolve a unit with members", [line("x", "unit.dissolved", "2012-01-01", #""unit":"C1""#)],
         "unit.dissolved C1: C1 still has 1 members on 2012-01-01; only an empty unit can be dissolved"),
        ("dissolve a unit with sub-units", [line("x", "unit.dissolved", "2012-01-01", #""unit":"D""#)],
         "unit.dissolved D: D still has active sub-units on 2012-01-01: G, GC"),
        ("a dissolution dated before a later join is refused at the join", [line("x", "unit.dissolved", "2012-01-01", #""unit":"C2""#),
                                   line("y", "member.transferred", "2013-01-01", #""member":"M1","unit":"C2""#)],
         "member.transferred M1: target C2 is not active on 2013-01-01 (dissolved on 2012-01-01)"),
        // member.admitted
        ("admit at 18", [line("x", "member.admitted", "2012-06-01", #""member":"N","unit":"C1","person":{"name":"N","birthDate":"1994-06-01","gender":"male"}"#)], nil),
        ("admit at 17", [line("x", "member.admitted", "2012-05-31", #""member":"N","unit":"C1","person":{"name":"N","birthDate":"1994-06-01","gender":"male"}"#)],
         "member.admitted N: aged 17 on 2012-05-31 (born 1994-06-01); admission needs age 18 to 60"),
        ("admit at 61 without a decision", [line("x", "member.admitted", "2012-01-01", #""member":"N","unit":"C1","person":{"name":"N","birthDate":"1950-01-01","gender":"male"}"#)],
         "member.admitted N: aged 62 on 2012-01-01 (born 1950-01-01); admission over 60 needs the approving decision in \"decision\""),
        ("admit at 61 with a decision", [line("x", "member.admitted", "2012-01-01", #""member":"N","unit":"C1","decision":"12-QĐ/TU","person":{"name":"N","birthDate":"1950-01-01","gender":"male"}"#)], nil),
        ("admit an existing id", [line("x", "member.admitted", "2012-01-01", #""member":"M1","unit":"C1","person":{"name":"N","birthDate":"1980-01-01","gender":"male"}"#)],
         "member.admitted M1: member id M1 already exists; a returning member is member.readmitted or member.transferred-in"),
        ("admit into a committee", [line("x", "member.admitted", "2012-01-01", #""member":"N","unit":"G","person":{"name":"N","birthDate":"1980-01-01","gender":"male"}"#)],
         "member.admitted N: unit G is a grassroots-committee; members belong to a cell (grassroots-cell or cell)"),
        // member.confirmed
        ("confirm after 12 months", [line("x", "member.confirmed", "2021-03-01", #""member":"M2""#)], nil),
        ("confirm too early", [line("x", "member.confirmed", "2021-02-28", #""member":"M2""#)],
         "member.confirmed M2: probation began 2020-03-01; confirmation needs 12 months (earliest 2021-03-01)"),
        ("confirm a full member", [line("x", "member.confirmed", "2021-03-01", #""member":"M1""#)],
         "member.confirmed M1: M1 is already a full member on 2021-03-01"),
        ("confirm before admission (late event)", [line("x", "member.confirmed", "2019-03-01", #""member":"M2""#)],
         "member.confirmed M2: M2 is not a member on 2019-03-01 (no admission, registration or transfer in before it)"),
        // member.transferred
        ("transfer", [line("x", "member.transferred", "2012-01-01", #""member":"M1","unit":"C2""#)], nil),
        ("transfer dated before the admission", [line("x", "member.transferred", "2019-01-01", #""member":"M2","unit":"C2""#)],
         "member.transferred M2: M2 is not a member on 2019-01-01 (no admission, registration or transfer in before it)"),
        ("transfer to a committee", [line("x", "member.transferred", "2012-01-01", #""member":"M1","unit":"D""#)],
         "member.transferred M1: target D is a committee; members belong to a cell (grassroots-cell or cell)"),
        // removals
        ("expel a full member", [line("x", "member.expelled", "2012-01-01", #""member":"M1""#)], nil),
        ("expel a probationer", [line("x", "member.expelled", "2020-06-01", #""member":"M2""#)],
         "member.expelled M2: M2 is a probationary member on 2020-06-01; only a full member can be expelled (a probationer is struck off)"),
        ("strike off a probationer", [line("x", "member.struck-off", "2020-06-01", #""member":"M2","reason":"probation-not-confirmed""#)], nil),
        ("an event after death", [line("x", "member.died", "2012-01-01", #""member":"M1""#), line("y", "member.rated", "2012-12-01", #""member":"M1","year":2012,"rating":"good""#)],
         "member.rated M1: M1 is not a current member on 2012-12-01 (left on 2012-01-01 by member.died)"),
        ("remove twice", [line("x", "member.resigned", "2012-01-01", #""member":"M1""#), line("y", "member.transferred-out", "2012-02-01", #""member":"M1""#)],
         "member.transferred-out M1: M1 is not a current member on 2012-02-01 (left on 2012-01-01 by member.resigned)"),
        // member.readmitted
        ("readmit after 36 months", [line("x", "member.struck-off", "2012-01-01", #""member":"M1","reason":"abandoned-activities""#),
                                      line("y", "member.readmitted", "2015-01-01", #""member":"M1","unit":"C2""#)], nil),
        ("readmit too early", [line("x", "member.struck-off", "2012-01-01", #""member":"M1","reason":"abandoned-activities""#),
                                line("y", "member.readmitted", "2014-12-31", #""member":"M1","unit":"C2""#)],
         "member.readmitted M1: left on 2012-01-01; readmission needs 36 months (earliest 2015-01-01)"),
        ("readmit twice", [line("x", "member.struck-off", "2012-01-01", #""member":"M1","reason":"other""#),
                            line("y", "member.readmitted", "2015-01-01", #""member":"M1","unit":"C2""#),
                            line("z", "member.resigned", "2015-06-01", #""member":"M1""#),
                            line("w", "member.readmitted", "2019-01-01", #""member":"M1","unit":"C2""#)],
         "member.readmitted M1: M1 was already readmitted on 2015-01-01; readmission is allowed once"),
        ("readmit a current member", [line("y", "member.readmitted", "2015-01-01", #""member":"M1","unit":"C2""#)],
         "member.readmitted M1: M1 is a current member on 2015-01-01"),
        ("readmit a stranger", [line("y", "member.readmitted", "2015-01-01", #""member":"Z","unit":"C2""#)],
         "member.readmitted Z: Z was never a member; a new member is member.admitted"),
        // member.transferred-in
        ("transfer in a current member", [line("x", "member.transferred-in", "2012-01-01", #""member":"M1","unit":"C2","status":"full","person":{"name":"A","birthDate":"1970-05-05","gender":"male"}"#)],
         "member.transferred-in M1: M1 is already a current member on 2012-01-01 (in C1); a move inside the ledger is member.transferred"),
        ("transfer in after leaving", [line("x", "member.transferred-out", "2012-01-01", #""member":"M1""#),
                                        line("y", "member.transferred-in", "2013-01-01", #""member":"M1","unit":"C2","status":"full","person":{"name":"A","birthDate":"1970-05-05","gender":"male"}"#)], nil),
        ("a probationer transferred in keeps the probation start", [line("x", "member.transferred-in", "2012-01-01", #""member":"N","unit":"C2","status":"probationary","admitted":"2011-06-01","person":{"name":"N","birthDate":"1990-01-01","gender":"male"}"#),
                                        line("y", "member.confirmed", "2012-05-31", #""member":"N""#)],
         "member.confirmed N: probation began 2011-06-01; confirmation needs 12 months (earliest 2012-06-01)"),
        // discipline, exemption, update
        ("dismiss a probationer", [line("x", "member.disciplined", "2020-06-01", #""member":"M2","penalty":"dismissal""#)],
         "member.disciplined M2: M2 is a probationary member on 2020-06-01; only a full member can get the penalty dismissal"),
        ("warn a probationer", [line("x", "member.disciplined", "2020-06-01", #""member":"M2","penalty":"warning""#)], nil),
        ("exempt twice", [line("x", "member.exempted", "2012-01-01", #""member":"M1""#), line("y", "member.exempted", "2013-01-01", #""member":"M1""#)],
         "member.exempted M1: M1 is already exempted on 2013-01-01"),
        ("end an exemption that is not", [line("x", "member.exemption-ended", "2012-01-01", #""member":"M1""#)],
         "member.exemption-ended M1: M1 is not exempted on 2012-01-01"),
        ("removal ends an exemption", [line("x", "member.exempted", "2012-01-01", #""member":"M1""#), line("y", "member.struck-off", "2012-02-01", #""member":"M1","reason":"other""#),
                                       line("z", "member.transferred-in", "2013-01-01", #""member":"M1","unit":"C2","status":"full","person":{"name":"A","birthDate":"1970-05-05","gender":"male"}"#),
                                       line("w", "member.exemption-ended", "2013-02-01", #""member":"M1""#)],
         "member.exemption-ended M1: M1 is not exempted on 2013-02-01"),
        ("update a member", [line("x", "member.updated", "2012-01-01", #""member":"M1","education":"university""#)], nil),
        // retractions
        ("retract an admission later events depend on", [line("c", "member.confirmed", "2021-03-05", #""member":"M2""#),
                                                         line("r", "event.retracted", "2021-04-01", #""target":"m2","reason":"wrong""#)],
         "member.confirmed M2: M2 is not a member on 2021-03-05 (no admission, registration or transfer in before it)"),
        ("retract and correct in one batch", [line("r", "event.retracted", "2021-04-01", #""target":"m2","reason":"wrong cell""#),
                                              line("m2b", "member.admitted", "2020-03-01", #""member":"M2","unit":"C2","person":{"name":"B","birthDate":"1995-01-01","gender":"female"}"#)], nil),
    ]

    @Test(arguments: cases.indices)
    func rule(_ i: Int) throws {
        let (what, extra, expected) = Self.cases[i]
        let got = try violation(base + extra)
        #expect(got == expected, "\(what)")
    }
}
