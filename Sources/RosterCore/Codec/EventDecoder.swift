/// Turns one parsed JSON Lines object into an `Event`, refusing anything
/// docs/FORMAT.md does not allow: unknown fields, unknown types, wrong JSON types,
/// missing fields, impossible dates, values outside a vocabulary. What each
/// type carries is declared in `EventSchema`; this is its front end for a
/// parsed object, the one that words every refusal.

/// An event as read from a line, with the export-only fields it carried.
public struct DecodedEvent: Sendable {
    public var event: Event
    /// `seq` and `hash` when the line came from an export; they must match
    /// what the ledger computes.
    public var seq: Int?
    public var hash: Digest32?
    /// The event's own fields (without `seq` and `hash`), as given: the
    /// source of its canonical JSON.
    public var fields: JSONObject
}

public enum EventDecoder {
    public static func decode(_ value: JSONValue) throws(EventFormatError) -> DecodedEvent {
        guard case .object(let object) = value else {
            throw EventFormatError(reason: .wrongValue(expected: .jsonObject, found: FoundValue(value)))
        }
        var reader = FieldReader(object: object)
        let decoded = try EventSchema.event(&reader)
        var fields = object
        fields.entries.removeAll { $0.key == "seq" || $0.key == "hash" }
        return DecodedEvent(event: decoded.event, seq: decoded.seq, hash: decoded.hash, fields: fields)
    }

    /// The names of the common fields, sorted (for "did you mean").
    static let commonFieldNames: [String] = EventSchema.commonKeys.map(\.name).sorted()
}

/// Reads typed fields from one object, with refusals that name the field,
/// what was expected and what was found.
struct FieldReader: EventFieldReader {
    typealias Failure = EventFormatError
    let object: JSONObject
    var eventID: String?
    /// Where this object is in the line: "" for the event, `person`, `targets[0]`.
    var path: String = ""

    init(object: JSONObject, path: String = "", eventID: String? = nil) {
        self.object = object
        self.path = path
        self.eventID = eventID
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func error(_ key: String?, _ reason: EventFormatReason) -> EventFormatError {
        EventFormatError(eventID: eventID, field: key.map(name), reason: reason)
    }

    func refuse(_ key: FieldKey?, _ reason: EventFormatReason) -> EventFormatError { error(key?.name, reason) }

    mutating func identify(_ id: String) { eventID = id }

    func has(_ key: FieldKey) -> Bool { object[key.name] != nil }

    private func value(_ key: String) throws(EventFormatError) -> JSONValue {
        guard let v = object[key] else { throw error(key, .missingField) }
        return v
    }

    private func string(_ key: String) throws(EventFormatError) -> String {
        let v = try value(key)
        guard case .string(let s) = v else { throw error(key, .wrongValue(expected: .string, found: FoundValue(v))) }
        return s
    }

    func read(_ f: TextField) throws(EventFormatError) -> String {
        let s = try string(f.key.name)
        if f.nonEmpty && s.isEmpty { throw error(f.key.name, .wrongValue(expected: .name, found: .emptyString)) }
        return s
    }

    func read(_ f: IDField) throws(EventFormatError) -> String {
        let s = try string(f.key.name)
        let count = s.unicodeScalars.count
        guard RuleConstants.idLength.contains(count) else {
            throw error(f.key.name, .wrongValue(expected: .identifier(RuleConstants.idLength), found: .characters(count)))
        }
        return s
    }

    func read(_ f: IDListField) throws(EventFormatError) -> [String] {
        let key = f.key.name
        let v = try value(key)
        guard case .array(let items) = v else { throw error(key, .wrongValue(expected: .identifierList, found: FoundValue(v))) }
        guard !items.isEmpty else { throw error(key, .wrongValue(expected: .nonEmptyIdentifierList, found: .emptyArray)) }
        var ids: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item, RuleConstants.idLength.contains(s.unicodeScalars.count) else {
                throw error("\(key)[\(i)]", .wrongValue(expected: .listedIdentifier(RuleConstants.idLength), found: FoundValue(item)))
            }
            ids.append(s)
        }
        return ids
    }

