/// The names and parents of units over time, for documents that name units
/// instead of printing their codes (a letterhead names the issuing
/// organisation and its superior). The facts keep neither: names are text the
/// rules never need. Fed with the events of the log in seq order; a
/// retraction takes its target out.
public struct UnitDirectory: Sendable {
    struct Change: Sendable {
        var effective: Day
        var seq: Int64
        var value: String?
    }

    var names: [String: [Change]] = [:]
    /// Kinds by their raw values (`committee`, `cell`, …).
    var kinds: [String: [Change]] = [:]
    /// A nil value: established without a parent (a root).
    var parents: [String: [Change]] = [:]
    /// Units in the order they were first established.
    var order: [String] = []
    var unitEventSeq: [String: Int64] = [:]
    var retracted: Set<Int64> = []

    public init() {}

    /// Adds one event of the log; events after `limit` (known-at) are ignored by the caller.
    public mutating func add(_ event: Event, seq: Int64) {
        switch event.body {
        case .unitEstablished(let u, let name, let kind, _, let parent, _):
            if names[u] == nil { order.append(u) }
            names[u, default: []].append(Change(effective: event.effective, seq: seq, value: name))
            kinds[u, default: []].append(Change(effective: event.effective, seq: seq, value: kind.rawValue))
            parents[u, default: []].append(Change(effective: event.effective, seq: seq, value: parent))
            unitEventSeq[event.id] = seq
        case .unitRenamed(let u, let name):
            names[u, default: []].append(Change(effective: event.effective, seq: seq, value: name))
            unitEventSeq[event.id] = seq
        case .unitReclassified(let u, let kind?, _, _):
            kinds[u, default: []].append(Change(effective: event.effective, seq: seq, value: kind.rawValue))
            unitEventSeq[event.id] = seq
        case .unitMoved(let u, let parent):
            parents[u, default: []].append(Change(effective: event.effective, seq: seq, value: parent))
            unitEventSeq[event.id] = seq
        case .eventRetracted(let target, _):
            if let s = unitEventSeq[target] { retracted.insert(s) }
        default:
            break
        }
    }

    func latest(_ changes: [Change]?, on day: Day) -> Change? {
        var best: Change? = nil
        for c in changes ?? [] where c.effective <= day && !retracted.contains(c.seq) {
            if best == nil || (c.effective, c.seq) > (best!.effective, best!.seq) { best = c }
        }
        return best
    }

    /// The unit's name on `day`; before it was established, its first name.
    public func name(of unit: String, on day: Day) -> String? {
        if let c = latest(names[unit], on: day) { return c.value }
        return names[unit]?.first { !retracted.contains($0.seq) }?.value
    }

    /// The unit's kind on `day` (its first kind before it was established).
    public func kind(of unit: String, on day: Day) -> UnitKind? {
        let c = latest(kinds[unit], on: day) ?? kinds[unit]?.first { !retracted.contains($0.seq) }
        return c?.value.flatMap(UnitKind.init(rawValue:))
    }

    /// The unit's parent on `day` (nil for a root or an unknown unit).
    public func parent(of unit: String, on day: Day) -> String? {
        latest(parents[unit], on: day)?.value ?? nil
    }

    /// The first unit established without a parent: the organisation a
    /// whole-ledger report speaks for.
    public func root(on day: Day) -> String? {
        order.first { u in
            guard let c = latest(parents[u], on: day) ?? parents[u]?.first(where: { !retracted.contains($0.seq) }) else { return false }
            return c.value == nil
        }
    }

    /// Every unit's name on `day`, for renderers that swap codes for names.
    public func names(on day: Day) -> [String: String] {
        var out: [String: String] = [:]
        for u in order { if let n = name(of: u, on: day) { out[u] = n } }
        return out
    }

    /// One naming event (`unit.established` or `unit.renamed`), for readers
    /// that decode only the naming events they need.
    public mutating func add(unit: String, name: String, effective: Day, seq: Int64) {
        if names[unit] == nil { order.append(unit) }
        names[unit, default: []].append(Change(effective: effective, seq: seq, value: name))
    }

    /// The unit's name on `day` as known within the log prefix `limit`,
    /// ignoring the seqs in `retracted` too (a timeline's retractions).
    public func name(of unit: String, on day: Day, retracted extra: Set<Int64>, limit: Int64 = .max) -> String? {
        var best: Change? = nil
        var first: Change? = nil
        for c in names[unit] ?? [] where c.seq <= limit && !extra.contains(c.seq) && !retracted.contains(c.seq) {
            if first == nil || (c.effective, c.seq) < (first!.effective, first!.seq) { first = c }
            guard c.effective <= day else { continue }
            if best == nil || (c.effective, c.seq) > (best!.effective, best!.seq) { best = c }
        }
        return (best ?? first)?.value
    }

