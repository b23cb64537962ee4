/// Computes report values from a timeline by folding it (docs/RULES.md, §6).

/// Not Sendable: it loads its timeline lazily (a mutable cache), so one
/// reporter serves one thread.
public final class Reporter {
    private var loadedTimeline: Timeline?
    private let loadTimeline: (() throws -> Timeline)?
    /// The snapshot index, when the ledger has a valid one (not for `--known-at`).
    public let index: SnapshotIndex?
    public let provenance: Provenance
    /// Member ids and person names for the lists that print them (badge
    /// rounds, `report members`), looked up for the indices asked only (a
    /// national ledger has five million ids; a list needs a few). Nil: the
    /// timeline's own names.
    public var loadNames: ((_ members: [Int32], _ people: [Int32]) throws -> (members: [Int32: String], people: [Int32: String]))?

    /// The ids of `members` and the names of `people`.
    public func names(members: [Int32], people: [Int32]) throws -> (members: [Int32: String], people: [Int32: String]) {
        if let loadNames { return try loadNames(members, people) }
        let t = try timeline()
        var m: [Int32: String] = [:], p: [Int32: String] = [:]
        for i in members { m[i] = t.table.names.members[i] }
        for i in people where i >= 0 { p[i] = t.table.names.people[i] }
        return (m, p)
    }

    /// A reporter that folds `timeline` for every report.
    public init(timeline: Timeline, provenance: Provenance) {
        self.loadedTimeline = timeline
        self.loadTimeline = nil
        self.index = nil
        self.provenance = provenance
    }

    /// A reporter that answers snapshots from `index` and loads the timeline
    /// only when a report needs it (flows, ratings) or the index cannot answer.
    public init(index: SnapshotIndex?, provenance: Provenance, loadTimeline: @escaping () throws -> Timeline) {
        self.loadedTimeline = nil
        self.loadTimeline = loadTimeline
        self.index = index
        self.provenance = provenance
    }

    /// For a `--known-at` reporter: the log prefix it folds (its last seq),
    /// the earliest day the events recorded after it touch (their effective
    /// day; a retraction's target's), whether a retraction is among them, and
    /// the index of the whole ledger. Up to the day before that earliest day,
    /// the prefix's timeline and the whole one are the same events, so the
    /// index answers for the prefix too (docs/DECISIONS.md, "`--known-at`
    /// from the index").
    public struct KnownPrefix {
        public var limit: Int64
        public var earliestAfter: Int32
        public var retractionAfter: Bool
        public var index: SnapshotIndex
        public init(limit: Int64, earliestAfter: Int32, retractionAfter: Bool, index: SnapshotIndex) {
            self.limit = limit
            self.earliestAfter = earliestAfter
            self.retractionAfter = retractionAfter
            self.index = index
        }
    }
    public var knownPrefix: KnownPrefix?
    /// How many flows, series and ratings this reporter answered from the
    /// index's persisted moves rather than by a replay (tests read it).
    public internal(set) var answeredFromIndex = 0

    /// The snapshot index, when it answers for every day up to `day` with
    /// the scope `unit`: the ledger's own, or for a `--known-at` reporter
    /// the whole ledger's when nothing recorded after the prefix is
    /// effective by `day` and the scope unit was established within it.
    public func index(through day: Day, unit: String?) -> SnapshotIndex? {
        if let index { return index }
        guard let p = knownPrefix, day.number < p.earliestAfter else { return nil }
        if let unit {
            guard let u = p.index.names.units.index(of: unit), let fi = p.index.flowIndex,
                  let seq = fi.establishedSeq(u), seq <= p.limit else { return nil }
        }
        return p.index
    }

    public func timeline() throws -> Timeline {
        if let t = loadedTimeline { return t }
        let t = try loadTimeline!()
        loadedTimeline = t
        return t
    }


    /// A unit's category on the state's day: its own, else its parent's, up the tree; -1 unknown.
    static func category(of unit: Int32, in state: LedgerState, memo: inout [Int8?]) -> Int8 {
        if let c = memo[Int(unit)] { return c }
        let s = state.units[Int(unit)]
        let c: Int8 = s.category >= 0 ? s.category : (s.parent >= 0 ? category(of: s.parent, in: state, memo: &memo) : -1)
        memo[Int(unit)] = c
        return c
    }