    func read(_ f: DateField) throws(EventFormatError) -> Day {
        let s = try string(f.key.name)
        guard let d = Day(iso: s) else { throw error(f.key.name, .wrongValue(expected: .date, found: .text(s))) }
        return d
    }

    func read(_ f: IntegerField) throws(EventFormatError) -> Int {
        let key = f.key.name
        let v = try value(key)
        guard case .number(let text) = v, let n = Int(text) else {
            throw error(key, .wrongValue(expected: .integer, found: FoundValue(v)))
        }
        guard f.range.contains(n) else { throw error(key, .wrongValue(expected: .integerIn(f.range), found: .integer(n))) }
        return n
    }

    func read<V>(_ f: VocabularyField<V>) throws(EventFormatError) -> V {
        let s = try string(f.key.name)
        guard let v = V(rawValue: s) else {
            throw error(f.key.name, .notInVocabulary(allowed: f.allowed, found: s,
                                                     suggestion: NearestWord.suggestion(for: s, among: f.allowed)))
        }
        return v
    }

    func read(_ f: DecimalField) throws(EventFormatError) -> PlanNumber {
        let text = try string(f.key.name)
        guard let n = PlanNumber(text) else { throw error(f.key.name, .wrongValue(expected: .decimal, found: .text(text))) }
        return n
    }

    /// `inner`'s keys are all `owner`'s.
    private func checkKeys(_ inner: JSONObject, path: String, owner: FieldOwner) throws(EventFormatError) {
        let allowed = EventSchema.fields(of: owner).names
        for entry in inner.entries where !allowed.contains(entry.key) {
            throw EventFormatError(eventID: eventID, field: "\(path).\(entry.key)",
                                   reason: .unknownField(of: owner, allowed: allowed, suggestion: nil))
        }
    }

    func object(_ f: ObjectField) throws(EventFormatError) -> FieldReader {
        let key = f.key.name
        let v = try value(key)
        guard case .object(let inner) = v else {
            let required = EventSchema.fields(of: f.owner).required.map(\.name)
            throw error(key, .wrongValue(expected: .object(fields: required), found: FoundValue(v)))
        }
        try checkKeys(inner, path: name(key), owner: f.owner)
        return FieldReader(object: inner, path: name(key), eventID: eventID)
    }

    private func items(_ f: ObjectListField) throws(EventFormatError) -> [JSONValue] {
        let v = try value(f.key.name)
        guard case .array(let items) = v else { throw error(f.key.name, .wrongValue(expected: .targetList, found: FoundValue(v))) }
        return items
    }

    func count(_ f: ObjectListField) throws(EventFormatError) -> Int {
        let n = try items(f).count
        guard n > 0 else { throw error(f.key.name, .wrongValue(expected: .nonEmptyTargetList, found: .emptyArray)) }
        return n
    }

    func element(_ f: ObjectListField, _ i: Int) throws(EventFormatError) -> FieldReader {
        let item = try items(f)[i]
        let path = "\(name(f.key.name))[\(i)]"
        guard case .object(let inner) = item else {
            throw EventFormatError(eventID: eventID, field: path,
                                   reason: .wrongValue(expected: .object(fields: EventSchema.fields(of: f.owner).names), found: FoundValue(item)))
        }
        try checkKeys(inner, path: path, owner: f.owner)
        return FieldReader(object: inner, path: path, eventID: eventID)
    }

    func eventType() throws(EventFormatError) -> EventType {
        let s = try string("type")
        guard let type = EventType(rawValue: s) else {
            let all = EventType.allCases.map(\.rawValue)
            throw error("type", .unknownEventType(found: s, suggestion: NearestWord.suggestion(for: s, among: all)))
        }
        return type
    }

    func checkKeys(of type: EventType) throws(EventFormatError) {
        let fields = EventSchema.fields(of: type).names
        for entry in object.entries where FieldKey(name: entry.key).map({ !EventSchema.commonKeys.contains($0) }) ?? true
            && !fields.contains(entry.key) {
            throw error(entry.key, .unknownField(of: .event(type), allowed: fields,
                                                 suggestion: NearestWord.suggestion(for: entry.key, among: EventDecoder.commonFieldNames + fields)))
        }
    }
}
