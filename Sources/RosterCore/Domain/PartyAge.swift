/// Party age (tuổi đảng): the time since a member's admission, periods out
/// of the party excluded. The one place that does this arithmetic — the
/// `member.awarded` rule, the badge rounds, form 3 and the member list all
/// ask a `PartyAge`. The definitions are in docs/RULES.md ("Party age").
///
/// - The admission date is the `effective` of `member.admitted`, or the
///   `admitted` of `member.registered` / `member.transferred-in` (a later
///   transfer in that gives one replaces it; one that does not keeps what
///   is known). Without one, party age is unknown.
/// - A gap runs from a removal by `member.expelled`, `member.struck-off` or
///   `member.resigned` to the next `member.readmitted` or
///   `member.transferred-in`. Time after `member.transferred-out` is no gap:
///   the member is in the party elsewhere.
/// - reach(N): t = admission + N years (29 February → 28 February where
///   needed); then for each gap [g0, g1) in date order with g0 < t,
///   t += g1 − g0 days.
/// - Party age on D: the largest N with reach(N) ≤ D.
public struct PartyAge: Equatable, Sendable {
    /// A period out of the party, [from, to).
    public struct Gap: Equatable, Sendable {
        public var from: Day
        public var to: Day
        public init(from: Day, to: Day) { self.from = from; self.to = to }
    }

    public var admitted: Day?
    /// Closed gaps, in date order.
    public var gaps: [Gap]

    public init(admitted: Day?, gaps: [Gap] = []) {
        self.admitted = admitted
        self.gaps = gaps
    }

    /// A removal of this type starts a gap.
    @inline(__always)
    public static func startsGap(_ type: EventType) -> Bool {
        type == .memberExpelled || type == .memberStruckOff || type == .memberResigned
    }

    /// A return of this type ends a gap (when the member left by one that starts one).
    @inline(__always)
    public static func endsGap(_ type: EventType) -> Bool {
        type == .memberReadmitted || type == .memberTransferredIn
    }

    /// The day the member reaches `years` of party age; nil when the
    /// admission date is unknown.
    public func reach(_ years: Int) -> Day? {
        guard let admitted else { return nil }
        var t = admitted.adding(months: 12 * years)
        for g in gaps where g.from < t {
            t = t.adding(days: Int(g.to.number - g.from.number))
        }
        return t
    }

    /// Whole years of party age on `day`; nil when the admission date is
    /// unknown or after `day`.
    public func years(on day: Day) -> Int? {
        guard let admitted, admitted <= day else { return nil }
        // Gaps only delay: the calendar years since admission are an upper bound.
        var n = day.yearsSince(admitted)
        while n > 0, let r = reach(n), r > day { n -= 1 }
        return n
    }

    /// The earliest `effective` of an award of `badge` years: reach(badge)
    /// less 24 calendar months (early awards for illness). Nil when the
    /// admission date is unknown (the award is then not checked).
    public func earliestAward(_ badge: Int) -> Day? {
        reach(badge).map { $0.adding(months: -24) }
    }
}
