/// The temporal index that answers "as of D" without replaying the log
/// (DESIGN.md's performance model). Per member, spans `[from, to)` during
/// which its cell, status, exemption and attributes stayed the same; per
/// unit, spans of parent, kind and category while active; and the mergers.
///
/// Member spans are kept sorted by `to`, latest first, so the spans alive on
/// a recent date are a short prefix: a snapshot reads the members current on
/// D plus the changes made after D — it grows with membership, not with the
/// length of the history.

/// One stretch of a member's state: 48 bytes, stored as is in the cache.
public struct MemberSpan: Sendable, Equatable {
    public var to: Int32           // exclusive; Int32.max while open
    public var from: Int32
    public var member: Int32
    public var cell: Int32         // the cell joined (a merged cell resolves through the unit state)
    public var birth: Int32
    public var ethnicity: Int32
    public var religion: Int32
    public var status: Int8
    public var exempted: Int8
    public var gender: Int8
    public var education: Int8
    public var theory: Int8
    public var reserved0: Int8 = 0
    public var reserved1: Int8 = 0
    public var reserved2: Int8 = 0
    /// The admission date (`PartyAge.unknown` when unknown) and the days
    /// out of the party before the span: party age on any day of the span
    /// is `PartyAge.years(admitted:gapDays:on:)`, O(1).
    public var admitted: Int32 = PartyAge.unknown
    public var gapDays: Int32 = 0
    /// The person's name (a `names.people` index), -1 none.
    public var name: Int32 = -1

    var attributes: Attributes {
        var a = Attributes()
        a.birth = Day(number: birth)
        a.gender = gender
        a.education = education
        a.theory = theory
        a.ethnicity = ethnicity
        a.religion = religion
        return a
    }
}

/// One stretch of an active unit's place and kind.
public struct UnitSpan: Sendable, Equatable {
    public var unit: Int32
    public var from: Int32
    public var to: Int32
    public var parent: Int32
    public var kind: Int8
    public var category: Int8
    public var reserved0: Int8 = 0
    public var reserved1: Int8 = 0
}

/// A unit that ceased by merger on `day`, and where its members went.
public struct UnitMerge: Sendable, Equatable {
    public var unit: Int32
    public var into: Int32
    public var day: Int32
}

/// Not Sendable: mapped, its spans belong to a cache mapping (`owner`)
/// whose bookkeeping is not guarded for use from several threads.
public struct SnapshotIndex {
    /// Sorted by `to`, latest first.
    private let storage: Storage
    public let unitSpans: [UnitSpan]
    public let merges: [UnitMerge]
    /// Unit, ethnicity and religion names (member names are not needed).
    public let names: Vocabularies
    /// Gaps, awards and disciplines per member (badge rounds).
    public let party: PartyRecords
    /// The whole ledger's arrivals and departures by day (form 1).
    public let dailyFlows: DailyFlows
    /// The timeline's moves for flows, series, ratings and `--known-at`
    /// (nil: a cache without them; those reports then replay).
    public var flowIndex: FlowIndex? = nil
    /// The member spans: built in memory, or mapped from a cache file (the
    /// owner keeps the mapping alive).
    enum Storage {
        case owned([MemberSpan])
        case mapped(UnsafeBufferPointer<MemberSpan>, owner: AnyObject)
    }

    /// Calls `body` with the member spans, latest `to` first.
    public func withMemberSpans<R>(_ body: (UnsafeBufferPointer<MemberSpan>) throws -> R) rethrows -> R {
        switch storage {
        case .owned(let spans): return try spans.withUnsafeBufferPointer(body)
        case .mapped(let buffer, _): return try body(buffer)
        }
    }

    public var memberSpanCount: Int {
        switch storage {
        case .owned(let spans): return spans.count
        case .mapped(let buffer, _): return buffer.count
        }
    }
    /// Checks that the first N bytes of `memberSpans` are intact (a cache's
    /// block checksums); nil when they live in memory.
    let checkPrefix: ((Int) -> Bool)?
    /// Gives back the memory the first N bytes of mapped `memberSpans` hold
    /// in this process (read again from the file if touched): an append
    /// reads the old spans once, front to back, while it makes the new ones.
    let releasePrefix: ((Int) -> Void)?

    /// An index over spans mapped from a file; `owner` keeps the mapping alive.
    public init(memberSpans: UnsafeBufferPointer<MemberSpan>, unitSpans: [UnitSpan], merges: [UnitMerge],
                names: Vocabularies, party: PartyRecords, dailyFlows: DailyFlows, owner: AnyObject, checkPrefix: ((Int) -> Bool)? = nil,
                releasePrefix: ((Int) -> Void)? = nil) {
        self.storage = .mapped(memberSpans, owner: owner)
        self.dailyFlows = dailyFlows
        self.unitSpans = unitSpans
        self.merges = merges
        self.names = names
        self.party = party
        self.checkPrefix = checkPrefix
        self.releasePrefix = releasePrefix
    }

