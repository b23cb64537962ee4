/// Every key an event line may carry, at any depth (the event's own fields,
/// a person's, a plan target's), in canonical (byte) order: the order of the
/// cases is the order the keys are written in canonical JSON. A key's kind
/// of value depends on the event type (`from` is a text in
/// `member.transferred-in`, a year in `plan.adopted`): that is declared in
/// `EventSchema`, not here.
enum FieldKey: Int, CaseIterable, Sendable {
    case actor, admitted, badge, birthDate, category, decision, education, effective, ethnicity, from
    case gender, hash, id, indicator, into, kind, max, member, min, name
    case note, parent, penalty, person, place, plan, rating, reason, recorded, religion
    case seq, status, target, targets, theory, to, type, unit, units, year

    var name: String {
        switch self {
        case .actor: "actor"
        case .admitted: "admitted"
        case .badge: "badge"
        case .birthDate: "birthDate"
        case .category: "category"
        case .decision: "decision"
        case .education: "education"
        case .effective: "effective"
        case .ethnicity: "ethnicity"
        case .from: "from"
        case .gender: "gender"
        case .hash: "hash"
        case .id: "id"
        case .indicator: "indicator"
        case .into: "into"
        case .kind: "kind"
        case .max: "max"
        case .member: "member"
        case .min: "min"
        case .name: "name"
        case .note: "note"
        case .parent: "parent"
        case .penalty: "penalty"
        case .person: "person"
        case .place: "place"
        case .plan: "plan"
        case .rating: "rating"
        case .reason: "reason"
        case .recorded: "recorded"
        case .religion: "religion"
        case .seq: "seq"
        case .status: "status"
        case .target: "target"
        case .targets: "targets"
        case .theory: "theory"
        case .to: "to"
        case .type: "type"
        case .unit: "unit"
        case .units: "units"
        case .year: "year"
        }
    }

    /// Bit sets of keys fit in a UInt64.
    static let count = allCases.count

    var bit: UInt64 { 1 << UInt64(rawValue) }

    static func mask(_ keys: [FieldKey]) -> UInt64 { keys.reduce(0) { $0 | $1.bit } }

    private static let byName: [String: FieldKey] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    init?(name: String) {
        guard let k = FieldKey.byName[name] else { return nil }
        self = k
    }
}
