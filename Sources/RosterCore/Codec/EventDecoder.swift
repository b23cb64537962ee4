/// Turns one parsed JSON Lines object into an `Event`, refusing anything
/// SPEC §2 does not allow: unknown fields, unknown types, wrong JSON types,
/// missing fields, impossible dates, values outside a vocabulary.

/// Why a line is not a valid event. `eventID` is filled in as soon as the
/// line's `id` is known, so that the caller can name it.
public struct EventFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var eventID: String?
    public var description: String { message }
}

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
    static let commonFields: Set<String> = ["id", "type", "effective", "recorded", "actor", "decision", "note", "seq", "hash"]

    /// The type-specific fields of each event type: required and optional.
    static let typeFields: [EventType: (required: [String], optional: [String])] = [
        .unitEstablished: (["unit", "name", "kind"], ["category", "parent", "place"]),
        .unitRenamed: (["unit", "name"], []),
        .unitReclassified: (["unit"], ["kind", "category", "place"]),
        .unitMoved: (["unit", "parent"], []),
        .unitMerged: (["units", "into"], []),
        .unitDissolved: (["unit"], []),
        .unitRated: (["unit", "year", "rating"], []),
        .memberRegistered: (["member", "unit", "person", "status"], ["admitted", "education", "theory"]),
        .memberAdmitted: (["member", "unit", "person"], ["education", "theory"]),
        .memberReadmitted: (["member", "unit"], []),
        .memberConfirmed: (["member"], []),
        .memberTransferred: (["member", "unit"], []),
        .memberTransferredIn: (["member", "unit", "person", "status"], ["admitted", "from", "education", "theory"]),
        .memberTransferredOut: (["member"], ["to"]),
        .memberExpelled: (["member"], []),
        .memberStruckOff: (["member", "reason"], []),
        .memberResigned: (["member"], []),
        .memberDied: (["member"], []),
        .memberDisciplined: (["member", "penalty"], []),
        .memberRated: (["member", "year", "rating"], []),
        .memberUpdated: (["member"], ["name", "gender", "ethnicity", "religion", "birthDate", "education", "theory"]),
        .memberExempted: (["member"], []),
        .memberExemptionEnded: (["member"], []),
        .memberAwarded: (["member", "badge"], []),
        .placeRegistered: (["place", "name", "kind", "unit"], []),
        .placeClosed: (["place"], []),
        .planAdopted: (["plan", "unit", "name", "from", "to", "targets"], []),
        .eventRetracted: (["target", "reason"], []),
    ]

    public static func decode(_ value: JSONValue) throws(EventFormatError) -> DecodedEvent {
        guard case .object(let object) = value else {
            throw EventFormatError(message: "expected a JSON object, found \(describe(value))")
        }
        var reader = FieldReader(object: object)
        // The id first, so every later message can name the event.
        let id = try reader.identifier("id")
        reader.eventID = id
        let typeName = try reader.string("type")
        guard let type = EventType(rawValue: typeName) else {
            throw reader.error("unknown event type \"\(typeName)\"")
        }
        let spec = typeFields[type]!
        for entry in object.entries where !commonFields.contains(entry.key)
            && !spec.required.contains(entry.key) && !spec.optional.contains(entry.key) {
            let allowed = (spec.required + spec.optional).joined(separator: ", ")
            throw reader.error("unknown field \"\(entry.key)\" for \(type.rawValue) (its fields: \(allowed))")
        }
        let effective = try reader.date("effective")
        var recorded: Timestamp? = nil
        if let text = try reader.optionalString("recorded") {
            guard let t = Timestamp(rfc3339: text) else {
                throw reader.error("recorded: expected an RFC 3339 timestamp like 2023-01-16T05:00:01Z, found \"\(text)\"")
            }
            recorded = t
        }
        let actor = try reader.optionalString("actor")
        let decision = try reader.optionalString("decision")
        let note = try reader.optionalString("note")
        var seq: Int? = nil
        if object["seq"] != nil {
            seq = try reader.integer("seq", in: 1...Int(Int64.max))
        }
        var hash: Digest32? = nil
        if let text = try reader.optionalString("hash") {
            guard text.utf8.count == 64, let d = Digest32(hex: text) else {
                throw reader.error("hash: expected 64 hexadecimal digits, found \"\(text)\"")
            }
            hash = d
        }
        let body = try decodeBody(type, &reader)
        var fields = object
        fields.entries.removeAll { $0.key == "seq" || $0.key == "hash" }
        let event = Event(id: id, effective: effective, recorded: recorded, actor: actor,
                          decision: decision, note: note, body: body)
        return DecodedEvent(event: event, seq: seq, hash: hash, fields: fields)
    }

    static func decodeBody(_ type: EventType, _ r: inout FieldReader) throws(EventFormatError) -> EventBody {
        switch type {
        case .unitEstablished:
            return .unitEstablished(unit: try r.identifier("unit"), name: try r.string("name"),
                                    kind: try r.vocabulary("kind"), category: try r.optionalVocabulary("category"),
                                    parent: try r.optionalIdentifier("parent"), place: try r.optionalIdentifier("place"))
        case .unitRenamed:
            return .unitRenamed(unit: try r.identifier("unit"), name: try r.string("name"))
        case .unitReclassified:
            let kind: UnitKind? = try r.optionalVocabulary("kind")
            let category: UnitCategory? = try r.optionalVocabulary("category")
            let place = try r.optionalIdentifier("place")
            if kind == nil && category == nil && place == nil {
                throw r.error("unit.reclassified needs \"kind\", \"category\" or \"place\"")
            }
            return .unitReclassified(unit: try r.identifier("unit"), kind: kind, category: category, place: place)
        case .unitMoved:
            return .unitMoved(unit: try r.identifier("unit"), parent: try r.identifier("parent"))
        case .unitMerged:
            let units = try r.identifierArray("units")
            return .unitMerged(units: units, into: try r.identifier("into"))
        case .unitDissolved:
            return .unitDissolved(unit: try r.identifier("unit"))
        case .unitRated:
            return .unitRated(unit: try r.identifier("unit"), year: try r.integer("year", in: 1900...2999),
                              rating: try r.vocabulary("rating"))
        case .memberRegistered:
            return .memberRegistered(member: try r.identifier("member"), unit: try r.identifier("unit"),
                                     person: try r.person("person"), status: try r.vocabulary("status"),
                                     admitted: try r.optionalDate("admitted"),
                                     education: try r.optionalVocabulary("education"), theory: try r.optionalVocabulary("theory"))
        case .memberAdmitted:
            return .memberAdmitted(member: try r.identifier("member"), unit: try r.identifier("unit"),
                                   person: try r.person("person"),
                                   education: try r.optionalVocabulary("education"), theory: try r.optionalVocabulary("theory"))
        case .memberReadmitted:
            return .memberReadmitted(member: try r.identifier("member"), unit: try r.identifier("unit"))
        case .memberConfirmed:
            return .memberConfirmed(member: try r.identifier("member"))
        case .memberTransferred:
            return .memberTransferred(member: try r.identifier("member"), unit: try r.identifier("unit"))
        case .memberTransferredIn:
            return .memberTransferredIn(member: try r.identifier("member"), unit: try r.identifier("unit"),
                                        person: try r.person("person"), status: try r.vocabulary("status"),
                                        admitted: try r.optionalDate("admitted"), from: try r.optionalString("from"),
                                        education: try r.optionalVocabulary("education"), theory: try r.optionalVocabulary("theory"))
        case .memberTransferredOut:
            return .memberTransferredOut(member: try r.identifier("member"), to: try r.optionalString("to"))
        case .memberExpelled:
            return .memberExpelled(member: try r.identifier("member"))
        case .memberStruckOff:
            return .memberStruckOff(member: try r.identifier("member"), reason: try r.vocabulary("reason"))
        case .memberResigned:
            return .memberResigned(member: try r.identifier("member"))
        case .memberDied:
            return .memberDied(member: try r.identifier("member"))
        case .memberDisciplined:
            return .memberDisciplined(member: try r.identifier("member"), penalty: try r.vocabulary("penalty"))
        case .memberRated:
            return .memberRated(member: try r.identifier("member"), year: try r.integer("year", in: 1900...2999),
                                rating: try r.vocabulary("rating"))
        case .memberUpdated:
            let update = MemberUpdate(
                name: try r.optionalString("name"), gender: try r.optionalVocabulary("gender"),
                ethnicity: try r.optionalString("ethnicity"), religion: try r.optionalString("religion"),
                birthDate: try r.optionalDate("birthDate"), education: try r.optionalVocabulary("education"),
                theory: try r.optionalVocabulary("theory"))
            if update == MemberUpdate() {
                throw r.error("member.updated needs at least one of name, gender, ethnicity, religion, birthDate, education, theory")
            }
            return .memberUpdated(member: try r.identifier("member"), update: update)
        case .memberExempted:
            return .memberExempted(member: try r.identifier("member"))
        case .memberExemptionEnded:
            return .memberExemptionEnded(member: try r.identifier("member"))
        case .memberAwarded:
            return .memberAwarded(member: try r.identifier("member"), badge: try r.integer("badge", in: 1...999))
        case .placeRegistered:
            return .placeRegistered(place: try r.identifier("place"), name: try r.string("name"),
                                    kind: try r.vocabulary("kind"), unit: try r.identifier("unit"))
        case .placeClosed:
            return .placeClosed(place: try r.identifier("place"))
        case .planAdopted:
            return .planAdopted(plan: try r.identifier("plan"), unit: try r.identifier("unit"), name: try r.string("name"),
                                from: try r.integer("from", in: 1900...2999), to: try r.integer("to", in: 1900...2999),
                                targets: try r.targets("targets"))
        case .eventRetracted:
            return .eventRetracted(target: try r.identifier("target"), reason: try r.string("reason"))
        }
    }

    /// `a string "x"`, `a number 12`, `an array`, … for "found …" messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return "the number \(n)"
        case .string(let s): return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Reads typed fields from one object, with messages that name the field,
