/// The members current on a day in a scope, one row each, with what every
/// per-member report reads (form 3, the members behind a figure, badge
/// rounds): from the snapshot index's spans when it can answer, else from a
/// replay of the timeline up to the day. Both give the same rows (tested).

/// One member current on the day.
public struct MemberRow: Sendable {
    public var member: Int32
    /// The cell as joined (a merged cell resolves through the units' state).
    public var cell: Int32
    public var status: Int8
    public var exempted: Bool
    public var attributes: Attributes
    public var admitted: Int32
    public var gapDays: Int32
    /// A `people` index, -1 none.
    public var name: Int32
}

/// The rows of a day, the units' state on it and the scope.
public struct MemberPopulation: Sendable {
    public let day: Day
    public let scope: Int32?
    public let names: Vocabularies
    /// Per unit as joined: the cell it resolves to on the day when that cell
    /// is active and inside the scope, else -1.
    public let resolvedCell: [Int32]
    /// Per unit as joined: the category slot of the resolved cell (the
    /// `UnitCategory` index, `allCases.count` for unknown).
    public let categorySlot: [Int8]
    /// Every member current on the day, in the scope or not (filter with
    /// `resolvedCell`): the index's spans alive on the day (not copied: a
    /// national population is five million rows), or rows of a replay.
    let source: Source
    enum Source: @unchecked Sendable {
        case spans(SnapshotIndex, count: Int)
        case rows([MemberRow])
    }
    /// Gaps, awards and disciplines up to at least the day.
    public let party: PartyRecords

    init(day: Day, scope: Int32?, names: Vocabularies, units state: LedgerState, source: Source, party: PartyRecords) {
        self.day = day
        self.scope = scope
        self.names = names
        self.party = party
        var memo = [Int8?](repeating: nil, count: state.units.count)
        var resolved = [Int32](repeating: -1, count: state.units.count)
        var category = [Int8](repeating: Int8(UnitCategory.allCases.count), count: state.units.count)
        var within = [Bool?](repeating: nil, count: state.units.count)
        for u in state.units.indices {
            let r = state.resolved(Int32(u))
            guard r >= 0, state.units[Int(r)].active else { continue }
            if within[Int(r)] == nil { within[Int(r)] = Reporter.inScope(r, scope, state) }
            guard within[Int(r)]! else { continue }
            resolved[u] = r
            let c = Reporter.category(of: r, in: state, memo: &memo)
            category[u] = c >= 0 ? c : Int8(UnitCategory.allCases.count)
        }
        self.resolvedCell = resolved
        self.categorySlot = category
        self.source = source
    }

    /// Calls `body` with each member of the scope.
    public func forEachInScope(_ body: (MemberRow) -> Void) {
        resolvedCell.withUnsafeBufferPointer { cells in
            switch source {
            case .rows(let rows):
                for r in rows where cells[Int(r.cell)] >= 0 { body(r) }
            case .spans(let index, let n):
                let d = day.number
                index.withMemberSpans { spans in
                    for i in 0..<n {
                        let s = spans[i]
                        guard s.from <= d, cells[Int(s.cell)] >= 0 else { continue }
                        body(MemberRow(member: s.member, cell: s.cell, status: s.status, exempted: s.exempted != 0,
                                       attributes: s.attributes, admitted: s.admitted, gapDays: s.gapDays, name: s.name))
                    }
                }
            }
        }
    }
}

extension SnapshotIndex {
    /// The rows of the members current on `day` (spans alive then).
    func population(at day: Day, scope: Int32?, units: LedgerState) -> MemberPopulation {
        MemberPopulation(day: day, scope: scope, names: names, units: units, source: .spans(self, count: spansRead(at: day)), party: party)
    }

    /// Refuses a scope unit that is not active on `day`, saying why.
    func checkScope(_ scope: Int32?, unit: String?, at day: Day, units st: LedgerState) throws(ReportError) {
        guard let scope, !st.units[Int(scope)].active else { return }
        let spans = unitSpans.filter { $0.unit == scope && $0.from <= day.number }
        if spans.isEmpty {
            throw ReportError("unit \(unit!) is not active on \(day) (not yet established)")
        }
        let ended = Day(number: spans.map(\.to).max()!)
        let merged = merges.contains { $0.unit == scope && $0.day <= day.number }
        throw ReportError("unit \(unit!) is not active on \(day) (\(merged ? "merged" : "dissolved") on \(ended))")
    }
}

extension Timeline {
    /// The rows of the members current on `day`, by replaying up to it.
    /// (This path serves `--known-at` and ledgers without an index: it
    /// replays the history up to the day, as every known-at report does.)
    func population(at day: Day, unit: String?) throws -> MemberPopulation {
        let scope = try table.names.scopeIndex(unit)
        var state = LedgerState()
        var tracker = PartyTracker()
        let table = self.table
        try replay(until: day, state: &state, after: { f, st in tracker.observe(f, table, st) })
        if let scope, !state.units[Int(scope)].active {
            let s = state.units[Int(scope)]
            if s.endedOn != Int32.min {
                throw ReportError("unit \(unit!) is not active on \(day) (\(s.endedBy == .unitMerged ? "merged" : "dissolved") on \(Day(number: s.endedOn)))")
            }
            throw ReportError("unit \(unit!) is not active on \(day) (not yet established)")
        }
        tracker.grow(state.members.count)
        var rows: [MemberRow] = []
        for (m, s) in state.members.enumerated() where s.cell >= 0 {
            rows.append(MemberRow(member: Int32(m), cell: s.cell, status: s.status, exempted: s.exempted,
                                  attributes: s.attributes, admitted: tracker.admitted[m], gapDays: tracker.gapDays[m],
                                  name: tracker.name[m]))
        }
        return MemberPopulation(day: day, scope: scope, names: table.names, units: state, source: .rows(rows),
                                party: tracker.records(members: state.members.count))
    }
}

extension Reporter {
    /// The members current on `day` in the scope of `unit`: from the index
    /// when it can answer, else from the timeline.
    public func population(at day: Day, unit: String?) throws -> MemberPopulation {
        if let index, index.canAnswer(at: day) {
            let scope = try index.names.scopeIndex(unit)
            let units = index.units(at: day)
            try index.checkScope(scope, unit: unit, at: day, units: units)
            return index.population(at: day, scope: scope, units: units)
        }
        return try timeline().population(at: day, unit: unit)
    }
}
