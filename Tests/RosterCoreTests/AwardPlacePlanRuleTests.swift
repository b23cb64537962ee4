import Testing
@testable import RosterCore

/// The rules of `member.awarded`, `place.registered`, `place.closed`,
/// `plan.adopted` and of `place` on unit events, on top of `RuleTests`'
/// small organisation (`base`), with their exact messages.
@Suite struct AwardPlacePlanRuleTests {
    /// V (admitted 1985-03-10, registered 2010-01-01 in C2), and W (struck off
    /// 2011-01-01, readmitted 2014-01-01: a gap of 1,096 days; admitted 1985-03-10).
    static let veterans: [String] = [
        line("v", "member.registered", "2010-01-01", #""member":"V","unit":"C2","status":"full","admitted":"1985-03-10","person":{"name":"V","birthDate":"1960-01-01","gender":"male"}"#),
        line("w", "member.registered", "2010-01-01", #""member":"W","unit":"C2","status":"full","admitted":"1985-03-10","person":{"name":"W","birthDate":"1960-01-01","gender":"male"}"#),
        line("w1", "member.struck-off", "2011-01-01", #""member":"W","reason":"abandoned-activities""#),
        line("w2", "member.readmitted", "2014-01-01", #""member":"W","unit":"C2""#),
    ]

    static func award(_ id: String, _ member: String, _ badge: Int, _ day: String) -> String {
        line(id, "member.awarded", day, #""member":"\#(member)","badge":\#(badge)"#)
    }

    static let places: [String] = [
        line("p1", "place.registered", "2010-06-01", #""place":"V1","name":"Thôn 1","kind":"village","unit":"G""#),
        line("p2", "place.registered", "2010-06-01", #""place":"V2","name":"Thôn 2","kind":"village","unit":"G""#),
        line("c3", "unit.established", "2011-01-01", #""unit":"C3","name":"Cell 3","kind":"cell","parent":"G","place":"V1""#),
    ]

    static let cases: [(String, [String], String?)] = [
        // member.awarded
        ("award with an unknown admission date (not checked)", [award("a", "M1", 30, "2011-01-01")], nil),
        ("award on time", veterans + [award("a", "V", 30, "2015-03-10")], nil),
        ("award early, within 24 months", veterans + [award("a", "V", 30, "2013-03-10")], nil),
        ("award too early", veterans + [award("a", "V", 30, "2013-03-09")],
         "member.awarded V: admitted 1985-03-10, reaches 30 years of party age on 2015-03-10; the badge can be awarded from 24 months before (earliest 2013-03-10)"),
        ("a gap delays the badge", veterans + [award("a", "W", 30, "2016-03-09")],
         "member.awarded W: admitted 1985-03-10, reaches 30 years of party age on 2018-03-10; the badge can be awarded from 24 months before (earliest 2016-03-10)"),
        ("award after the gap, on time", veterans + [award("a", "W", 30, "2016-03-10")], nil),
        ("a badge that does not exist", [award("a", "M1", 35, "2011-01-01")],
         "member.awarded M1: 35 is not a party badge (badges are awarded at 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90 years)"),
        ("a badge held twice", [award("a", "M1", 30, "2011-01-01"), award("b", "M1", 30, "2012-01-01")],
         "member.awarded M1: M1 already holds the 30-year badge"),
        ("a badge held, awarded again after a gap", veterans + [award("a", "V", 30, "2016-01-01"),
                                                              line("x", "member.resigned", "2017-01-01", #""member":"V""#),
                                                              line("y", "member.readmitted", "2020-01-01", #""member":"V","unit":"C2""#),
                                                              award("b", "V", 30, "2021-01-01")],
         "member.awarded V: V already holds the 30-year badge"),
        ("award a former member", [line("x", "member.died", "2012-01-01", #""member":"M1""#), award("a", "M1", 30, "2013-01-01")],
         "member.awarded M1: M1 is not a current member on 2013-01-01 (left on 2012-01-01 by member.died)"),
        ("a retracted award is not held", [award("a", "M1", 30, "2011-01-01"),
                                           line("r", "event.retracted", "2011-02-01", #""target":"a","reason":"wrong member""#),
                                           award("b", "M1", 30, "2012-01-01")], nil),
        ("a transfer in gives the admission date", [line("x", "member.transferred-out", "2011-01-01", #""member":"M1""#),
                                                     line("y", "member.transferred-in", "2012-01-01", #""member":"M1","unit":"C2","status":"full","admitted":"2000-01-01","person":{"name":"A","birthDate":"1970-05-05","gender":"male"}"#),
                                                     award("a", "M1", 30, "2012-02-01")],
         "member.awarded M1: admitted 2000-01-01, reaches 30 years of party age on 2030-01-01; the badge can be awarded from 24 months before (earliest 2028-01-01)"),
        // place.registered / place.closed / place on unit events
        ("register places and organise a cell in one", places, nil),
        ("register a place twice", places + [line("x", "place.registered", "2012-01-01", #""place":"V1","name":"Again","kind":"school","unit":"G""#)],
         "place.registered V1: place V1 already exists"),
        ("register a place under a dissolved unit", [line("x", "unit.dissolved", "2012-01-01", #""unit":"C2""#),
                                                     line("y", "place.registered", "2012-02-01", #""place":"S1","name":"School","kind":"school","unit":"C2""#)],
         "place.registered S1: unit C2 is not active on 2012-02-01 (dissolved on 2012-01-01)"),
        ("register a place before its unit", [line("y", "place.registered", "2009-02-01", #""place":"S1","name":"School","kind":"school","unit":"G""#)],
         "place.registered S1: unit G does not exist on 2009-02-01"),
        ("a unit in a place that does not exist", [line("x", "unit.established", "2011-01-01", #""unit":"C4","name":"Cell 4","kind":"cell","parent":"G","place":"NOPE""#)],
         "unit.established C4: place NOPE does not exist on 2011-01-01"),
        ("a unit in a place registered later", places + [line("x", "unit.established", "2010-05-01", #""unit":"C4","name":"Cell 4","kind":"cell","parent":"G","place":"V2""#)],
         "unit.established C4: place V2 does not exist on 2010-05-01"),
        ("close a place a cell is organised in", places + [line("x", "place.closed", "2012-01-01", #""place":"V1""#)],
         "place.closed V1: C3 is still organised in it on 2012-01-01; a place closes only when no active unit is organised in it"),
        ("close a place whose cell was dissolved", places + [line("x", "unit.dissolved", "2011-06-01", #""unit":"C3""#),
                                                             line("y", "place.closed", "2012-01-01", #""place":"V1""#)], nil),
        ("close a place whose cell was merged away", places + [line("x", "unit.merged", "2011-06-01", #""units":["C3"],"into":"C2""#),
                                                               line("y", "place.closed", "2012-01-01", #""place":"V1""#)], nil),
        ("close a place whose cell was re-sited", places + [line("x", "unit.reclassified", "2011-06-01", #""unit":"C3","place":"V2""#),
                                                            line("y", "place.closed", "2012-01-01", #""place":"V1""#)], nil),
        ("close the place a cell was re-sited to", places + [line("x", "unit.reclassified", "2011-06-01", #""unit":"C3","place":"V2""#),
                                                             line("y", "place.closed", "2012-01-01", #""place":"V2""#)],
         "place.closed V2: C3 is still organised in it on 2012-01-01; a place closes only when no active unit is organised in it"),
        ("close an empty place", places + [line("x", "place.closed", "2012-01-01", #""place":"V2""#)], nil),
        ("close a place twice", places + [line("x", "place.closed", "2012-01-01", #""place":"V2""#), line("y", "place.closed", "2013-01-01", #""place":"V2""#)],
         "place.closed V2: place V2 is already closed (on 2012-01-01)"),
        ("close a place that does not exist", [line("x", "place.closed", "2012-01-01", #""place":"V9""#)],
         "place.closed V9: place V9 does not exist on 2012-01-01"),
        ("a unit in a closed place", places + [line("x", "place.closed", "2012-01-01", #""place":"V2""#),
                                               line("y", "unit.established", "2013-01-01", #""unit":"C4","name":"Cell 4","kind":"cell","parent":"G","place":"V2""#)],
         "unit.established C4: place V2 is closed (on 2012-01-01)"),
        ("re-site a cell to a closed place", places + [line("x", "place.closed", "2012-01-01", #""place":"V2""#),
                                                       line("y", "unit.reclassified", "2013-01-01", #""unit":"C3","place":"V2""#)],
         "unit.reclassified C3: place V2 is closed (on 2012-01-01)"),
        ("a closure dated before the cell that needs the place (late event)", places + [line("x", "place.closed", "2010-12-01", #""place":"V1""#)],
         "unit.established C3: place V1 is closed (on 2010-12-01)"),
        ("retract a registration a unit depends on", places + [line("r", "event.retracted", "2012-01-01", #""target":"p1","reason":"duplicate""#)],
         "unit.established C3: place V1 does not exist on 2011-01-01"),
        ("retract a closure, then organise a cell in the place", places + [line("x", "place.closed", "2012-01-01", #""place":"V2""#),
                                                                           line("r", "event.retracted", "2012-02-01", #""target":"x","reason":"not closed""#),
                                                                           line("y", "unit.established", "2013-01-01", #""unit":"C4","name":"Cell 4","kind":"cell","parent":"G","place":"V2""#)], nil),
        // plan.adopted
        ("adopt a plan", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015,"targets":[{"indicator":"admissions","min":"10"},{"indicator":"places-with-cell:village","min":"90","max":"100"}]"#)], nil),
        ("adopt a plan id twice", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015,"targets":[{"indicator":"admissions","min":"10"}]"#),
                                   line("y", "plan.adopted", "2013-01-01", #""plan":"NQ","unit":"D","name":"Plan","from":2013,"to":2015,"targets":[{"indicator":"members","min":"10"}]"#)],
         "plan.adopted NQ: plan NQ already exists"),
        ("adopt a plan for a dissolved unit", [line("x", "unit.dissolved", "2012-01-01", #""unit":"C2""#),
                                               line("y", "plan.adopted", "2013-01-01", #""plan":"NQ","unit":"C2","name":"Plan","from":2013,"to":2015,"targets":[{"indicator":"members","min":"10"}]"#)],
         "plan.adopted NQ: unit C2 is not active on 2013-01-01 (dissolved on 2012-01-01)"),
        ("a plan ending before it begins", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2015,"to":2012,"targets":[{"indicator":"admissions","min":"10"}]"#)],
         "plan.adopted NQ: from 2015 is after to 2012"),
        ("an indicator outside the catalogue", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015,"targets":[{"indicator":"admissions","min":"10"},{"indicator":"places-with-cell:castle","min":"10"}]"#)],
         "plan.adopted NQ: targets[1]: unknown indicator \"places-with-cell:castle\" (the catalogue: admissions, members, members-growth, grassroots-good-or-better, grassroots-excellent, grassroots-weak, members-good-or-better, members-excellent, members-unsatisfactory, places-with-cell:KIND, places-with-members:KIND (KIND: village, school, health-station, agency, enterprise, other))"),
        ("a target without bounds", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015,"targets":[{"indicator":"members-growth"}]"#)],
         "plan.adopted NQ: targets[0] (members-growth) gives neither min nor max"),
        ("min above max", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015,"targets":[{"indicator":"grassroots-weak","min":"5.5","max":"5.25"}]"#)],
         "plan.adopted NQ: targets[0] (grassroots-weak): min 5.5 is greater than max 5.25"),
        ("min equal to max", [line("x", "plan.adopted", "2012-01-01", #""plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2012,"targets":[{"indicator":"grassroots-weak","min":"5.50","max":"5.5"}]"#)], nil),
    ]

    @Test(arguments: cases.indices)
    func rule(_ i: Int) throws {
        let (what, extra, expected) = Self.cases[i]
        let got = try violation(base + extra)
        #expect(got == expected, "\(what)")
    }

    static func state(_ lines: [String], at day: String) throws -> (LedgerState, FactTable) {
        var table = FactTable()
        for (i, l) in lines.enumerated() {
            table.append(try EventDecoder.decode(try JSONParser.parse(l)).event, seq: Int64(i + 1))
        }
        return (try Timeline(table: table).state(at: Day(iso: day)!), table)
    }

    @Test func aPlaceFollowsItsUnit() throws {
        let history = base + Self.places + [
            line("s", "place.registered", "2010-06-01", #""place":"S1","name":"School","kind":"school","unit":"C2""#),
            line("m", "unit.merged", "2012-01-01", #""units":["C2"],"into":"C1""#),
            line("d", "place.registered", "2010-06-01", #""place":"H1","name":"Health station","kind":"health-station","unit":"GC""#),
            line("t", "member.transferred", "2012-06-01", #""member":"M3","unit":"C1""#),
            line("x", "unit.dissolved", "2013-01-01", #""unit":"GC""#),
            line("y", "unit.moved", "2014-01-01", #""unit":"C1","parent":"P""#),
        ]
        let (before, table) = try Self.state(history, at: "2011-12-31")
        func unit(_ state: LedgerState, _ place: String) -> String {
            let u = state.placeUnit(table.names.places.index(of: place)!)
            return u < 0 ? "-" : table.names.units[u]
        }
        #expect(unit(before, "S1") == "C2")
        #expect(unit(before, "H1") == "GC")
        let merged = try Timeline(table: table).state(at: Day(iso: "2012-12-31")!)
        #expect(unit(merged, "S1") == "C1")      // into the survivor of the merger
        let dissolved = try Timeline(table: table).state(at: Day(iso: "2013-12-31")!)
        #expect(unit(dissolved, "H1") == "D")    // to the dissolved unit's parent
        let moved = try Timeline(table: table).state(at: Day(iso: "2014-12-31")!)
        #expect(unit(moved, "S1") == "C1")       // with a move it stays with its unit
        #expect(moved.isWithin(moved.placeUnit(table.names.places.index(of: "S1")!), table.names.units.index(of: "P")!))
        #expect(!moved.isWithin(moved.placeUnit(table.names.places.index(of: "S1")!), table.names.units.index(of: "G")!))
        // C3 is still organised in V1, and V1 is a village.
        #expect(moved.places[Int(table.names.places.index(of: "V1")!)].hosted == 1)
        #expect(moved.places[Int(table.names.places.index(of: "V1")!)].placeKind == .village)
    }

    @Test func theStateKnowsAdmissionGapsAndBadges() throws {
        let (s, table) = try Self.state(base + Self.veterans + [Self.award("a", "W", 30, "2016-03-10")], at: "2021-01-01")
        let w = table.names.members.index(of: "W")!
        let age = s.partyAge(of: w)
        #expect(age.admitted == Day(iso: "1985-03-10"))
        #expect(age.gaps == [PartyAge.Gap(from: Day(iso: "2011-01-01")!, to: Day(iso: "2014-01-01")!)])
        #expect(s.holdsBadge(w, years: 30))
        #expect(!s.holdsBadge(w, years: 40))
        let m1 = table.names.members.index(of: "M1")!
        #expect(s.partyAge(of: m1).admitted == nil)
        #expect(s.partyAge(of: table.names.members.index(of: "M2")!).admitted == Day(iso: "2020-03-01"))
    }
}

/// The arithmetic of party age on its own.
@Suite struct PartyAgeTests {
    func d(_ s: String) -> Day { Day(iso: s)! }

    @Test func reachWithoutGaps() {
        let a = PartyAge(admitted: d("1996-05-12"))
        #expect(a.reach(30) == d("2026-05-12"))
        #expect(a.years(on: d("2026-05-11")) == 29)
        #expect(a.years(on: d("2026-05-12")) == 30)
        #expect(a.years(on: d("1996-05-11")) == nil)
        #expect(a.years(on: d("1996-05-12")) == 0)
        #expect(a.earliestAward(30) == d("2024-05-12"))
    }

    @Test func leapDay() {
        let a = PartyAge(admitted: d("1992-02-29"))
        #expect(a.reach(30) == d("2022-02-28"))
        #expect(a.reach(32) == d("2024-02-29"))
    }

    @Test func gapsDelayOnlyWhenTheyBeginBeforeTheDay() {
        // A gap of 10 days before t, and one after t that does not count.
        let a = PartyAge(admitted: d("1990-01-01"), gaps: [PartyAge.Gap(from: d("2000-01-01"), to: d("2000-01-11")),
                                                           PartyAge.Gap(from: d("2025-01-01"), to: d("2026-01-01"))])
        #expect(a.reach(30) == d("2020-01-11"))
        #expect(a.years(on: d("2020-01-10")) == 29)
        #expect(a.years(on: d("2020-01-11")) == 30)
        // A gap that begins before the running t pushes it on, and can then bring the next one in.
        let b = PartyAge(admitted: d("1990-01-01"), gaps: [PartyAge.Gap(from: d("2019-06-01"), to: d("2020-06-01")),
                                                           PartyAge.Gap(from: d("2020-03-01"), to: d("2020-03-11"))])
        #expect(b.reach(30) == d("2021-01-11"))
    }

    @Test func unknownAdmission() {
        let a = PartyAge(admitted: nil)
        #expect(a.reach(30) == nil)
        #expect(a.years(on: d("2020-01-01")) == nil)
        #expect(a.earliestAward(30) == nil)
    }

    @Test func whichEventsOpenAndCloseGaps() {
        #expect(PartyAge.startsGap(.memberExpelled) && PartyAge.startsGap(.memberStruckOff) && PartyAge.startsGap(.memberResigned))
        #expect(!PartyAge.startsGap(.memberTransferredOut) && !PartyAge.startsGap(.memberDied))
        #expect(PartyAge.endsGap(.memberReadmitted) && PartyAge.endsGap(.memberTransferredIn))
    }
}

/// The format of the new types: what the decoder refuses before any rule.
@Suite struct NewEventFormatTests {
    func error(_ line: String) -> String? {
        do {
            _ = try EventDecoder.decode(try JSONParser.parse(line))
            return nil
        } catch let e as EventFormatError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    @Test func targetsAndDecimals() {
        let head = #""id":"x","type":"plan.adopted","effective":"2012-01-01","plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015"#
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"min\":\"1800\",\"max\":\"0.46\"}]}") == nil)
        #expect(error("{\(head),\"targets\":[]}") == "targets: expected at least one target, found an empty array")
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"min\":1800}]}") == "targets[0].min: expected a string, found the number 1800")
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"min\":\"1.234\"}]}")
                == #"targets[0].min: expected a decimal string (digits, optionally a point and one or two digits, like "1800" or "0.46"), found "1.234""#)
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"min\":\"-1\"}]}") != nil)
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"min\":\".5\"}]}") != nil)
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"min\":\"5.\"}]}") != nil)
        #expect(error("{\(head),\"targets\":[{\"indicator\":\"admissions\",\"minimum\":\"5\"}]}")
                == #"unknown field "targets[0].minimum" (a target has: indicator, min, max)"#)
        #expect(error("{\(head),\"targets\":[{\"min\":\"5\"}]}") == #"missing field "targets[0].indicator""#)
    }

    @Test func planNumbers() {
        #expect(PlanNumber("1800")?.hundredths == 180_000)
        #expect(PlanNumber("0.46")?.hundredths == 46)
        #expect(PlanNumber("97.5")?.hundredths == 9_750)
        #expect(PlanNumber("007")?.hundredths == 700)
        for bad in ["", ".", "1.", ".5", "1.234", "1e3", "+1", " 1", "1,5", "1234567890123456"] { #expect(PlanNumber(bad) == nil, "\(bad)") }
    }

    @Test func placesBadgesAndUnits() {
        #expect(error(#"{"id":"x","type":"place.registered","effective":"2012-01-01","place":"V","name":"V","kind":"castle","unit":"G"}"#)
                == #"kind: expected one of village, school, health-station, agency, enterprise, other; found "castle""#)
        #expect(error(#"{"id":"x","type":"member.awarded","effective":"2012-01-01","member":"M","badge":"30"}"#)
                == #"badge: expected an integer, found the string "30""#)
        #expect(error(#"{"id":"x","type":"place.closed","effective":"2012-01-01","place":"V","unit":"G"}"#)
                == #"unknown field "unit" for place.closed (its fields: place)"#)
        #expect(error(#"{"id":"x","type":"unit.reclassified","effective":"2012-01-01","unit":"G"}"#)
                == #"unit.reclassified needs "kind", "category" or "place""#)
        #expect(error(#"{"id":"x","type":"unit.reclassified","effective":"2012-01-01","unit":"G","place":"V"}"#) == nil)
        #expect(error(#"{"id":"x","type":"unit.established","effective":"2012-01-01","unit":"C","name":"C","kind":"cell","parent":"G","place":"V"}"#) == nil)
    }
}