    init(memberSpans: [MemberSpan], unitSpans: [UnitSpan], merges: [UnitMerge], names: Vocabularies, party: PartyRecords, dailyFlows: DailyFlows) {
        self.storage = .owned(memberSpans)
        self.dailyFlows = dailyFlows
        self.unitSpans = unitSpans
        self.merges = merges
        self.names = names
        self.party = party
        self.checkPrefix = nil
        self.releasePrefix = nil
    }

    /// False when the spans a snapshot on `day` would read fail their checksums.
    public func canAnswer(at day: Day) -> Bool {
        guard let checkPrefix else { return true }
        return checkPrefix(spansRead(at: day) * MemoryLayout<MemberSpan>.stride)
    }

    /// How many leading member spans a snapshot on `day` reads.
    public func spansRead(at day: Day) -> Int {
        // Binary search for the first span with to <= day (spans sorted by to, descending).
        withMemberSpans { spans in
            var lo = 0, hi = spans.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if spans[mid].to > day.number { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    // MARK: Building

    /// Builds the index by replaying the whole timeline once.
    public static func build(_ timeline: Timeline) throws(RuleViolation) -> SnapshotIndex {
        let names = timeline.table.names
        // At most one span opens per fact replayed: reserved at that bound
        // once, so that the array never doubles (a national index would hold
        // the old and the new buffer at once, gigabytes at the append's
        // peak). Reserved pages that are never written take no memory.
        var recorder = SpanRecorder(table: timeline.table, reservingSpans: timeline.order.count)
        var flows = FlowIndex.Builder(units: names.units.count, facts: timeline.order.count)
        // The rules' state lives only through the replay: freed before the
        // spans are sorted (the sort's buffer and it are the build's peak).
        do {
            var state = LedgerState()
            try timeline.replay(state: &state, before: { f, st in flows.before(f, st); recorder.before(f, st) },
                                after: { f, st in flows.after(f, st); recorder.after(f, st) })
        }
        var (spans, unitSpans) = recorder.takeAliveSpans()
        spans.sort { $0.to > $1.to }
        var index = SnapshotIndex(memberSpans: spans, unitSpans: unitSpans, merges: recorder.merges,
                                  names: keptNames(names), party: recorder.party.records(members: names.members.count),
                                  dailyFlows: recorder.daily.build())
        index.flowIndex = flows.build(timeline.table)
        return index
    }

    /// The names an index keeps: units, ethnicities, religions, and only
    /// the count of the members.
    static func keptNames(_ names: Vocabularies) -> Vocabularies {
        var kept = Vocabularies()
        kept.units = names.units
        kept.ethnicities = names.ethnicities
        kept.religions = names.religions
        kept.members = Interner(placeholderCount: names.members.count)
        return kept
    }

    // MARK: Querying

    /// The units' state on `day`: active units with parent, kind, category,
    /// and the mergers that happened by then.
    func units(at day: Day) -> LedgerState {
        var st = LedgerState()
        st.units = [UnitState](repeating: UnitState(), count: names.units.count)
        for s in unitSpans where s.from <= day.number && day.number < s.to {
            st.units[Int(s.unit)] = UnitState(known: true, active: true, parent: s.parent, kind: s.kind, category: s.category)
        }
        for m in merges where m.day <= day.number {
            st.units[Int(m.unit)].mergedInto = m.into
        }
        return st
    }

    public func snapshot(at day: Day, unit: String?, bands: AgeBands, provenance: Provenance) throws(ReportError) -> SnapshotReport {
        let scope = try names.scopeIndex(unit)
        let st = units(at: day)
        if let scope, !st.units[Int(scope)].active {
            let spans = unitSpans.filter { $0.unit == scope && $0.from <= day.number }
            if spans.isEmpty {
                throw ReportError("unit \(unit!) is not active on \(day) (not yet established)")
            }
            let ended = Day(number: spans.map(\.to).max()!)
            let merged = merges.contains { $0.unit == scope && $0.day <= day.number }
            throw ReportError("unit \(unit!) is not active on \(day) (\(merged ? "merged" : "dissolved") on \(ended))")
        }
        let n = spansRead(at: day)
        let d = day.number
        return withMemberSpans { spans in
            Reporter.aggregate(units: st, at: day, scope: scope, unit: unit, names: names, bands: bands,
                               provenance: provenance) { body in
                for i in 0..<n {
                    let s = spans[i]
                    if s.from <= d { body(s.cell, s.status, s.exempted != 0, s.attributes) }
                }
            }
        }
    }
}