    static func inScope(_ unit: Int32, _ scope: Int32?, _ state: LedgerState) -> Bool {
        guard let scope else { return true }
        return state.isWithin(unit, scope)
    }

    // MARK: snapshot

    public func snapshot(at day: Day, unit: String?, bands: AgeBands = .standard) throws -> SnapshotReport {
        if let index = index(through: day, unit: unit), index.canAnswer(at: day) {
            return try index.snapshot(at: day, unit: unit, bands: bands, provenance: provenance)
        }
        let timeline = try timeline()
        let names = timeline.table.names
        let scope = try names.scopeIndex(unit)
        let state = try timeline.state(at: day)
        if let scope, !state.units[Int(scope)].active {
            let s = state.units[Int(scope)]
            if s.endedOn != Int32.min {
                throw ReportError("unit \(unit!) is not active on \(day) (\(s.endedBy == .unitMerged ? "merged" : "dissolved") on \(Day(number: s.endedOn)))")
            }
            throw ReportError("unit \(unit!) is not active on \(day) (not yet established)")
        }
        return Reporter.aggregate(units: state, at: day, scope: scope, unit: unit, names: names,
                                  bands: bands, provenance: provenance) { body in
            for m in state.members where m.cell >= 0 { body(m.cell, m.status, m.exempted, m.attributes) }
        }
    }

