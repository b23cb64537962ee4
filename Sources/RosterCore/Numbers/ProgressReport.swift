/// `report progress`: a plan's targets against the ledger (docs/REPORTS.md,
/// "progress"). Every indicator is a figure another report already prints —
/// flows' `admitted`, the snapshot's total, the ratings shares, the places
/// census — computed here by calling that report, never by a second count.

/// The value of an indicator for a year.
public enum IndicatorValue: Equatable, Sendable {
    case count(Int)
    /// 100 · part / whole percent (whole > 0); printed with one decimal,
    /// compared with the bounds exactly.
    case percent(part: Int, whole: Int)

    /// value ≥ bound, exactly.
    func atLeast(_ bound: PlanNumber) -> Bool {
        switch self {
        case .count(let n): return Int64(n) * 100 >= bound.hundredths
        case .percent(let part, let whole): return Int64(part) * 10_000 >= bound.hundredths * Int64(whole)
        }
    }

    /// value ≤ bound, exactly.
    func atMost(_ bound: PlanNumber) -> Bool {
        switch self {
        case .count(let n): return Int64(n) * 100 <= bound.hundredths
        case .percent(let part, let whole): return Int64(part) * 10_000 <= bound.hundredths * Int64(whole)
        }
    }
}

public struct TargetResult: Equatable, Sendable {
    public var target: PlanTarget
    /// nil: cannot be computed (nothing rated, no place of that kind, no base for a growth).
    public var value: IndicatorValue?
    /// nil when the value is nil.
    public var met: Bool?
}

/// One year of a plan: the targets evaluated, or why not.
public struct ProgressYear: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
        case evaluated
        /// The year has not begun on the report's date (whole-plan view only).
        case toCome
        /// The plan's unit is not active on 31 December of the year (whole-plan view only).
        case unitInactive
    }
    public var year: Int
    public var status: Status
    public var targets: [TargetResult]

    public var met: Int { targets.filter { $0.met == true }.count }
    public var notMet: Int { targets.filter { $0.met == false }.count }
    public var unknown: Int { targets.filter { $0.met == nil }.count }
}

public struct ProgressReport: Equatable, Sendable {
    public var plan: String
    public var name: String
    public var unit: String
    public var from: Int
    public var to: Int
    /// The year asked for (`--year`), or nil for the whole plan.
    public var year: Int?
    public var provenance: Provenance
    public var targets: [PlanTarget]
    /// One entry for `--year`; every year of from…to for the whole plan.
    public var years: [ProgressYear]
}

extension Reporter {
    /// The plan as adopted (the last not retracted `plan.adopted` of its id in the timeline).
    func plan(_ id: String, _ timeline: Timeline) throws -> (record: PlanRecord, unit: Int32) {
        let table = timeline.table
        guard let p = table.names.plans.index(of: id) else {
            throw ReportError("plan \(id) does not exist in the ledger")
        }
        // The facts of one plan id: one, or a retracted one and its correction.
        // A scan of the whole timeline's facts (no replay): cheap next to the
        // replays the indicators need.
        var found: Fact?
        for i in timeline.order {
            let f = table.facts[Int(i)]
            if f.type == .planAdopted && f.subject == p { found = f }
        }
        guard let f = found else {
            let recorded = table.facts[0..<Int(timeline.limit)].contains { $0.type == .planAdopted && $0.subject == p }
            if recorded { throw ReportError("plan \(id) does not exist in the ledger (its adoption was retracted)") }
            throw ReportError("plan \(id) does not exist in the ledger as known at \(provenance.knownAt ?? "now")")
        }
        return (table.plans[Int(f.extra)], f.object)
    }

    /// `report progress --plan P [--year Y]`; `today` decides which years of
    /// the whole plan are still to come (the day of `--known-at`, else the clock's).
    public func progress(plan id: String, year: Int?, today: Day) throws -> ProgressReport {
        let timeline = try timeline()
        let (plan, unitIndex) = try self.plan(id, timeline)
        let unit = timeline.table.names.units[unitIndex]
        var report = ProgressReport(plan: id, name: plan.name, unit: unit, from: plan.from, to: plan.to, year: year,
                                    provenance: provenance, targets: plan.targets, years: [])
        if let year {
            guard (plan.from...plan.to).contains(year) else {
                throw ReportError("plan \(id) runs from \(plan.from) to \(plan.to); --year \(year) is outside it")
            }
            let yearEnd = Day(year: year, month: 12, day: 31)!
            let state = try timeline.state(at: yearEnd)
            if let why = Self.inactive(unitIndex, state) {
                throw ReportError("plan \(id): its unit \(unit) is not active on \(yearEnd) (\(why)); the plan cannot be evaluated for \(year)")
            }
            report.years = [try evaluate(plan, unit: unit, unitIndex: unitIndex, year: year, state: state, timeline: timeline)]
            return report
        }
        for y in plan.from...plan.to {
            if y > today.year {
                report.years.append(ProgressYear(year: y, status: .toCome, targets: []))
                continue
            }
            let state = try timeline.state(at: Day(year: y, month: 12, day: 31)!)
            if Self.inactive(unitIndex, state) != nil {
                report.years.append(ProgressYear(year: y, status: .unitInactive, targets: []))
                continue
            }
            report.years.append(try evaluate(plan, unit: unit, unitIndex: unitIndex, year: y, state: state, timeline: timeline))
        }
        return report
    }

