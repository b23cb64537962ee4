/// Walks the persisted timeline moves (`FlowIndex`) from the checkpoint
/// before a day to the days a report asks about, keeping the unit tree (a
/// `LedgerState` of units and places only: the unit facts are replayed
/// through the rules' own `apply`), the direct members of every unit and the
/// probationary members per cell as joined. What it reads grows with the
/// window asked about (at most one checkpoint interval before it), not with
/// the history: the unit facts from the beginning are replayed, but units
/// are a few hundred thousand facts where members are tens of millions.
struct FlowWalker {
    let index: FlowIndex
    var state = LedgerState()
    /// Probationary members per cell as joined.
    var probationary: [Int32]
    /// The next record and the next unit fact to apply.
    var next = 0
    var nextUnit = 0

    /// The walker at the end of `day`, or nil when the records it reads fail
    /// their checks (the caller then replays).
    init?(_ index: FlowIndex, through day: Day) throws {
        self.index = index
        state.grow(index.table.names)
        probationary = [Int32](repeating: 0, count: index.unitCount)
        guard let end = index.records.firstIndex(after: day.number) else { return nil }
        // The last checkpoint at or before `end`.
        // Checkpoint k stands after records [0, k * interval) and the unit
        // facts before record k * interval: all of them on or before `day`
        // when k * interval < end.
        let k = end == 0 ? 0 : min((end - 1) / index.interval, index.checkpointCount)
        if k > 0 {
            let stride = 2 + 2 * index.unitCount
            let base = (k - 1) * stride
            guard let cp = index.checkpoints.with(base..<(base + stride), { Array($0) }), cp.count == stride,
                  Int(cp[0]) == k * index.interval, Int(cp[1]) <= index.unitFacts.count else { return nil }
            // The tree as it stood there; members counted from the checkpoint.
            for i in 0..<Int(cp[1]) { try state.apply(index.unitFacts[i], index.table) }
            for u in 0..<index.unitCount {
                state.units[u].members = cp[2 + u]
                probationary[u] = cp[2 + index.unitCount + u]
            }
            next = Int(cp[0])
            nextUnit = Int(cp[1])
        }
        guard try advance(through: day, member: { _, _ in }, unitBefore: { _, _ in }, unitAfter: { _, _ in }) else { return nil }
    }

    /// Applies the records and unit facts effective on or before `day`, in
    /// timeline order, calling the visitors as a replay would call a
    /// report's `before` and `after`. False when records fail their checks.
    mutating func advance(through day: Day,
                          member: (FlowRecord, LedgerState) -> Void,
                          unitBefore: (Fact, LedgerState) -> Void,
                          unitAfter: (Fact, LedgerState) -> Void) throws -> Bool {
        let last = day.number
        guard let end = index.records.firstIndex(after: last) else { return false }
        if end > next {
            let from = next
            let ok: Bool? = try index.records.with(from..<end) { records -> Bool in
                for (offset, r) in records.enumerated() {
                    try applyUnits(upTo: from + offset, unitBefore, unitAfter)
                    member(r, state)
                    // A member who stays keeps the cell as joined (perhaps
                    // merged away since): only a move changes the counts.
                    if r.cellBefore != r.cellAfter {
                        if r.cellBefore >= 0 { state.units[Int(state.resolved(r.cellBefore))].members -= 1 }
                        if r.cellAfter >= 0 { state.units[Int(r.cellAfter)].members += 1 }
                    }
                    if r.cellBefore >= 0 && r.statusBefore == LedgerState.probationary { probationary[Int(r.cellBefore)] -= 1 }
                    if r.cellAfter >= 0 && r.statusAfter == LedgerState.probationary { probationary[Int(r.cellAfter)] += 1 }
                }
                return true
            }
            guard ok == true else { return false }
            next = end
        }
        // Unit facts of the day after its last record.
        while nextUnit < index.unitFacts.count && index.unitFacts[nextUnit].effective <= last {
            let f = index.unitFacts[nextUnit]
            unitBefore(f, state)
            try state.apply(f, index.table)
            unitAfter(f, state)
            nextUnit += 1
        }
        return true
    }

