/// Follows a replay — each fact in timeline order, `before` it and `after`
/// `LedgerState.apply` took it — and records what the snapshot index holds:
/// the member spans, the unit spans, the mergers, the party records and the
/// daily flows. `SnapshotIndex.build` runs it over the whole timeline;
/// `IncrementalCheck` over the partial one (units and touched members).
struct SpanRecorder {
    let table: FactTable
    /// Per member (unit), the index of its open span, -1 none.
    var open: [Int32]
    var spans: [MemberSpan] = []
    var unitOpen: [Int32]
    var unitSpans: [UnitSpan] = []
    var merges: [UnitMerge] = []
    /// The sub-units a merger carries to its target (taken before it).
    var carried: [Int32] = []
    var party = PartyTracker()
    var daily = DailyFlows.Builder()

    /// `reservingSpans`: room for that many member spans, made once.
    init(table: FactTable, reservingSpans: Int = 0) {
        self.table = table
        spans.reserveCapacity(reservingSpans)
        open = [Int32](repeating: -1, count: table.names.members.count)
        unitOpen = [Int32](repeating: -1, count: table.names.units.count)
        party.grow(table.names.members.count)
    }

    mutating func before(_ f: Fact, _ st: LedgerState) {
        if f.type == .unitMerged {
            carried = []
            for u in table.mergeLists[Int(f.extra)] { carried += st.units[Int(u)].children }
        }
    }

    mutating func after(_ f: Fact, _ st: LedgerState) {
        if f.type.isMemberEvent {
            party.observe(f, table, st)
            daily.observe(f, st)
            updateMember(f.subject, f.effective, st)
            return
        }
        switch f.type {
        case .placeRegistered, .placeClosed, .planAdopted:
            return  // no unit's span changes
        case .unitMerged:
            for u in table.mergeLists[Int(f.extra)] {
                updateUnit(u, f.effective, st)
                merges.append(UnitMerge(unit: u, into: f.object, day: f.effective))
            }
            for c in carried { updateUnit(c, f.effective, st) }
            updateUnit(f.object, f.effective, st)
        default:
            updateUnit(f.subject, f.effective, st)
        }
    }

    mutating func updateMember(_ m: Int32, _ day: Int32, _ st: LedgerState) {
        let s = st.members[Int(m)]
        let a = s.attributes
        let (admitted, gapDays, name) = (party.admitted[Int(m)], party.gapDays[Int(m)], party.name[Int(m)])
        if open[Int(m)] >= 0 {
            let r = spans[Int(open[Int(m)])]
            if s.cell == r.cell && s.status == r.status && (s.exempted ? 1 : 0) == r.exempted
                && a.birth.number == r.birth && a.gender == r.gender && a.education == r.education
                && a.theory == r.theory && a.ethnicity == r.ethnicity && a.religion == r.religion
                && admitted == r.admitted && gapDays == r.gapDays && name == r.name {
                return
            }
            spans[Int(open[Int(m)])].to = day
            open[Int(m)] = -1
        }
        if s.cell >= 0 {
            open[Int(m)] = Int32(spans.count)
            spans.append(MemberSpan(to: Int32.max, from: day, member: m, cell: s.cell, birth: a.birth.number,
                                    ethnicity: a.ethnicity, religion: a.religion, status: s.status,
                                    exempted: s.exempted ? 1 : 0, gender: a.gender, education: a.education, theory: a.theory,
                                    admitted: admitted, gapDays: gapDays, name: name))
        }
    }

    mutating func updateUnit(_ u: Int32, _ day: Int32, _ st: LedgerState) {
        guard u >= 0 else { return }
        let s = st.units[Int(u)]
        if unitOpen[Int(u)] >= 0 {
            let r = unitSpans[Int(unitOpen[Int(u)])]
            if s.active && r.parent == s.parent && r.kind == s.kind && r.category == s.category { return }
            unitSpans[Int(unitOpen[Int(u)])].to = day
            unitOpen[Int(u)] = -1
        }
        if s.active {
            unitOpen[Int(u)] = Int32(unitSpans.count)
            unitSpans.append(UnitSpan(unit: u, from: day, to: Int32.max, parent: s.parent, kind: s.kind, category: s.category))
        }
    }

    /// Hands over the spans that were alive at least one day (those that
    /// began and ended on one day are dropped), in the order they were
    /// opened; the recorder keeps none (no copy of millions of spans), nor
    /// its per-member bookkeeping of open spans.
    mutating func takeAliveSpans() -> (members: [MemberSpan], units: [UnitSpan]) {
        var m: [MemberSpan] = []
        var u: [UnitSpan] = []
        swap(&m, &spans)
        swap(&u, &unitSpans)
        open = []
        unitOpen = []
        m.removeAll { $0.from >= $0.to }
        u.removeAll { $0.from >= $0.to }
        return (m, u)
    }
}