    /// "Name (id)", or the id alone when no name is known.
    public func label(_ unit: String, on day: Day, retracted extra: Set<Int64> = [], limit: Int64 = .max) -> String {
        name(of: unit, on: day, retracted: extra, limit: limit).map { "\($0) (\(unit))" } ?? unit
    }
}

extension UnitDirectory {
    /// One change a unit event makes to the directory, kept in the index
    /// cache so that documents name units without reading the log.
    public struct Record: Sendable, Equatable {
        public enum What: String, Sendable {
            /// The name given by `unit.established` (which also orders the units), by `unit.renamed`.
            case established = "e", renamed = "n"
            case kind = "k"
            /// A parent (`value` nil: a root).
            case parent = "p"
            /// A retraction of the event at seq `value`.
            case retraction = "r"
        }
        public var what: What
        public var seq: Int64
        public var effective: Int32
        public var unit: String
        public var value: String?

        public init(what: What, seq: Int64, effective: Int32, unit: String, value: String?) {
            self.what = what
            self.seq = seq
            self.effective = effective
            self.unit = unit
            self.value = value
        }
    }

    /// The records of a table's unit events and of the retractions of
    /// those, in seq order: what `add(_:seq:)` would read from the log.
    /// (One pass over the facts: made when the index cache is written,
    /// which passes over them anyway.)
    public static func records(_ table: FactTable) -> [Record] {
        var out: [Record] = []
        var nameAt = 0
        let names = table.unitEventNames
        func name(_ seq: Int64) -> String? {
            while nameAt < names.count && names[nameAt].seq < seq { nameAt += 1 }
            return nameAt < names.count && names[nameAt].seq == seq ? names[nameAt].name : nil
        }
        func directoryEvent(_ f: Fact) -> Bool {
            switch f.type {
            case .unitEstablished, .unitRenamed, .unitMoved: return true
            case .unitReclassified: return f.code >= 0
            default: return false
            }
        }
        let units = table.names.units
        for f in table.facts {
            switch f.type {
            case .unitEstablished:
                let u = units[f.subject]
                if let n = name(f.seq) { out.append(Record(what: .established, seq: f.seq, effective: f.effective, unit: u, value: n)) }
                out.append(Record(what: .kind, seq: f.seq, effective: f.effective, unit: u, value: UnitKind.allCases[Int(f.code)].rawValue))
                out.append(Record(what: .parent, seq: f.seq, effective: f.effective, unit: u, value: f.object >= 0 ? units[f.object] : nil))
            case .unitRenamed:
                if let n = name(f.seq) { out.append(Record(what: .renamed, seq: f.seq, effective: f.effective, unit: units[f.subject], value: n)) }
            case .unitReclassified where f.code >= 0:
                out.append(Record(what: .kind, seq: f.seq, effective: f.effective, unit: units[f.subject], value: UnitKind.allCases[Int(f.code)].rawValue))
            case .unitMoved:
                out.append(Record(what: .parent, seq: f.seq, effective: f.effective, unit: units[f.subject], value: units[f.object]))
            case .eventRetracted:
                let target = f.retractedSeq
                if target >= 1 && target <= Int64(table.facts.count) && directoryEvent(table.facts[Int(target - 1)]) {
                    out.append(Record(what: .retraction, seq: f.seq, effective: f.effective, unit: "", value: String(target)))
                }
            default:
                break
            }
        }
        return out
    }

    /// The directory of the log prefix up to seq `limit`, from `records`.
    public init(records: [Record], limit: Int64 = .max) {
        for r in records where r.seq <= limit {
            let change = Change(effective: Day(number: r.effective), seq: r.seq, value: r.value)
            switch r.what {
            case .established:
                if names[r.unit] == nil { order.append(r.unit) }
                names[r.unit, default: []].append(change)
            case .renamed: names[r.unit, default: []].append(change)
            case .kind: kinds[r.unit, default: []].append(change)
            case .parent: parents[r.unit, default: []].append(change)
            case .retraction: if let s = r.value.flatMap({ Int64($0) }) { retracted.insert(s) }
            }
        }
    }

    /// The names of the table's unit events, back from `records`.
    public static func eventNames(_ records: [Record]) -> [UnitEventName] {
        records.compactMap { r in (r.what == .established || r.what == .renamed) ? r.value.map { UnitEventName(seq: r.seq, name: $0) } : nil }
    }
}