    /// Applies the unit facts that come before record `position`.
    @inline(__always)
    mutating func applyUnits(upTo position: Int, _ before: (Fact, LedgerState) -> Void, _ after: (Fact, LedgerState) -> Void) throws {
        while nextUnit < index.unitFacts.count && Int(index.unitPositions[nextUnit]) <= position {
            let f = index.unitFacts[nextUnit]
            before(f, state)
            try state.apply(f, index.table)
            after(f, state)
            nextUnit += 1
        }
    }

    /// The unit tree alone at the end of `day` (no member counts).
    static func units(_ index: FlowIndex, through day: Day) throws -> LedgerState {
        var state = LedgerState()
        state.grow(index.table.names)
        for f in index.unitFacts where f.effective <= day.number { try state.apply(f, index.table) }
        return state
    }
}

extension MappedArray where Element == FlowRecord {
    /// The number of records effective on or before `day` (binary search,
    /// checking each record it reads); nil when one fails its check.
    func firstIndex(after day: Int32) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            guard let r = element(mid) else { return nil }
            if r.day <= day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension FlowIndex {
    var checkpointCount: Int { checkpoints.count / (2 + 2 * unitCount) }
}

// MARK: The reports from the walk

extension Reporter {
    /// Flows of (from, to] from the persisted moves: a walk from the
    /// checkpoint before `from` to `to`, classifying each event against the
    /// scope as it stands just before or just after it, as the replay in
    /// `flows` does (the property tests compare the two). Nil when a record
    /// fails its check.
    func indexedFlows(_ fi: FlowIndex, from: Day, to: Day, unit: String?) throws -> FlowsReport? {
        let scope = try fi.table.names.scopeIndex(unit)
        guard var w = try FlowWalker(fi, through: from) else { return nil }
        var inflow = [Int](repeating: 0, count: 5), outflow = [Int](repeating: 0, count: 6)
        var reasons = [Int](repeating: 0, count: StrikeOffReason.allCases.count)
        var unitsFlow = [Int](repeating: 0, count: 6)   // established, dissolved, merged, movedIn, movedOut, reclassified
        var confirmed = 0, disciplined = 0, struckOffProbationary = 0
        let start = Reporter.membersIn(scope, w.state)
        var wasIn = false, moved = 0, movedGrassroots = 0
        var kindBefore: Int8 = 0, categoryBefore: Int8 = -1
        let mergeLists = fi.table.mergeLists

        func inScope(_ cell: Int32, _ state: LedgerState) -> Bool {
            cell >= 0 && Reporter.inScope(state.resolved(cell), scope, state)
        }
        func grassrootsIn(subtreeOf u: Int32, _ state: LedgerState) -> Int {
            var n = 0
            state.forEachInSubtree(u) { if state.units[Int($0)].unitKind.isGrassroots { n += 1 } }
            return n
        }
        let types = FlowIndex.types
        let arrival: [EventType: Int] = [.memberRegistered: 0, .memberAdmitted: 1, .memberReadmitted: 2, .memberTransferredIn: 3]
        let departure: [EventType: Int] = [.memberExpelled: 0, .memberStruckOff: 1, .memberResigned: 2, .memberDied: 3, .memberTransferredOut: 4]
        var arrivalColumn = [Int](repeating: -1, count: types.count), departureColumn = [Int](repeating: -1, count: types.count)
        for (t, c) in arrival { arrivalColumn[types.firstIndex(of: t)!] = c }
        for (t, c) in departure { departureColumn[types.firstIndex(of: t)!] = c }
        let transferred = UInt8(types.firstIndex(of: .memberTransferred)!)
        let confirmedType = UInt8(types.firstIndex(of: .memberConfirmed)!)
        let disciplinedType = UInt8(types.firstIndex(of: .memberDisciplined)!)
        let struckOff = UInt8(types.firstIndex(of: .memberStruckOff)!)

        let ok = try w.advance(through: to, member: { r, state in
            if let c = Optional(arrivalColumn[Int(r.type)]), c >= 0 {
                if inScope(r.cellAfter, state) { inflow[c] += 1 }
            } else if r.type == transferred {
                let was = inScope(r.cellBefore, state), now = inScope(r.cellAfter, state)
                if was && !now { outflow[5] += 1 }
                if !was && now { inflow[4] += 1 }
            } else if let c = Optional(departureColumn[Int(r.type)]), c >= 0 {
                if inScope(r.cellBefore, state) {
                    outflow[c] += 1
                    if r.type == struckOff {
                        reasons[Int(r.code)] += 1
                        if r.statusBefore == LedgerState.probationary { struckOffProbationary += 1 }
                    }
                }
            } else if r.type == confirmedType {
                if inScope(r.cellBefore, state) { confirmed += 1 }
            } else if r.type == disciplinedType {
                if inScope(r.cellBefore, state) { disciplined += 1 }
            }
        }, unitBefore: { f, state in
            switch f.type {
            case .unitMoved:
                wasIn = Reporter.inScope(f.subject, scope, state)
                moved = state.subtreeMembers(f.subject)
                movedGrassroots = grassrootsIn(subtreeOf: f.subject, state)
            case .unitMerged:
                let intoIn = Reporter.inScope(f.object, scope, state)
                for u in mergeLists[Int(f.extra)] {
                    let uIn = Reporter.inScope(u, scope, state)
                    if uIn && state.units[Int(u)].unitKind.isGrassroots { unitsFlow[2] += 1 }
                    guard uIn != intoIn else { continue }
                    let n = state.subtreeMembers(u)
                    var g = 0
                    for c in state.units[Int(u)].children { g += grassrootsIn(subtreeOf: c, state) }
                    if uIn { outflow[5] += n; unitsFlow[4] += g } else { inflow[4] += n; unitsFlow[3] += g }
                }
            case .unitDissolved:
                if Reporter.inScope(f.subject, scope, state) && state.units[Int(f.subject)].unitKind.isGrassroots { unitsFlow[1] += 1 }
            case .unitReclassified:
                var memo = [Int8?](repeating: nil, count: state.units.count)
                kindBefore = state.units[Int(f.subject)].kind
                categoryBefore = Reporter.category(of: f.subject, in: state, memo: &memo)
                wasIn = Reporter.inScope(f.subject, scope, state)
            default:
                break
            }
        }, unitAfter: { f, state in
            switch f.type {
            case .unitMoved:
                let isIn = Reporter.inScope(f.subject, scope, state)
                if wasIn && !isIn { outflow[5] += moved; unitsFlow[4] += movedGrassroots }
                if !wasIn && isIn { inflow[4] += moved; unitsFlow[3] += movedGrassroots }
            case .unitEstablished:
                if Reporter.inScope(f.subject, scope, state) && state.units[Int(f.subject)].unitKind.isGrassroots { unitsFlow[0] += 1 }
            case .unitReclassified:
                var memo = [Int8?](repeating: nil, count: state.units.count)
                let s = state.units[Int(f.subject)]
                let changed = s.kind != kindBefore || Reporter.category(of: f.subject, in: state, memo: &memo) != categoryBefore
                let grassroots = s.unitKind.isGrassroots || UnitKind.allCases[Int(kindBefore)].isGrassroots
                if wasIn && changed && grassroots { unitsFlow[5] += 1 }
            default:
                break
            }
        })
        guard ok else { return nil }
        let end = Reporter.membersIn(scope, w.state)
        func tally(_ keys: [String], _ counts: [Int]) -> Tally { Tally(zip(keys, counts).map { (key: $0, count: $1) }) }
        return FlowsReport(
            from: from, to: to, unit: unit, provenance: provenance, start: start, end: end,
            inflow: tally(["registered", "admitted", "readmitted", "transferredIn", "movedIn"], inflow),
            outflow: tally(["expelled", "struckOff", "resigned", "died", "transferredOut", "movedOut"], outflow),
            struckOffByReason: tally(StrikeOffReason.allCases.map(\.rawValue), reasons),
            confirmed: confirmed, disciplined: disciplined,
            units: tally(["established", "dissolved", "merged", "movedIn", "movedOut", "reclassified"], unitsFlow),
            struckOffProbationary: struckOffProbationary)
    }

