import Foundation
import Testing
@testable import RosterCore
import RosterReports
import RosterStore
import RosterTestSupport

/// The officers' reports on random histories: the index and a replay give
/// the same rows; every `--where` key lists exactly the members the snapshot
/// or form 3 counts for it; form 1 balances and is the flows.
@Suite struct OfficersPropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2024]
    static let scopes: [String?] = [nil, "P", "D0", "D1", "D2", "D0G0", "D1G1", "D2GC"]

    /// Runs `body` with a reporter from the index cache and one that replays the timeline.
    func withReporters(seed: UInt64, _ body: (Reporter, Reporter) throws -> Void) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let dir = TestPaths.temporaryDirectory("officers-\(seed)")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(lines.joined(separator: "\n"), to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let indexed = try ledger.reporter(knownAt: nil, knownAtText: nil)
        #expect(indexed.index != nil, "the index cache answers")
        let replayed = try ledger.reporter(knownAt: nil, knownAtText: nil, useCache: false)
        #expect(replayed.index == nil)
        try body(indexed, replayed)
    }

    func days(_ rng: inout SplitMix64, _ n: Int) -> [Day] {
        (0..<n).map { _ in Day(iso: "2008-06-01")!.adding(days: Int.random(in: 0...3300, using: &rng)) }
    }

    @Test(arguments: seeds)
    func everyWhereKeyCountsWhatTheFormAndTheSnapshotCount(seed: UInt64) throws {
        try withReporters(seed: seed) { indexed, replayed in
            var rng = SplitMix64(seed: seed &+ 7)
            var partyAgesSeen = 0
            for day in days(&rng, 12) {
                let scope = Self.scopes.randomElement(using: &rng)!
                guard let snap = try? indexed.snapshot(at: day, unit: scope) else { continue }
                let form = try indexed.form3(at: day, unit: scope)
                #expect(form == (try replayed.form3(at: day, unit: scope)).with(provenance: form.provenance), "seed \(seed) \(day)")
                func count(_ filters: [String]) throws -> Int {
                    let a = try indexed.members(at: day, unit: scope, filters: filters)
                    let b = try replayed.members(at: day, unit: scope, filters: filters)
                    #expect(a.rows == b.rows, "seed \(seed) \(day) \(filters): index and replay list the same members")
                    return a.rows.count
                }
                let ctx = "seed \(seed) \(day) \(scope ?? "all")"
                #expect(try count([]) == snap.total, "\(ctx)")
                #expect(form.rows["total"] == snap.total, "\(ctx)")
                #expect(try count(["status=full"]) == snap.full, "\(ctx)")
                #expect(try count(["status=probationary"]) == snap.probationary, "\(ctx)")
                #expect(try count(["status=probationary"]) == form.rows["probationary"], "\(ctx)")
                #expect(try count(["status=exempted"]) == snap.exempted, "\(ctx)")
                for e in form.byAge.entries {
                    #expect(try count(["age-band=\(e.key)"]) == e.count, "\(ctx) age \(e.key)")
                    #expect(snap.byAge[e.key] == e.count, "\(ctx) age \(e.key)")
                }
                for (key, tally) in [("education", snap.byEducation), ("theory", snap.byTheory), ("gender", snap.byGender),
                                     ("ethnicity", snap.byEthnicity), ("religion", snap.byReligion), ("category", snap.byCategory)] {
                    for e in tally.entries { #expect(try count(["\(key)=\(e.key)"]) == e.count, "\(ctx) \(key)=\(e.key)") }
                }
                for e in form.byEducation.entries { #expect(snap.byEducation[e.key] == e.count, "\(ctx)") }
                for e in form.byTheory.entries { #expect(snap.byTheory[e.key] == e.count, "\(ctx)") }
                #expect(try count(["gender=female"]) == form.rows["women"], "\(ctx)")
                for (key, row) in [("ethnic-minority", "ethnicMinority"), ("religious", "religious")] {
                    #expect(try count(["\(key)=true"]) == form.rows[row], "\(ctx) \(key)")
                    #expect(try count(["\(key)=false"]) == snap.total - form.rows[row], "\(ctx) \(key)")
                }
                for e in form.byAdmissionPeriod.entries {
                    #expect(try count(["admission-period=\(e.key)"]) == e.count, "\(ctx) \(e.key)")
                }
                for n in Form3Report.partyAges {
                    #expect(try count(["party-age-at-least=\(n)"]) == form.rows["partyAge\(n)"], "\(ctx) \(n)")
                    partyAgesSeen += form.rows["partyAge\(n)"]
                }
                // Filters combine: full members of a band are at most the band and at most the full members.
                let both = try count(["status=full", "age-band=\(form.byAge.entries[0].key)"])
                #expect(both <= snap.full && both <= form.byAge.entries[0].count, "\(ctx)")
            }
            #expect(partyAgesSeen > 0, "seed \(seed): the histories hold members with 30 years of party age or more")
        }
    }

    @Test(arguments: seeds)
    func formOneOfTheWholeLedgerFromTheDailyTotalsIsTheReplayed(seed: UInt64) throws {
        try withReporters(seed: seed) { indexed, replayed in
            var rng = SplitMix64(seed: seed &+ 13)
            for a in days(&rng, 20) + [Day(iso: "2007-12-31")!, Day(iso: "1990-01-01")!] {
                let b = a.adding(days: Int.random(in: 0...1500, using: &rng))
                let x = try indexed.form1(from: a, to: b, unit: nil)
                let y = try replayed.form1(from: a, to: b, unit: nil)
                #expect(x.rows == y.rows, "seed \(seed) \(a)…\(b)")
            }
        }
    }

    @Test(arguments: seeds)
    func formOneBalancesAndIsTheFlows(seed: UInt64) throws {
        try withReporters(seed: seed) { indexed, _ in
            var rng = SplitMix64(seed: seed &+ 11)
            for a in days(&rng, 10) {
                let b = a.adding(days: Int.random(in: 0...900, using: &rng))
                let scope = Self.scopes.randomElement(using: &rng)!
                let form = try indexed.form1(from: a, to: b, unit: scope)
                #expect(form.balances, "seed \(seed)")
                let now = try indexed.flows(from: a, to: b, unit: scope)
                let before = try indexed.flows(from: a.adding(months: -12), to: b.adding(months: -12), unit: scope)
                #expect(form["start"]!.this == now.start && form["end"]!.this == now.end, "seed \(seed)")
                #expect(form["start"]!.earlier == before.start && form["end"]!.earlier == before.end, "seed \(seed)")
                #expect(form["struckOffProbationary"]!.this <= form["struckOff"]!.this, "seed \(seed)")
                #expect(form["increase"]!.this == Form1Report.increaseKeys.map { form[$0]!.this }.reduce(0, +))
            }
        }
    }

    @Test(arguments: seeds)
    func badgeRoundsFromTheIndexEqualAReplay(seed: UInt64) throws {
        try withReporters(seed: seed) { indexed, replayed in
            var listed = 0
            for year in 2009...2017 {
                for (month, dayOfMonth) in PartyAge.roundDays {
                    let round = Day(year: year, month: month, day: dayOfMonth)!
                    let a = try indexed.badges(round: round, unit: nil)
                    let b = try replayed.badges(round: round, unit: nil)
                    #expect(a.due == b.due && a.overdue == b.overdue && a.deferred == b.deferred, "seed \(seed) \(round)")
                    listed += a.due.count + a.overdue.count + a.deferred.count
                    for row in a.due { #expect(row.reached > a.previous && row.reached <= round) }
                    for row in a.overdue { #expect(row.reached <= a.previous) }
                    for row in a.deferred { #expect(row.until! > round) }
                }
            }
            #expect(listed > 0, "seed \(seed): some rounds list members")
        }
    }

    @Test(arguments: seeds)
    func ratingSharesCountTheEligible(seed: UInt64) throws {
        try withReporters(seed: seed) { indexed, _ in
            for year in 2009...2015 {
                let r = try indexed.ratings(year: year, unit: nil)
                let yearEnd = Day(year: year, month: 12, day: 31)!
                let snap = try indexed.snapshot(at: yearEnd, unit: nil)
                #expect(r.memberShares.eligible == snap.total, "seed \(seed) \(year)")
                #expect(r.memberShares.exempted == snap.exempted, "seed \(seed) \(year)")
                #expect(r.unitShares.eligible == snap.grassroots, "seed \(seed) \(year)")
                for s in [r.unitShares, r.memberShares] {
                    #expect(s.rated + s.notRated == s.eligible && s.goodOrBetter <= s.rated && s.excellent <= s.goodOrBetter && s.weak <= s.rated)
                }
            }
        }
    }
}

extension Form3Report {
    func with(provenance: Provenance) -> Form3Report { var r = self; r.provenance = provenance; return r }
}

@Suite struct PartyAgeTests {
    @Test func partyAgeFromGapDaysIsPartyAgeFromTheGaps() {
        // The O(1) form a member span uses agrees with the gaps themselves
        // for a member current on the day (all gaps before it closed).
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let admitted = Day(iso: "1950-01-01")!.adding(days: Int.random(in: 0...20000, using: &rng))
            var gaps: [PartyAge.Gap] = []
            var t = admitted
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let from = t.adding(days: Int.random(in: 1...4000, using: &rng))
                let to = from.adding(days: Int.random(in: 1...3000, using: &rng))
                gaps.append(PartyAge.Gap(from: from, to: to))
                t = to
            }
            let day = t.adding(days: Int.random(in: 0...20000, using: &rng))
            let gapDays = gaps.reduce(Int32(0)) { $0 + $1.to.number - $1.from.number }
            let age = PartyAge(admitted: admitted, gaps: gaps)
            #expect(PartyAge.years(admitted: admitted.number, gapDays: gapDays, on: day) == age.years(on: day), "\(admitted) \(gaps) \(day)")
        }
        #expect(PartyAge.years(admitted: PartyAge.unknown, gapDays: 0, on: Day(iso: "2020-03-09")!) == nil)
        #expect(PartyAge.years(admitted: Day(iso: "1990-03-10")!.number, gapDays: 0, on: Day(iso: "1990-03-09")!) == nil)
        #expect(PartyAge.years(admitted: Day(iso: "1992-02-29")!.number, gapDays: 0, on: Day(iso: "2022-02-28")!) == 30)
    }

    @Test func theClassifiersShortcutsAgreeWithTheCalendar() {
        // Ages and party ages from the table of days k years back equal
        // Day.yearsSince and PartyAge.years, 29 February included.
        var rng = SplitMix64(seed: 9)
        let days = [Day(iso: "2024-02-29")!, Day(iso: "2023-02-28")!, Day(iso: "2023-03-01")!, Day(iso: "2020-12-31")!]
            + (0..<20).map { _ in Day(iso: "2000-01-01")!.adding(days: Int.random(in: 0...9500, using: &rng)) }
        for day in days {
            let c = MemberClassifier(day: day, bands: .standard, names: Vocabularies())
            var probes = (0..<400).map { _ in day.adding(days: -Int.random(in: 0...(366 * 95), using: &rng)) }
            for y in stride(from: 1928, through: day.year, by: 4) { probes += [Day(year: y, month: 2, day: 29), Day(year: y, month: 2, day: 28), Day(year: y, month: 3, day: 1)].compactMap { $0 } }
            for d in probes where d <= day {
                var a = Attributes()
                a.birth = d
                let row = MemberRow(member: 0, cell: 0, status: 0, exempted: false, attributes: a, admitted: d.number, gapDays: 0, name: -1)
                #expect(c.age(row) == day.yearsSince(d), "\(d) on \(day)")
                #expect(c.partyAge(row) == PartyAge(admitted: d).years(on: day), "\(d) on \(day)")
            }
        }
    }

    @Test func roundsAndTheirPreviousRounds() {
        #expect(PartyAge.previousRound(Day(iso: "2026-02-03")!) == Day(iso: "2025-11-07")!)
        #expect(PartyAge.previousRound(Day(iso: "2026-05-19")!) == Day(iso: "2026-02-03")!)
        #expect(PartyAge.previousRound(Day(iso: "2026-09-02")!) == Day(iso: "2026-05-19")!)
        #expect(PartyAge.previousRound(Day(iso: "2026-11-07")!) == Day(iso: "2026-09-02")!)
        #expect(PartyAge.previousRound(Day(iso: "2026-05-18")!) == nil)
    }

    @Test func percentsRoundHalfAwayFromZero() {
        #expect(Percent.tenths(9, of: 16) == 563)   // 56.25 → 56.3
        #expect(Percent.tenths(1, of: 3) == 333)
        #expect(Percent.tenths(1, of: 0) == nil)
        #expect(Percent.tenths(-9, of: 16) == -563)
    }
}

/// Badge rounds against a fold of the events written here from the
/// contract alone (not the library's state, tracker or index): random
/// histories with awards, disciplines, gaps, readmissions, mergers, late
/// events and a retraction.
@Suite struct BadgeRoundReferenceTests {
    struct Row: Equatable, CustomStringConvertible {
        var member: String, name: String?, unit: String, admitted: Day, badge: Int, reached: Day, until: Day?
        var description: String { "\(member) \(badge) \(reached) \(until.map { "until \($0)" } ?? "") \(unit)" }
    }

    static func reach(_ n: Int, _ admitted: Day, _ gaps: [(Day, Day)]) -> Day {
        var t = admitted.adding(months: 12 * n)
        for (g0, g1) in gaps where g0 < t { t = t.adding(days: Int(g1.number - g0.number)) }
        return t
    }

    /// (due, overdue, deferred) on `round` for the whole ledger.
    static func fold(_ lines: [String], round: Day, previous: Day) throws -> ([Row], [Row], [Row]) {
        struct M { var cell = ""; var current = false; var admitted: Day?; var gaps: [(Day, Day)] = []
                   var gapFrom: Day?; var awards: [(Day, Int)] = []; var holds: [(Day, String)] = []; var name: String? }
        var events: [(seq: Int, o: JSONObject)] = []
        var retracted = Set<String>()
        for (i, line) in lines.enumerated() {
            guard case .object(let o) = try JSONParser.parse(line) else { continue }
            if case .string("event.retracted")? = o["type"], case .string(let t)? = o["target"] { retracted.insert(t) }
            events.append((i + 1, o))
        }
        func str(_ o: JSONObject, _ k: String) -> String? { if case .string(let s)? = o[k] { return s }; return nil }
        func day(_ o: JSONObject, _ k: String) -> Day? { str(o, k).flatMap { Day(iso: $0) } }
        let ordered = events.filter { str($0.o, "type") != "event.retracted" && !retracted.contains(str($0.o, "id")!) }
            .sorted { (day($0.o, "effective")!, $0.seq) < (day($1.o, "effective")!, $1.seq) }
        var members: [String: M] = [:]
        var mergedInto: [String: String] = [:]
        for (_, o) in ordered {
            let eff = day(o, "effective")!
            if eff > round { break }
            let type = str(o, "type")!
            if type == "unit.merged", case .array(let us)? = o["units"] {
                for case .string(let u) in us { mergedInto[u] = str(o, "into")! }
                continue
            }
            guard let id = str(o, "member") else { continue }
            var m = members[id] ?? M()
            switch type {
            case "member.registered", "member.admitted", "member.transferred-in", "member.readmitted":
                m.cell = str(o, "unit")!
                m.current = true
                if type == "member.admitted" { m.admitted = eff } else if let a = day(o, "admitted") { m.admitted = a }
                if case .object(let p)? = o["person"] { m.name = str(p, "name") }
                if type == "member.transferred-in" || type == "member.readmitted", let g = m.gapFrom {
                    m.gaps.append((g, eff)); m.gapFrom = nil
                }
            case "member.transferred": m.cell = str(o, "unit")!
            case "member.expelled", "member.struck-off", "member.resigned": m.current = false; m.gapFrom = eff
            case "member.died", "member.transferred-out": m.current = false
            case "member.disciplined": m.holds.append((eff, str(o, "penalty")!))
            case "member.awarded": if case .number(let b)? = o["badge"] { m.awards.append((eff, Int(b)!)) }
            case "member.updated": if let n = str(o, "name") { m.name = n }
            default: break
            }
            members[id] = m
        }
        var due: [Row] = [], overdue: [Row] = [], deferred: [Row] = []
        let badges = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
        for (id, m) in members where m.current {
            guard let admitted = m.admitted else { continue }
            var unit = m.cell
            while let u = mergedInto[unit] { unit = u }
            let held = Set(m.awards.map(\.1))
            var row: Row? = nil
            for b in badges.reversed() where !held.contains(b) {
                let t = reach(b, admitted, m.gaps)
                if t > previous && t <= round { row = Row(member: id, name: m.name, unit: unit, admitted: admitted, badge: b, reached: t, until: nil); break }
            }
            var isDue = row != nil
            if row == nil {
                for b in badges.reversed() where !held.contains(where: { $0 >= b }) {
                    let t = reach(b, admitted, m.gaps)
                    if t <= previous { row = Row(member: id, name: m.name, unit: unit, admitted: admitted, badge: b, reached: t, until: nil); break }
                }
                isDue = false
            }
            guard var r = row else { continue }
            let months = ["reprimand": 6, "warning": 9, "dismissal": 12]
            if let until = m.holds.map({ $0.0.adding(months: months[$0.1]!) }).max(), until > round {
                r.until = until
                deferred.append(r)
            } else if isDue { due.append(r) } else { overdue.append(r) }
        }
        func sorted(_ rows: [Row]) -> [Row] {
            rows.sorted { a, b in
                if a.badge != b.badge { return a.badge > b.badge }
                if a.reached != b.reached { return a.reached < b.reached }
                return a.member.unicodeScalars.lexicographicallyPrecedes(b.member.unicodeScalars)
            }
        }
        return (sorted(due), sorted(overdue), sorted(deferred))
    }

    @Test(arguments: OfficersPropertyTests.seeds)
    func badgeRoundsEqualAFoldOfTheContract(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        #expect(lines.contains { $0.contains("member.awarded") }, "seed \(seed): the history awards badges")
        let dir = TestPaths.temporaryDirectory("badges-ref-\(seed)")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(lines.joined(separator: "\n"), to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let reporter = try ledger.reporter(knownAt: nil, knownAtText: nil)
        var listed = 0
        for year in 2009...2016 {
            for (month, d) in PartyAge.roundDays {
                let round = Day(year: year, month: month, day: d)!
                let r = try reporter.badges(round: round, unit: nil)
                let expected = try Self.fold(lines, round: round, previous: r.previous)
                func rows(_ x: [BadgeRoundReport.Row]) -> [Row] {
                    x.map { Row(member: $0.member, name: $0.name, unit: $0.unit, admitted: $0.admitted, badge: $0.badge, reached: $0.reached, until: $0.until) }
                }
                #expect(rows(r.due) == expected.0, "seed \(seed) \(round) due")
                #expect(rows(r.overdue) == expected.1, "seed \(seed) \(round) overdue")
                #expect(rows(r.deferred) == expected.2, "seed \(seed) \(round) deferred")
                listed += r.due.count + r.overdue.count + r.deferred.count
            }
        }
        #expect(listed > 0)
    }
}
