/// Members and grassroots organisations at regular points in time
/// (`roster report series`), computed in one replay of the timeline.

/// The step between two points of a series.
public enum SeriesInterval: String, CaseIterable, Sendable {
    case month, quarter, year

    var months: Int {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        }
    }

    /// The last day of the period (month, quarter or year) that holds `day`.
    public func periodEnd(of day: Day) -> Day {
        let c = day.components
        let lastMonth: Int
        switch self {
        case .month: lastMonth = c.month
        case .quarter: lastMonth = ((c.month - 1) / 3 + 1) * 3
        case .year: lastMonth = 12
        }
        return Day(year: c.year, month: lastMonth, day: Day.daysInMonth(year: c.year, month: lastMonth))!
    }

    /// The points of a series from `from` to `to`: `from` first, then the end
    /// of every period strictly between them, then `to` (once when equal).
    public func points(from: Day, to: Day) -> [Day] {
        guard from <= to else { return [] }
        var points = [from]
        var end = periodEnd(of: from)
        if end == from { end = periodEnd(of: from.adding(days: 1)) }
        while end < to {
            points.append(end)
            // The first day of the next period, then its end.
            end = periodEnd(of: end.adding(days: 1))
        }
        if to != from { points.append(to) }
        return points
    }
}

/// One point of a series: the counts at the end of `at`.
public struct SeriesPoint: Equatable, Sendable {
    public var at: Day
    public var total: Int
    public var full: Int
    public var probationary: Int
    public var grassroots: Int

    public init(at: Day, total: Int, full: Int, probationary: Int, grassroots: Int) {
        self.at = at
        self.total = total
        self.full = full
        self.probationary = probationary
        self.grassroots = grassroots
    }
}

public struct SeriesReport: Equatable, Sendable {
    public var from: Day, to: Day
    public var every: SeriesInterval
    public var unit: String?
    public var provenance: Provenance
    public var points: [SeriesPoint]

    public init(from: Day, to: Day, every: SeriesInterval, unit: String?, provenance: Provenance, points: [SeriesPoint]) {
        self.from = from
        self.to = to
        self.every = every
        self.unit = unit
        self.provenance = provenance
        self.points = points
    }
}

extension Reporter {
    /// Counts at every point of `every` from `from` to `to` (both included),
    /// in one replay: a point is read off the state when the replay reaches
    /// the first fact effective after it.
    ///
    /// The scope is `unit` and its subtree as it stands at each point; where
    /// the scope unit is not active (not yet established, merged away or
    /// dissolved) the point counts nothing. An unknown unit is an error.
    public func series(from: Day, to: Day, every: SeriesInterval, unit: String?) throws -> SeriesReport {
        guard from <= to else { throw ReportError("--from \(from) is after --to \(to)") }
        if let fi = index(through: to, unit: unit)?.flowIndex,
           let r = try indexedSeries(fi, from: from, to: to, every: every, unit: unit) {
            answeredFromIndex += 1
            return r
        }
        return try replayedSeries(from: from, to: to, every: every, unit: unit)
    }

    /// The series by one replay of the timeline (the reference).
    public func replayedSeries(from: Day, to: Day, every: SeriesInterval, unit: String?) throws -> SeriesReport {
        let timeline = try timeline()
        let scope = try timeline.table.names.scopeIndex(unit)
        let days = every.points(from: from, to: to)
        var points: [SeriesPoint] = []
        points.reserveCapacity(days.count)

        // Probationary members per cell as recorded on the member (before any
        // merger); a merged cell's count is read through `resolved`.
        var probationary: [Int32] = []
        var prior: (cell: Int32, status: Int8) = (-1, 0)
        var next = 0

        func emit(upTo limit: Int32, _ state: LedgerState) {
            while next < days.count && days[next].number < limit {
                points.append(Reporter.seriesPoint(at: days[next], scope: scope, state: state, probationary: probationary))
                next += 1
            }
        }

        var state = LedgerState()
        try timeline.replay(until: to, state: &state, before: { f, state in
            emit(upTo: f.effective, state)
            if probationary.count < state.units.count {
                probationary.append(contentsOf: repeatElement(0, count: state.units.count - probationary.count))
            }
            if f.type.isMemberEvent {
                let m = state.members[Int(f.subject)]
                prior = (m.cell, m.status)
            }
        }, after: { f, state in
            guard f.type.isMemberEvent else { return }
            let m = state.members[Int(f.subject)]
            if prior.cell >= 0 && prior.status == LedgerState.probationary { probationary[Int(prior.cell)] -= 1 }
            if m.cell >= 0 && m.status == LedgerState.probationary { probationary[Int(m.cell)] += 1 }
        })
        if probationary.count < state.units.count {
            probationary.append(contentsOf: repeatElement(0, count: state.units.count - probationary.count))
        }
        emit(upTo: Int32.max, state)
        return SeriesReport(from: from, to: to, every: every, unit: unit, provenance: provenance, points: points)
    }

    /// The counts of one point, from the per-unit member counts: no pass over members.
    static func seriesPoint(at day: Day, scope: Int32?, state: LedgerState, probationary: [Int32]) -> SeriesPoint {
        if let scope, !state.units[Int(scope)].active {
            return SeriesPoint(at: day, total: 0, full: 0, probationary: 0, grassroots: 0)
        }
        var inScope = [Bool](repeating: false, count: state.units.count)
        var total = 0, grassroots = 0
        for u in state.units.indices where state.units[u].active {
            guard Reporter.inScope(Int32(u), scope, state) else { continue }
            inScope[u] = true
            total += Int(state.units[u].members)
            if state.units[u].unitKind.isGrassroots { grassroots += 1 }
        }
        var prob = 0
        for (u, n) in probationary.enumerated() where n != 0 {
            let cell = state.resolved(Int32(u))
            if inScope[Int(cell)] { prob += Int(n) }
        }
        return SeriesPoint(at: day, total: total, full: total - prob, probationary: prob, grassroots: grassroots)
    }
}
