/// A badge round (docs/REPORTS.md, "Party age and badge rounds"): among the
/// members current on the round day in the scope with a known admission
/// date, who is due, overdue, or held back by a discipline.

public struct BadgeRoundReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var member: String
        public var name: String?
        public var unit: String
        public var admitted: Day
        public var badge: Int
        public var reached: Day
        /// Deferred rows: the first day the hold is over.
        public var until: Day?
    }
    public var round: Day
    public var previous: Day
    public var unit: String?
    public var provenance: Provenance
    public var due: [Row]
    public var overdue: [Row]
    public var deferred: [Row]

    /// Rows per badge, every badge present.
    public static func counts(_ rows: [Row]) -> Tally {
        Tally(PartyAge.badges.map { b in (key: String(b), count: rows.filter { $0.badge == b }.count) })
    }
}

extension Reporter {
    /// `round` must be a round day (`PartyAge.previousRound` is nil otherwise).
    public func badges(round: Day, unit: String?) throws -> BadgeRoundReport {
        guard let previous = PartyAge.previousRound(round) else {
            throw ReportError("--round \(round) is not a round day; rounds are held on 3/2, 19/5, 2/9 and 7/11")
        }
        let p = try population(at: round, unit: unit)
        let r = round.number, prev = previous.number
        let lowest = PartyAge.badges[0]
        struct Pick { var row: MemberRow; var badge: Int; var reached: Int32; var until: Int32?; var due: Bool }
        var picks: [Pick] = []
        var gaps: [PartyAge.Gap] = []
        // Gaps only delay: admitted after this day, no badge is reached by the round.
        let latestAdmission = round.adding(months: -12 * lowest).number + 1
        p.forEachInScope { row in
            guard row.admitted != PartyAge.unknown, row.admitted <= latestAdmission else { return }
            // Every gap before the round is closed (the member is current):
            // below the lowest badge's years on the round, nothing is reached.
            guard let years = PartyAge.years(admitted: row.admitted, gapDays: row.gapDays, on: round), years >= lowest else { return }
            gaps.removeAll(keepingCapacity: true)
            var held: UInt16 = 0        // bit i: Badge.years[i] held by the round
            var highestHeld = 0
            var until: Int32 = Int32.min
            for rec in p.party.records(of: row.member) {
                switch rec.kind {
                case PartyRecord.gap where rec.day < r: gaps.append(PartyAge.Gap(from: Day(number: rec.day), to: Day(number: rec.value)))
                case PartyRecord.award where rec.day <= r:
                    if let i = Badge.index(of: Int(rec.value)) { held |= 1 << UInt16(i) }
                    highestHeld = max(highestHeld, Int(rec.value))
                case PartyRecord.hold where rec.day <= r:
                    until = max(until, Day(number: rec.day).adding(months: PartyAge.holdMonths(penalty: rec.value)).number)
                default: break
                }
            }
            let age = PartyAge(admitted: Day(number: row.admitted), gaps: gaps)
            // Only the badges of at most `years` are reached by the round.
            let reachable = PartyAge.badges.indices.filter { PartyAge.badges[$0] <= years }
            var pick: Pick? = nil
            // Due: the highest badge reached in (previous, round] and not held.
            for i in reachable.reversed() where held & (1 << UInt16(i)) == 0 {
                let b = PartyAge.badges[i]
                let t = age.reach(b)!.number
                if t > prev && t <= r { pick = Pick(row: row, badge: b, reached: t, until: nil, due: true); break }
                if t <= prev { break }      // lower badges were reached earlier still
            }
            if pick == nil {
                // Overdue: the highest badge reached by the previous round,
                // with neither it nor any higher badge held.
                for i in reachable.reversed() where PartyAge.badges[i] > highestHeld {
                    let b = PartyAge.badges[i]
                    let t = age.reach(b)!.number
                    if t <= prev { pick = Pick(row: row, badge: b, reached: t, until: nil, due: false); break }
                }
            }
            guard var chosen = pick else { return }
            if until > r { chosen.until = until }
            picks.append(chosen)
        }
        let directory = try names(members: picks.map(\.row.member), people: picks.map(\.row.name))
        func row(_ k: Pick) -> BadgeRoundReport.Row {
            BadgeRoundReport.Row(member: directory.members[k.row.member] ?? "#\(k.row.member)",
                                 name: k.row.name >= 0 ? directory.people[k.row.name] : nil,
                                 unit: p.names.units[p.resolvedCell[Int(k.row.cell)]],
                                 admitted: Day(number: k.row.admitted), badge: k.badge,
                                 reached: Day(number: k.reached), until: k.until.map { Day(number: $0) })
        }
        func ordered(_ rows: [BadgeRoundReport.Row]) -> [BadgeRoundReport.Row] {
            rows.sorted {
                if $0.badge != $1.badge { return $0.badge > $1.badge }
                if $0.reached != $1.reached { return $0.reached < $1.reached }
                return $0.member.unicodeScalars.lexicographicallyPrecedes($1.member.unicodeScalars)
            }
        }
        return BadgeRoundReport(
            round: round, previous: previous, unit: unit, provenance: provenance,
            due: ordered(picks.filter { $0.until == nil && $0.due }.map(row)),
            overdue: ordered(picks.filter { $0.until == nil && !$0.due }.map(row)),
            deferred: ordered(picks.filter { $0.until != nil }.map(row)))
    }
}