    /// Counts the members `members` yields (cell as joined, status,
    /// exemption, attributes) and the active units of `state` in the scope.
    static func aggregate(units state: LedgerState, at day: Day, scope: Int32?, unit: String?, names: Vocabularies,
                          bands: AgeBands, provenance: Provenance,
                          members: ((Int32, Int8, Bool, Attributes) -> Void) -> Void) -> SnapshotReport {
        var memo = [Int8?](repeating: nil, count: state.units.count)
        var inScope = [Bool](repeating: false, count: state.units.count)
        for u in state.units.indices where state.units[u].active {
            inScope[u] = Reporter.inScope(Int32(u), scope, state)
        }
        func slot(_ v: Int8, _ unknown: Int) -> Int { v >= 0 ? Int(v) : unknown }
        // Per unit as joined: the category slot of the cell it resolves to on
        // the day, or -1 when that cell is outside the scope.
        let categories = UnitCategory.allCases.count
        var cellSlot = [Int32](repeating: -1, count: state.units.count)
        for u in state.units.indices {
            let r = Int(state.resolved(Int32(u)))
            if state.units[r].active && inScope[r] {
                cellSlot[u] = Int32(slot(Reporter.category(of: Int32(r), in: state, memo: &memo), categories))
            }
        }
        // Age bands by birth date: age > bound ⇔ born on or before the day
        // `bound + 1` years before (a 29 February birthday counts from 1 March
        // in common years, as Day.adding(months:) clamps).
        let limits = bands.upperBounds.map { day.adding(months: -12 * ($0 + 1)).number }
        // One flat block of counters: [age | education | theory | gender | category | ethnicity | religion].
        let ageBase = 0
        let eduBase = ageBase + limits.count + 1
        let theoryBase = eduBase + Education.allCases.count + 1
        let genderBase = theoryBase + Theory.allCases.count + 1
        let categoryBase = genderBase + Gender.allCases.count + 1
        let ethnicityBase = categoryBase + categories + 1
        let religionBase = ethnicityBase + names.ethnicities.count + 1
        let size = religionBase + names.religions.count + 1
        let counters = UnsafeMutableBufferPointer<Int>.allocate(capacity: size)
        counters.initialize(repeating: 0)
        defer { counters.deallocate() }
        let unknownEthnicity = names.ethnicities.count, unknownReligion = names.religions.count
        var total = 0, full = 0, prob = 0, exempt = 0
        cellSlot.withUnsafeBufferPointer { cellSlot in
            limits.withUnsafeBufferPointer { limits in
                members { joined, status, exempted, a in
                    let c = cellSlot[Int(joined)]
                    guard c >= 0 else { return }
                    total += 1
                    if status == 0 { full += 1 } else { prob += 1 }
                    if exempted { exempt += 1 }
                    var band = 0
                    let birth = a.birth.number
                    while band < limits.count && birth <= limits[band] { band += 1 }
                    counters[ageBase + band] += 1
                    counters[eduBase + (a.education >= 0 ? Int(a.education) : Education.allCases.count)] += 1
                    counters[theoryBase + (a.theory >= 0 ? Int(a.theory) : Theory.allCases.count)] += 1
                    counters[genderBase + (a.gender >= 0 ? Int(a.gender) : Gender.allCases.count)] += 1
                    counters[categoryBase + Int(c)] += 1
                    counters[ethnicityBase + (a.ethnicity >= 0 ? Int(a.ethnicity) : unknownEthnicity)] += 1
                    counters[religionBase + (a.religion >= 0 ? Int(a.religion) : unknownReligion)] += 1
                }
            }
        }
        func slice(_ base: Int, _ count: Int) -> [Int] { Array(counters[base..<(base + count)]) }
        let age = slice(ageBase, limits.count + 1)
        let edu = slice(eduBase, Education.allCases.count + 1)
        let theory = slice(theoryBase, Theory.allCases.count + 1)
        let gender = slice(genderBase, Gender.allCases.count + 1)
        let category = slice(categoryBase, categories + 1)
        let ethnicity = slice(ethnicityBase, names.ethnicities.count + 1)
        let religion = slice(religionBase, names.religions.count + 1)
        var kinds = [Int](repeating: 0, count: UnitKind.allCases.count)
        var grassrootsByCategory = [Int](repeating: 0, count: UnitCategory.allCases.count + 1)
        var grassroots = 0
        for u in state.units.indices where state.units[u].active && inScope[u] {
            let kind = state.units[u].unitKind
            kinds[Int(state.units[u].kind)] += 1
            if kind.isGrassroots {
                grassroots += 1
                grassrootsByCategory[slot(Reporter.category(of: Int32(u), in: state, memo: &memo), UnitCategory.allCases.count)] += 1
            }
        }
        func fixed<V: CaseIterable & RawRepresentable>(_ type: V.Type, _ counts: [Int], unknown: Bool) -> Tally where V.RawValue == String {
            var entries = zip(V.allCases.map(\.rawValue), counts).map { (key: $0, count: $1) }
            if unknown { entries.append((key: "unknown", count: counts[V.allCases.count])) }
            return Tally(entries)
        }
        func open(_ interner: Interner, _ counts: [Int]) -> Tally {
            var entries: [(key: String, count: Int)] = []
            for (i, name) in interner.names.enumerated() where counts[i] > 0 { entries.append((name, counts[i])) }
            if counts[interner.count] > 0 { entries.append(("unknown", counts[interner.count])) }
            entries.sort { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
            return Tally(entries)
        }
        // Kinds in docs/REPORTS.md's example order.
        let kindOrder: [UnitKind] = [.grassrootsCommittee, .grassrootsCell, .cell, .subCommittee, .committee]
        return SnapshotReport(
            at: day, unit: unit, provenance: provenance,
            total: total, full: full, probationary: prob, exempted: exempt,
            byAge: Tally(zip(bands.labels, age).map { (key: $0, count: $1) }),
            byEducation: fixed(Education.self, edu, unknown: true),
            byTheory: fixed(Theory.self, theory, unknown: true),
            byGender: fixed(Gender.self, gender, unknown: true),
            byEthnicity: open(names.ethnicities, ethnicity),
            byReligion: open(names.religions, religion),
            byCategory: fixed(UnitCategory.self, category, unknown: true),
            grassroots: grassroots,
            unitsByKind: Tally(kindOrder.map { (key: $0.rawValue, count: kinds[Int(FactTable.index($0))]) }),
            grassrootsByCategory: fixed(UnitCategory.self, grassrootsByCategory, unknown: true))
    }

    // MARK: flows

    /// Counts members in scope on the state's day.
    static func members(in scope: Int32?, _ state: LedgerState) -> Int {
        if let scope {
            guard state.units[Int(scope)].active else { return 0 }
            return state.subtreeMembers(scope)
        }
        return state.members.reduce(0) { $0 + ($1.cell >= 0 ? 1 : 0) }
    }

    public func flows(from: Day, to: Day, unit: String?) throws -> FlowsReport {
        guard from <= to else { throw ReportError("--from \(from) is after --to \(to)") }
        if let fi = index(through: to, unit: unit)?.flowIndex, let r = try indexedFlows(fi, from: from, to: to, unit: unit) {
            answeredFromIndex += 1
            return r
        }
        return try replayedFlows(from: from, to: to, unit: unit)
    }

    /// Flows by a replay of the timeline from its first event: the
    /// reference the indexed path is tested against, and the answer when
    /// the index cannot give one.
    public func replayedFlows(from: Day, to: Day, unit: String?) throws -> FlowsReport {
        let timeline = try timeline()
        let scope = try timeline.table.names.scopeIndex(unit)
        var inflow = [String: Int](), outflow = [String: Int](), reasons = [Int](repeating: 0, count: StrikeOffReason.allCases.count)
        var unitsFlow = [String: Int]()
        var confirmed = 0, disciplined = 0, start = 0, struckOffProbationary = 0
        var started = false
        var wasProbationary = false
        // Values captured before a fact, read after it.
        var wasIn = false
        var moved = 0, movedGrassroots = 0
        var kindBefore: Int8 = 0, categoryBefore: Int8 = -1
        let table = timeline.table

        func memberIn(_ m: Int32, _ state: LedgerState) -> Bool {
            let c = state.members[Int(m)].cell
            return c >= 0 && Reporter.inScope(state.resolved(c), scope, state)
        }
        func grassrootsIn(subtreeOf u: Int32, _ state: LedgerState) -> Int {
            var n = 0
            state.forEachInSubtree(u) { if state.units[Int($0)].unitKind.isGrassroots { n += 1 } }
            return n
        }

        var state = LedgerState()
        try timeline.replay(until: to, state: &state, before: { f, state in
            if !started && f.effective > from.number {
                start = Reporter.members(in: scope, state)
                started = true
            }
            guard started else { return }
            switch f.type {
            case .memberTransferred, .memberTransferredOut, .memberExpelled, .memberStruckOff,
                 .memberResigned, .memberDied, .memberConfirmed, .memberDisciplined:
                wasIn = memberIn(f.subject, state)
                wasProbationary = state.members[Int(f.subject)].status == LedgerState.probationary
            case .unitMoved:
                wasIn = Reporter.inScope(f.subject, scope, state)
                moved = state.subtreeMembers(f.subject)
                movedGrassroots = grassrootsIn(subtreeOf: f.subject, state)
            case .unitMerged:
                // Classified here: the merged units are gone afterwards.
                let into = f.object
                let intoIn = Reporter.inScope(into, scope, state)
                for u in table.mergeLists[Int(f.extra)] {
                    let uIn = Reporter.inScope(u, scope, state)
                    if uIn && state.units[Int(u)].unitKind.isGrassroots { unitsFlow["merged", default: 0] += 1 }
                    guard uIn != intoIn else { continue }
                    let n = state.subtreeMembers(u)
                    var g = 0
                    for c in state.units[Int(u)].children { g += grassrootsIn(subtreeOf: c, state) }
                    if uIn {
                        outflow["movedOut", default: 0] += n
                        unitsFlow["movedOut", default: 0] += g
                    } else {
                        inflow["movedIn", default: 0] += n
                        unitsFlow["movedIn", default: 0] += g
                    }
                }
            case .unitDissolved:
                if Reporter.inScope(f.subject, scope, state) && state.units[Int(f.subject)].unitKind.isGrassroots {
                    unitsFlow["dissolved", default: 0] += 1
                }
            case .unitReclassified:
                var memo = [Int8?](repeating: nil, count: state.units.count)
                kindBefore = state.units[Int(f.subject)].kind
                categoryBefore = Reporter.category(of: f.subject, in: state, memo: &memo)
                wasIn = Reporter.inScope(f.subject, scope, state)
            default:
                break
            }
        }, after: { f, state in
            guard started else { return }
            switch f.type {
            case .memberRegistered, .memberAdmitted, .memberReadmitted, .memberTransferredIn:
                if memberIn(f.subject, state) {
                    let key = ["member.registered": "registered", "member.admitted": "admitted",
                               "member.readmitted": "readmitted", "member.transferred-in": "transferredIn"][f.type.rawValue]!
                    inflow[key, default: 0] += 1
                }
            case .memberTransferred:
                let isIn = memberIn(f.subject, state)
                if wasIn && !isIn { outflow["movedOut", default: 0] += 1 }
                if !wasIn && isIn { inflow["movedIn", default: 0] += 1 }
            case .memberTransferredOut, .memberExpelled, .memberStruckOff, .memberResigned, .memberDied:
                if wasIn {
                    let key = ["member.transferred-out": "transferredOut", "member.expelled": "expelled",
                               "member.struck-off": "struckOff", "member.resigned": "resigned", "member.died": "died"][f.type.rawValue]!
                    outflow[key, default: 0] += 1
                    if f.type == .memberStruckOff {
                        reasons[Int(f.code)] += 1
                        if wasProbationary { struckOffProbationary += 1 }
                    }
                }
            case .memberConfirmed:
                if wasIn { confirmed += 1 }
            case .memberDisciplined:
                if wasIn { disciplined += 1 }
            case .unitMoved:
                let isIn = Reporter.inScope(f.subject, scope, state)
                if wasIn && !isIn {
                    outflow["movedOut", default: 0] += moved
                    unitsFlow["movedOut", default: 0] += movedGrassroots
                }
                if !wasIn && isIn {
                    inflow["movedIn", default: 0] += moved
                    unitsFlow["movedIn", default: 0] += movedGrassroots
                }
            case .unitEstablished:
                if Reporter.inScope(f.subject, scope, state) && state.units[Int(f.subject)].unitKind.isGrassroots {
                    unitsFlow["established", default: 0] += 1
                }
            case .unitReclassified:
                var memo = [Int8?](repeating: nil, count: state.units.count)
                let s = state.units[Int(f.subject)]
                let changed = s.kind != kindBefore || Reporter.category(of: f.subject, in: state, memo: &memo) != categoryBefore
                let grassroots = s.unitKind.isGrassroots || UnitKind.allCases[Int(kindBefore)].isGrassroots
                if wasIn && changed && grassroots { unitsFlow["reclassified", default: 0] += 1 }
            default:
                break
            }
        })
        if !started { start = Reporter.members(in: scope, state) }
        let end = Reporter.members(in: scope, state)
        func tally(_ keys: [String], _ d: [String: Int]) -> Tally { Tally(keys.map { (key: $0, count: d[$0] ?? 0) }) }
        return FlowsReport(
            from: from, to: to, unit: unit, provenance: provenance, start: start, end: end,
            inflow: tally(["registered", "admitted", "readmitted", "transferredIn", "movedIn"], inflow),
            outflow: tally(["expelled", "struckOff", "resigned", "died", "transferredOut", "movedOut"], outflow),
            struckOffByReason: Tally(zip(StrikeOffReason.allCases.map(\.rawValue), reasons).map { (key: $0, count: $1) }),
            confirmed: confirmed, disciplined: disciplined,
            units: tally(["established", "dissolved", "merged", "movedIn", "movedOut", "reclassified"], unitsFlow),
            struckOffProbationary: struckOffProbationary)
    }

    public func compare(from: Day, to: Day, unit: String?, bands: AgeBands = .standard) throws -> CompareReport {
        CompareReport(from: try snapshot(at: from, unit: unit, bands: bands),
                      to: try snapshot(at: to, unit: unit, bands: bands),
                      flows: try flows(from: from, to: to, unit: unit))
    }

    // MARK: ratings

    public func ratings(year: Int, unit: String?) throws -> RatingsReport {
        // The whole year's ratings may be effective after 31 December: the
        // index must hold for every day (as known now), or for the latest
        // rating of the year (`--known-at`). A retraction recorded after the
        // prefix may have taken out a later rating the index no longer has.
        if knownPrefix?.retractionAfter != true, let index = index ?? knownPrefix?.index, let fi = index.flowIndex,
           let last = fi.ratings.range(ofYear: Int32(year)).flatMap({ r in r.isEmpty ? Int32.min : fi.ratings.element(r.upperBound - 1)?.day }),
           self.index(through: Day(number: max(last, Day(year: year, month: 12, day: 31)!.number)), unit: unit) != nil,
           let r = try indexedRatings(index, fi, year: year, unit: unit) {
            answeredFromIndex += 1
            return r
        }
        return try replayedRatings(year: year, unit: unit)
    }

    /// Ratings by a replay of the whole timeline (the reference).
    public func replayedRatings(year: Int, unit: String?) throws -> RatingsReport {
        let timeline = try timeline()
        let scope = try timeline.table.names.scopeIndex(unit)
        // The last rating of the year per unit/member, and whether it was given inside the scope.
        var unitRatings = [Int32: (rating: Int8, inScope: Bool)]()
        var memberRatings = [Int32: (rating: Int8, inScope: Bool)]()
        // The eligible base of the shares: the scope as it stands on 31 December.
        let yearEnd = Day(year: year, month: 12, day: 31)!.number
        var eligibleUnits: [Int32] = [], eligibleMembers: [(member: Int32, exempted: Bool)] = []
        var captured = false
        func capture(_ state: LedgerState) {
            captured = true
            for (u, s) in state.units.enumerated() where s.active && s.unitKind.isGrassroots
                && Reporter.inScope(Int32(u), scope, state) {
                eligibleUnits.append(Int32(u))
            }
            if let scope, !state.units.indices.contains(Int(scope)) || !state.units[Int(scope)].active { return }
            for (m, s) in state.members.enumerated() where s.cell >= 0 && Reporter.inScope(state.resolved(s.cell), scope, state) {
                eligibleMembers.append((Int32(m), s.exempted))
            }
        }
        var state = LedgerState()
        try timeline.replay(state: &state, before: { f, state in
            if !captured && f.effective > yearEnd { capture(state) }
            guard f.extra == Int32(year) else { return }
            if f.type == .unitRated {
                unitRatings[f.subject] = (f.code, Reporter.inScope(f.subject, scope, state))
            } else if f.type == .memberRated {
                let c = state.members[Int(f.subject)].cell
                memberRatings[f.subject] = (f.code, c >= 0 && Reporter.inScope(state.resolved(c), scope, state))
            }
        })
        if !captured { capture(state) }
        let unitShares = RatingShares.units(eligibleUnits.map { u in unitRatings[u].map { UnitRating.allCases[Int($0.rating)] } })
        let memberShares = RatingShares.members(eligibleMembers.map { e in
            (rating: memberRatings[e.member].map { MemberRating.allCases[Int($0.rating)] }, exempted: e.exempted)
        })
        return RatingsReport(year: year, unit: unit, provenance: provenance, unitRatings: unitRatings,
                             memberRatings: memberRatings, unitShares: unitShares, memberShares: memberShares)
    }
}

extension RatingsReport {
    /// The report from each rated unit's and member's last rating of the
    /// year (code, in scope), and the shares: the replay and the index's
    /// walk both end here.
    init(year: Int, unit: String?, provenance: Provenance,
         unitRatings: [Int32: (rating: Int8, inScope: Bool)], memberRatings: [Int32: (rating: Int8, inScope: Bool)],
         unitShares: RatingShares, memberShares: RatingShares) {
        var units = [Int](repeating: 0, count: UnitRating.allCases.count)
        var members = [Int](repeating: 0, count: MemberRating.allCases.count)
        for r in unitRatings.values where r.inScope { units[Int(r.rating)] += 1 }
        for r in memberRatings.values where r.inScope { members[Int(r.rating)] += 1 }
        self.init(
            year: year, unit: unit, provenance: provenance,
            unitsRated: units.reduce(0, +),
            unitsByRating: Tally(zip(UnitRating.allCases.map(\.rawValue), units).map { (key: $0, count: $1) }),
            membersRated: members.reduce(0, +),
            membersByRating: Tally(zip(MemberRating.allCases.map(\.rawValue), members).map { (key: $0, count: $1) }),
            unitShares: unitShares, memberShares: memberShares)
    }
}

extension Vocabularies {
    /// The scope unit's index, or nil for the whole ledger; an unknown id is an error.
    func scopeIndex(_ unit: String?) throws(ReportError) -> Int32? {
        guard let unit else { return nil }
        guard let u = units.index(of: unit) else {
            throw ReportError("unit \(unit) does not exist in the ledger")
        }
        return u
    }
}

extension Timeline {
    /// The state at the end of `day` and the scope unit's index (nil: the
    /// whole ledger), refusing a unit that does not exist or is not active
    /// on that day.
    public func scopedState(at day: Day, unit: String?) throws -> (state: LedgerState, scope: Int32?) {
        let scope = try table.names.scopeIndex(unit)
        let state = try self.state(at: day)
        if let scope, !state.units[Int(scope)].active {
            throw ReportError("unit \(unit!) is not active on \(day)")
        }
        return (state, scope)
    }
}
