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
