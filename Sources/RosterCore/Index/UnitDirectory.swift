/// The names of units through time, for showing a unit to a person as
/// "name (id)": the facts keep only ids, so the names come from the
/// establishing and renaming events (`Ledger.unitDirectory` reads them).
public struct UnitDirectory: Sendable {
    /// unit → (effective, seq, name), every naming event.
    var names: [String: [(effective: Day, seq: Int64, name: String)]] = [:]

    public init() {}

    public mutating func add(_ event: Event, seq: Int64) {
        switch event.body {
        case .unitEstablished(let u, let name, _, _, _, _), .unitRenamed(let u, let name):
            names[u, default: []].append((event.effective, seq, name))
        default: break
        }
    }

    /// One naming event (`unit.established` or `unit.renamed`).
    public mutating func add(unit: String, name: String, effective: Day, seq: Int64) {
        names[unit, default: []].append((effective, seq, name))
    }

    /// The unit's name on `day` (its first name before it was established),
    /// from events within the log prefix `limit`, ignoring retracted ones.
    public func name(of unit: String, on day: Day, retracted: Set<Int64> = [], limit: Int64 = .max) -> String? {
        var best: (effective: Day, seq: Int64, name: String)? = nil
        var first: (effective: Day, seq: Int64, name: String)? = nil
        for e in names[unit] ?? [] where e.seq <= limit && !retracted.contains(e.seq) {
            if first == nil || (e.effective, e.seq) < (first!.effective, first!.seq) { first = e }
            guard e.effective <= day else { continue }
            if best == nil || (e.effective, e.seq) > (best!.effective, best!.seq) { best = e }
        }
        return (best ?? first)?.name
    }

    /// "Name (id)", or the id alone when no name is known.
    public func label(_ unit: String, on day: Day, retracted: Set<Int64> = [], limit: Int64 = .max) -> String {
        name(of: unit, on: day, retracted: retracted, limit: limit).map { "\($0) (\(unit))" } ?? unit
    }
}
