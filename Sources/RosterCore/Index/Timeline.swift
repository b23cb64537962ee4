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
        let block = Timeline.warmBlock
        var start = 0
        var sink: UInt64 = 0
        while start < order.count {
            let end = min(start + block, order.count)
            sink &+= warm(order[start..<end], state)
            for i in order[start..<end] {
                let f = table.facts[Int(i)]
                if f.effective > last { blackHole(sink); return }
                before(f, &state)
                try state.apply(f, table)
                after(f, &state)
            }
            start = end
        }
        blackHole(sink)
    }

    /// Facts replayed per block; before each block, `warm` touches the
    /// member states it will change.
    static let warmBlock = 256

    /// Reads the state of the member of every member fact in `indices`,
    /// without reference counting, and returns a value that depends on the
    /// reads. The states of millions of members are far larger than the
    /// caches and the members of consecutive facts are unrelated, so one by
    /// one every fact would wait for a cache miss (about 200 ns here); read in
    /// a row, the misses overlap.
    func warm(_ indices: ArraySlice<Int32>, _ state: LedgerState) -> UInt64 {
        table.facts.withUnsafeBufferPointer { facts in
            state.members.withUnsafeBufferPointer { members in
                guard let base = members.baseAddress else { return 0 }
                let raw = UnsafeRawPointer(base)
                var sink: UInt64 = 0
                for i in indices {
                    let f = facts[Int(i)]
                    if f.type.isMemberEvent && f.subject >= 0 && Int(f.subject) < members.count {
                        sink &+= UInt64(truncatingIfNeeded: raw.load(fromByteOffset: Int(f.subject) &* MemoryLayout<MemberState>.stride, as: Int32.self))
                    }
                }
                return sink
            }
        }
    }
}

/// Keeps a value the optimiser would otherwise drop (the sums `warm`
/// returns): an opaque call that does nothing.
@inline(never)
public func blackHole(_ value: UInt64) {
    if value == 0x5EED_5EED_5EED_5EED { print("", terminator: "") }
}

extension Timeline {

    /// The state at the end of `day` (every event effective on or before it).
    public func state(at day: Day) throws(RuleViolation) -> LedgerState {
        var state = LedgerState()
        try replay(until: day, state: &state)
        return state
    }
}
