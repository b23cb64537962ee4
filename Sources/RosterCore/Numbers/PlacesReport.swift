/// `report places`: where the party should be present, and whether it is
/// (docs/REPORTS.md, "places"). A place is open on D when registered by then
/// and not closed; it has a cell when an active unit of a grassroots or cell
/// kind is organised in it (wherever that unit is in the tree), and members
/// when a current member belongs to such a unit or below it. A place is in
/// the scope when the unit it belongs to is (it follows its unit through
/// mergers, moves and dissolutions: `LedgerState.placeUnit`).

public struct PlaceCounts: Equatable, Sendable {
    public var open = 0
    public var withCell = 0
    public var withMembers = 0
    public var withoutCell: Int { open - withCell }
    public var withoutMembers: Int { open - withMembers }
    public init() {}
}

public struct PlaceRow: Equatable, Sendable {
    public var place: String
    public var name: String
    public var kind: PlaceKind
    /// The unit the place belongs to on the report's date.
    public var unit: String
}

public struct PlacesReport: Equatable, Sendable {
    public var at: Day
    public var unit: String?
    public var provenance: Provenance
    /// Every place kind, in `PlaceKind.allCases` order.
    public var byKind: [PlaceCounts]
    /// The open places of the scope without a cell, by place id.
    public var withoutCell: [PlaceRow]

    public func counts(_ kind: PlaceKind) -> PlaceCounts { byKind[Int(FactTable.index(kind))] }
}

/// The places of a scope on the day of a state: the one count behind
/// `report places` and the `places-with-…` targets of plans.
public struct PlaceCensus: Sendable {
    public var byKind: [PlaceCounts]
    /// Open places of the scope without a cell (indices into `Vocabularies.places`), by id.
    public var withoutCell: [Int32]

    /// The kinds whose units make a place "have a cell".
    static let cellKinds: Set<Int8> = [FactTable.index(UnitKind.grassrootsCommittee), FactTable.index(UnitKind.grassrootsCell),
                                       FactTable.index(UnitKind.cell)]

    public init(state: LedgerState, scope: Int32?, names: Vocabularies) {
        var hasCell = [Bool](repeating: false, count: state.places.count)
        var hasMembers = [Bool](repeating: false, count: state.places.count)
        for u in state.units where u.active && u.place >= 0 && Self.cellKinds.contains(u.kind) {
            hasCell[Int(u.place)] = true
        }
        // Members only for places that have a cell: a subtree count per hosting unit.
        for (i, u) in state.units.enumerated() where u.active && u.place >= 0 && Self.cellKinds.contains(u.kind) && !hasMembers[Int(u.place)] {
            if state.subtreeMembers(Int32(i)) > 0 { hasMembers[Int(u.place)] = true }
        }
        var byKind = [PlaceCounts](repeating: PlaceCounts(), count: PlaceKind.allCases.count)
        var without: [Int32] = []
        for (i, p) in state.places.enumerated() where p.known && p.open {
            let owner = state.placeUnit(Int32(i))
            guard scope == nil || (owner >= 0 && state.units[Int(owner)].active && Reporter.inScope(owner, scope, state)) else { continue }
            byKind[Int(p.kind)].open += 1
            if hasCell[i] { byKind[Int(p.kind)].withCell += 1 } else { without.append(Int32(i)) }
            if hasMembers[i] { byKind[Int(p.kind)].withMembers += 1 }
        }
        without.sort { names.places[$0].unicodeScalars.lexicographicallyPrecedes(names.places[$1].unicodeScalars) }
        self.byKind = byKind
        self.withoutCell = without
    }

    /// `places-with-cell:KIND` / `places-with-members:KIND`: (part, whole) of the open places of the kind.
    public func share(_ kind: PlaceKind, members: Bool) -> (part: Int, whole: Int) {
        let c = byKind[Int(FactTable.index(kind))]
        return (members ? c.withMembers : c.withCell, c.open)
    }
}

extension Reporter {
    public func places(at day: Day, unit: String?) throws -> PlacesReport {
        // Places are not in the snapshot index: the state on the day is a
        // replay of the timeline up to it (the whole history before the day).
        let timeline = try timeline()
        let (state, scope) = try timeline.scopedState(at: day, unit: unit)
        let names = timeline.table.names
        let census = PlaceCensus(state: state, scope: scope, names: names)
        let rows = census.withoutCell.map { p in
            let s = state.places[Int(p)]
            return PlaceRow(place: names.places[p], name: s.name >= 0 ? timeline.table.placeNames[Int(s.name)] : "",
                            kind: s.placeKind, unit: names.units[state.placeUnit(p)])
        }
        return PlacesReport(at: day, unit: unit, provenance: provenance, byKind: census.byKind, withoutCell: rows)
    }
}
