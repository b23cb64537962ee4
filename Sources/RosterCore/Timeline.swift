/// The valid-time view of a log: the events that count, in the order the
/// rules and the reports apply them — by `effective`, then by `seq`.
///
/// "Known at T" is a prefix of the log (recorded times never decrease), so a
/// timeline is built from the facts with `seq <= limit`; a retraction counts
/// when it is inside that prefix too.
public struct Timeline: Sendable {
    public let table: FactTable
    /// The log prefix this timeline sees (all facts when nil).
    public let limit: Int64
    /// Indices into `table.facts`, in (effective, seq) order, without
    /// retractions and without retracted events.
    public let order: [Int32]
    /// Indices into `table.facts` of the events retracted within the prefix.
    public let retracted: Set<Int64>

    /// `table.facts` must be in seq order with `facts[i].seq == i + 1`.
    public init(table: FactTable, limit: Int64? = nil) {
        self.table = table
        let facts = table.facts
        let end = Int(min(limit ?? Int64(facts.count), Int64(facts.count)))
        self.limit = Int64(end)
        var retracted = Set<Int64>()
        for i in 0..<end where facts[i].type == .eventRetracted {
            retracted.insert(facts[i].retractedSeq)
        }
        self.retracted = retracted
        self.order = Timeline.sortByEffective(facts[0..<end], excluding: retracted)
    }

    /// A stable counting sort by effective day: facts are already in seq order.
    static func sortByEffective(_ facts: ArraySlice<Fact>, excluding retracted: Set<Int64>) -> [Int32] {
        guard let first = facts.first else { return [] }
        var lo = first.effective, hi = first.effective
        for f in facts { lo = min(lo, f.effective); hi = max(hi, f.effective) }
        var counts = [Int](repeating: 0, count: Int(hi - lo) + 2)
        var kept = 0
        for f in facts where f.type != .eventRetracted && !retracted.contains(f.seq) {
            counts[Int(f.effective - lo) + 1] += 1
            kept += 1
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var order = [Int32](repeating: 0, count: kept)
        for (i, f) in zip(facts.indices, facts) where f.type != .eventRetracted && !retracted.contains(f.seq) {
            let slot = Int(f.effective - lo)
            order[counts[slot]] = Int32(i)
            counts[slot] += 1
        }
        return order
    }

    /// Replays the timeline from the beginning, checking every rule, calling
    /// `visit` before and after each fact so that a report can classify it.
    /// Stops after the last fact with `effective <= until`.
    public func replay(until: Day? = nil, state: inout LedgerState,
                       before: (Fact, inout LedgerState) -> Void = { _, _ in },
                       after: (Fact, inout LedgerState) -> Void = { _, _ in }) throws(RuleViolation) {
        state.grow(table.names)
        let last = until?.number ?? Int32.max
        for i in order {
            let f = table.facts[Int(i)]
            if f.effective > last { break }
            before(f, &state)
            try state.apply(f, table)
            after(f, &state)
        }
    }

    /// The state at the end of `day` (every event effective on or before it).
    public func state(at day: Day) throws(RuleViolation) -> LedgerState {
        var state = LedgerState()
        try replay(until: day, state: &state)
        return state
    }
}