    /// Members in the scope, from the units' direct member counts.
    static func membersIn(_ scope: Int32?, _ state: LedgerState) -> Int {
        if let scope {
            guard state.units[Int(scope)].active else { return 0 }
            return state.subtreeMembers(scope)
        }
        return state.units.reduce(0) { $0 + Int($1.members) }
    }

    /// A series from the persisted moves: the walk stops at every point.
    func indexedSeries(_ fi: FlowIndex, from: Day, to: Day, every: SeriesInterval, unit: String?) throws -> SeriesReport? {
        let scope = try fi.table.names.scopeIndex(unit)
        let days = every.points(from: from, to: to)
        guard let first = days.first, var w = try FlowWalker(fi, through: first) else { return nil }
        var points: [SeriesPoint] = []
        points.reserveCapacity(days.count)
        for day in days {
            guard try w.advance(through: day, member: { _, _ in }, unitBefore: { _, _ in }, unitAfter: { _, _ in }) else { return nil }
            points.append(Reporter.seriesPoint(at: day, scope: scope, state: w.state, probationary: w.probationary))
        }
        return SeriesReport(from: from, to: to, every: every, unit: unit, provenance: provenance, points: points)
    }

    /// Ratings of `year` from the rating records of the year, the unit tree
    /// at each of them, and the member spans alive on 31 December.
    func indexedRatings(_ index: SnapshotIndex, _ fi: FlowIndex, year: Int, unit: String?) throws -> RatingsReport? {
        let scope = try fi.table.names.scopeIndex(unit)
        let yearEnd = Day(year: year, month: 12, day: 31)!
        guard index.canAnswer(at: yearEnd), let range = fi.ratings.range(ofYear: Int32(year)),
              let records = fi.ratings.with(range, { Array($0) }) else { return nil }
        // The eligible: grassroots units of the scope active at the end of
        // 31 December, the members current then.
        let atEnd = try FlowWalker.units(fi, through: yearEnd)
        var eligibleUnits: [Int32] = []
        for (u, s) in atEnd.units.enumerated() where s.active && s.unitKind.isGrassroots && Reporter.inScope(Int32(u), scope, atEnd) {
            eligibleUnits.append(Int32(u))
        }
        var exemptedByMember: [Int32: Bool] = [:]
        var eligibleMembers: [Int32] = []
        if scope == nil || atEnd.units[Int(scope!)].active {
            let d = yearEnd.number, n = index.spansRead(at: yearEnd)
            var inScope = [Int8](repeating: -1, count: atEnd.units.count)
            index.withMemberSpans { spans in
                for i in 0..<n where spans[i].from <= d {
                    let s = spans[i]
                    if inScope[Int(s.cell)] < 0 {
                        inScope[Int(s.cell)] = Reporter.inScope(atEnd.resolved(s.cell), scope, atEnd) ? 1 : 0
                    }
                    if inScope[Int(s.cell)] == 1 {
                        eligibleMembers.append(s.member)
                        exemptedByMember[s.member] = s.exempted != 0
                    }
                }
            }
        }
        // The last rating of the year counts, in scope as the tree stood then.
        var state = LedgerState()
        state.grow(fi.table.names)
        var applied = 0
        var unitRatings = [Int32: (rating: Int8, inScope: Bool)]()
        var memberRatings = [Int32: (rating: Int8, inScope: Bool)]()
        for r in records {
            while applied < Int(r.unitFacts) && applied < fi.unitFacts.count {
                try state.apply(fi.unitFacts[applied], fi.table)
                applied += 1
            }
            if r.member != 0 {
                memberRatings[r.subject] = (r.code, r.cell >= 0 && Reporter.inScope(state.resolved(r.cell), scope, state))
            } else {
                unitRatings[r.subject] = (r.code, Reporter.inScope(r.subject, scope, state))
            }
        }
        let unitShares = RatingShares.units(eligibleUnits.map { u in unitRatings[u].map { UnitRating.allCases[Int($0.rating)] } })
        let memberShares = RatingShares.members(eligibleMembers.map { m in
            (rating: memberRatings[m].map { MemberRating.allCases[Int($0.rating)] }, exempted: exemptedByMember[m] ?? false)
        })
        return RatingsReport(year: year, unit: unit, provenance: provenance, unitRatings: unitRatings,
                             memberRatings: memberRatings, unitShares: unitShares, memberShares: memberShares)
    }
}

extension MappedArray where Element == RatingRecord {
    /// The records of `year` (sorted by year), checking those it reads.
    func range(ofYear year: Int32) -> Range<Int>? {
        func bound(_ upper: Bool) -> Int? {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                guard let r = element(mid) else { return nil }
                if r.year < year || (upper && r.year == year) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        guard let a = bound(false), let b = bound(true) else { return nil }
        return a..<b
    }
}