/// what was expected and what was found.
struct FieldReader {
    let object: JSONObject
    var eventID: String?
    var path: String = ""

    init(object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    func error(_ message: String) -> EventFormatError {
        EventFormatError(message: message, eventID: eventID)
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func value(_ key: String) throws(EventFormatError) -> JSONValue {
        guard let v = object[key] else { throw error("missing field \"\(name(key))\"") }
        return v
    }

    func string(_ key: String) throws(EventFormatError) -> String {
        let v = try value(key)
        guard case .string(let s) = v else {
            throw error("\(name(key)): expected a string, found \(EventDecoder.describe(v))")
        }
        return s
    }

    func optionalString(_ key: String) throws(EventFormatError) -> String? {
        object[key] == nil ? nil : try string(key)
    }

    /// An id: a string of 1 to 128 characters.
    func identifier(_ key: String) throws(EventFormatError) -> String {
        let s = try string(key)
        let count = s.unicodeScalars.count
        guard count >= 1, count <= 128 else {
            throw error("\(name(key)): expected an id of 1 to 128 characters, found \(count) characters")
        }
        return s
    }

    func optionalIdentifier(_ key: String) throws(EventFormatError) -> String? {
        object[key] == nil ? nil : try identifier(key)
    }

    func identifierArray(_ key: String) throws(EventFormatError) -> [String] {
        let v = try value(key)
        guard case .array(let items) = v else {
            throw error("\(name(key)): expected an array of unit ids, found \(EventDecoder.describe(v))")
        }
        guard !items.isEmpty else { throw error("\(name(key)): expected at least one unit id, found an empty array") }
        var ids: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item, (1...128).contains(s.unicodeScalars.count) else {
                throw error("\(name(key))[\(i)]: expected a unit id (a string of 1 to 128 characters), found \(EventDecoder.describe(item))")
            }
            ids.append(s)
        }
        return ids
    }

    func date(_ key: String) throws(EventFormatError) -> Day {
        let s = try string(key)
        guard let d = Day(iso: s) else {
            throw error("\(name(key)): expected a date YYYY-MM-DD that exists, found \"\(s)\"")
        }
        return d
    }

    func optionalDate(_ key: String) throws(EventFormatError) -> Day? {
        object[key] == nil ? nil : try date(key)
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(EventFormatError) -> Int {
        let v = try value(key)
        guard case .number(let text) = v, let n = Int(text) else {
            throw error("\(name(key)): expected an integer, found \(EventDecoder.describe(v))")
        }
        guard range.contains(n) else {
            throw error("\(name(key)): expected an integer from \(range.lowerBound) to \(range.upperBound), found \(n)")
        }
        return n
    }

    func vocabulary<V: RawRepresentable & CaseIterable>(_ key: String) throws(EventFormatError) -> V where V.RawValue == String {
        let s = try string(key)
        guard let v = V(rawValue: s) else {
            let allowed = V.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("\(name(key)): expected one of \(allowed); found \"\(s)\"")
        }
        return v
    }

    func optionalVocabulary<V: RawRepresentable & CaseIterable>(_ key: String) throws(EventFormatError) -> V? where V.RawValue == String {
        object[key] == nil ? nil : try vocabulary(key) as V
    }

    /// A plan's targets: a non-empty array of `{"indicator": …, "min"?: D, "max"?: D}`,
    /// D a decimal string. Whether the indicator is in the catalogue and the
    /// bounds make sense are rules (`LedgerState`), not format.
    func targets(_ key: String) throws(EventFormatError) -> [PlanTarget] {
        let v = try value(key)
        guard case .array(let items) = v else {
            throw error("\(name(key)): expected an array of targets, found \(EventDecoder.describe(v))")
        }
        guard !items.isEmpty else { throw error("\(name(key)): expected at least one target, found an empty array") }
        var out: [PlanTarget] = []
        for (i, item) in items.enumerated() {
            let path = "\(name(key))[\(i)]"
            guard case .object(let inner) = item else {
                throw error("\(path): expected an object with indicator, min, max, found \(EventDecoder.describe(item))")
            }
            for entry in inner.entries where !["indicator", "min", "max"].contains(entry.key) {
                throw error("unknown field \"\(path).\(entry.key)\" (a target has: indicator, min, max)")
            }
            var r = FieldReader(object: inner, path: path)
            r.eventID = eventID
            func number(_ k: String) throws(EventFormatError) -> PlanNumber? {
                guard let text = try r.optionalString(k) else { return nil }
                guard let n = PlanNumber(text) else {
                    throw error("\(path).\(k): expected a decimal string (digits, optionally a point and one or two digits, like \"1800\" or \"0.46\"), found \"\(text)\"")
                }
                return n
            }
            out.append(PlanTarget(indicator: try r.string("indicator"), min: try number("min"), max: try number("max")))
        }
        return out
    }

    func person(_ key: String) throws(EventFormatError) -> Person {
        let v = try value(key)
        guard case .object(let inner) = v else {
            throw error("\(name(key)): expected an object with name, birthDate, gender, found \(EventDecoder.describe(v))")
        }
        let allowed: Set<String> = ["name", "birthDate", "gender", "ethnicity", "religion"]
        for entry in inner.entries where !allowed.contains(entry.key) {
            throw error("unknown field \"\(name(key)).\(entry.key)\" (a person has: name, birthDate, gender, ethnicity, religion)")
        }
        var r = FieldReader(object: inner, path: name(key))
        r.eventID = eventID
        let personName = try r.string("name")
        if personName.isEmpty { throw error("\(name(key)).name: expected a name, found an empty string") }
        return Person(name: personName, birthDate: try r.date("birthDate"), gender: try r.vocabulary("gender"),
                      ethnicity: try r.optionalString("ethnicity"), religion: try r.optionalString("religion"))
    }
}