    /// Why the unit is not active in `state`, or nil when it is.
    static func inactive(_ u: Int32, _ state: LedgerState) -> String? {
        let s = state.units[Int(u)]
        if s.active { return nil }
        if !s.known { return "not yet established" }
        return "\(s.endedBy == .unitMerged ? "merged" : "dissolved") on \(Day(number: s.endedOn))"
    }

    /// Every target of `plan` for `year`: each figure from the report that
    /// prints it. Flows, ratings and the places census each replay the
    /// history up to their date (they have no per-year aggregates yet); each
    /// runs once per year, and only when a target asks for it.
    func evaluate(_ plan: PlanRecord, unit: String, unitIndex: Int32, year: Int, state: LedgerState,
                  timeline: Timeline) throws -> ProgressYear {
        let yearEnd = Day(year: year, month: 12, day: 31)!
        let previousEnd = Day(year: year - 1, month: 12, day: 31)!
        // Each source is computed once, and only when a target needs it.
        var snapshotNow: SnapshotReport?
        func membersNow() throws -> Int {
            if let s = snapshotNow { return s.total }
            let s = try snapshot(at: yearEnd, unit: unit)
            snapshotNow = s
            return s.total
        }
        var ratingsYear: RatingsReport?
        func shares() throws -> RatingsReport {
            if let r = ratingsYear { return r }
            let r = try ratings(year: year, unit: unit)
            ratingsYear = r
            return r
        }
        var census: PlaceCensus?
        func places() -> PlaceCensus {
            if let c = census { return c }
            let c = PlaceCensus(state: state, scope: unitIndex, names: timeline.table.names)
            census = c
            return c
        }
        func percent(_ part: Int, _ whole: Int) -> IndicatorValue? { whole > 0 ? .percent(part: part, whole: whole) : nil }

        var results: [TargetResult] = []
        for t in plan.targets {
            // The rules admit only catalogue indicators.
            guard let indicator = Indicator(name: t.indicator) else {
                throw ReportError("plan target \(t.indicator) is not an indicator of the catalogue")
            }
            let value: IndicatorValue?
            switch indicator {
            case .admissions:
                value = .count(try flows(from: previousEnd, to: yearEnd, unit: unit).inflow["admitted"])
            case .members:
                value = .count(try membersNow())
            case .membersGrowth:
                // Nothing to grow from: a scope not yet established, or empty, on 31 December of the year before.
                let before = try? snapshot(at: previousEnd, unit: unit).total
                value = try before.flatMap { b in percent(try membersNow() - b, b) }
            case .grassrootsGoodOrBetter: let s = try shares().unitShares; value = percent(s.goodOrBetter, s.rated)
            case .grassrootsExcellent: let s = try shares().unitShares; value = percent(s.excellent, s.rated)
            case .grassrootsWeak: let s = try shares().unitShares; value = percent(s.weak, s.rated)
            case .membersGoodOrBetter: let s = try shares().memberShares; value = percent(s.goodOrBetter, s.rated)
            case .membersExcellent: let s = try shares().memberShares; value = percent(s.excellent, s.rated)
            case .membersUnsatisfactory: let s = try shares().memberShares; value = percent(s.weak, s.rated)
            case .placesWithCell(let kind): let s = places().share(kind, members: false); value = percent(s.part, s.whole)
            case .placesWithMembers(let kind): let s = places().share(kind, members: true); value = percent(s.part, s.whole)
            }
            let met = value.map { v in (t.min.map { v.atLeast($0) } ?? true) && (t.max.map { v.atMost($0) } ?? true) }
            results.append(TargetResult(target: t, value: value, met: met))
        }
        return ProgressYear(year: year, status: .evaluated, targets: results)
    }
}
