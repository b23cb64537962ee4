/// `roster units`: the unit tree on a date, one row per active unit of the
/// scope, ordered by id (docs/CLI.md).
public struct UnitListRow: Equatable, Sendable {
    public var unit: String
    public var name: String?
    public var kind: UnitKind
    /// Own or inherited on the date; nil when no ancestor has one.
    public var category: UnitCategory?
    public var parent: String?
    /// Current members of the unit and its whole subtree.
    public var members: Int
}

public struct UnitListReport: Equatable, Sendable {
    public var at: Day
    public var unit: String?
    public var provenance: Provenance
    public var rows: [UnitListRow]
}

extension Timeline {
    /// Replays the timeline up to `day` (the list needs every unit's state
    /// on that day, which only the fold gives) and lists the active units of
    /// the scope.
    public func unitList(at day: Day, unit: String?, directory: UnitDirectory, provenance: Provenance) throws -> UnitListReport {
        let state = try self.state(at: day)
        let names = table.names.units
        var scope: Int32? = nil
        if let unit {
            guard let u = names.index(of: unit) else { throw ReportError("unit \(unit) does not exist in the ledger") }
            guard Int(u) < state.units.count, state.units[Int(u)].active else {
                throw ReportError("unit \(unit) is not active on \(day)")
            }
            scope = u
        }
        var chosen: [Int32] = []
        if let scope {
            state.forEachInSubtree(scope) { chosen.append($0) }
        } else {
            for i in state.units.indices where state.units[i].active { chosen.append(Int32(i)) }
        }
        func category(_ u: Int32) -> UnitCategory? {
            var u = u
            while u >= 0 {
                let s = state.units[Int(u)]
                if s.category >= 0 { return UnitCategory.allCases[Int(s.category)] }
                u = s.parent
            }
            return nil
        }
        var rows = chosen.map { u -> UnitListRow in
            let s = state.units[Int(u)]
            let id = names[u]
            return UnitListRow(unit: id, name: directory.name(of: id, on: day, retracted: retracted, limit: limit),
                               kind: s.unitKind, category: category(u), parent: s.parent >= 0 ? names[s.parent] : nil,
                               members: state.subtreeMembers(u))
        }
        rows.sort { $0.unit.unicodeScalars.lexicographicallyPrecedes($1.unit.unicodeScalars) }
        return UnitListReport(at: day, unit: unit, provenance: provenance, rows: rows)
    }
}
