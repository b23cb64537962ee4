/// Why a line is not a valid event (docs/FORMAT.md), as values: which event,
/// which field, and a typed reason with what was expected and what was found.
/// `message` is the one place these become prose.
public struct EventFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Filled in as soon as the line's `id` is known, so that the caller can name it.
    public var eventID: String?
    /// The field as a path into the line: `unit`, `person.birthDate`,
    /// `targets[0].min`, `units[2]`; nil when the reason is about the line
    /// as a whole.
    public var field: String?
    public var reason: EventFormatReason

    public init(eventID: String? = nil, field: String? = nil, reason: EventFormatReason) {
        self.eventID = eventID
        self.field = field
        self.reason = reason
    }

    public var description: String { message }

    public var message: String {
        let at = field ?? ""
        switch reason {
        case .wrongValue(let expected, let found):
            return (field.map { "\($0): " } ?? "") + "expected \(expected.prose), found \(found.prose)"
        case .notInVocabulary(let allowed, let found, let suggestion):
            return "\(at): expected one of \(allowed.joined(separator: ", ")); found \"\(found)\"" + Self.hint(suggestion)
        case .missingField:
            return "missing field \"\(at)\""
        case .unknownEventType(let found, let suggestion):
            return "unknown event type \"\(found)\"" + Self.hint(suggestion)
        case .unknownField(.event(let type), let allowed, let suggestion):
            return "unknown field \"\(at)\" for \(type.rawValue) (its fields: \(allowed.joined(separator: ", ")))" + Self.hint(suggestion)
        case .unknownField(.person, let allowed, _):
            return "unknown field \"\(at)\" (a person has: \(allowed.joined(separator: ", ")))"
        case .unknownField(.target, let allowed, _):
            return "unknown field \"\(at)\" (a target has: \(allowed.joined(separator: ", ")))"
        case .needsOneOf(.unitReclassified, let fields):
            // "needs "kind", "category" or "place"".
            let quoted = fields.map { "\"\($0)\"" }
            return "\(EventType.unitReclassified.rawValue) needs " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        case .needsOneOf(let type, let fields):
            return "\(type.rawValue) needs at least one of \(fields.joined(separator: ", "))"
        }
    }

    /// "; did you mean `x`?" or "" (`NearestWord.hint`).
    static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean `\($0)`?" } ?? ""
    }
}

/// What is wrong with a line or one of its fields.
public enum EventFormatReason: Sendable, Equatable {
    /// The field (or, without a field, the line) holds a value of the wrong
    /// kind or outside its range.
    case wrongValue(expected: ExpectedValue, found: FoundValue)
    /// A text outside its vocabulary; `suggestion` is the nearest word, if close.
    case notInVocabulary(allowed: [String], found: String, suggestion: String?)
    case missingField
    case unknownEventType(found: String, suggestion: String?)
    /// A key its owner does not have; `allowed` in declared order.
    case unknownField(of: FieldOwner, allowed: [String], suggestion: String?)
    /// A type whose optional fields must not all be absent.
    case needsOneOf(EventType, fields: [String])
}

/// Whose field an unknown key was offered as.
public enum FieldOwner: Sendable, Equatable {
    case event(EventType)
    case person
    case target
}

/// The kind of value a field must hold.
public enum ExpectedValue: Sendable, Equatable {
    case jsonObject
    case string
    /// A non-empty string (a person's name).
    case name
    case identifier(ClosedRange<Int>)
    case identifierList
    case nonEmptyIdentifierList
    /// An element of a list of unit ids.
    case listedIdentifier(ClosedRange<Int>)
    case date
    case timestamp
    case digest
    case integer
    case integerIn(ClosedRange<Int>)
    case targetList
    case nonEmptyTargetList
    /// An object; `fields` are named in the message.
    case object(fields: [String])
    case decimal

    var prose: String {
        switch self {
        case .jsonObject: "a JSON object"
        case .string: "a string"
        case .name: "a name"
        case .identifier(let r): "an id of \(r.lowerBound) to \(r.upperBound) characters"
        case .identifierList: "an array of unit ids"
        case .nonEmptyIdentifierList: "at least one unit id"
        case .listedIdentifier(let r): "a unit id (a string of \(r.lowerBound) to \(r.upperBound) characters)"
        case .date: "a date YYYY-MM-DD that exists"
        case .timestamp: "an RFC 3339 timestamp like 2023-01-16T05:00:01Z"
        case .digest: "64 hexadecimal digits"
        case .integer: "an integer"
        case .integerIn(let r): "an integer from \(r.lowerBound) to \(r.upperBound)"
        case .targetList: "an array of targets"
        case .nonEmptyTargetList: "at least one target"
        case .object(let fields): "an object with \(fields.joined(separator: ", "))"
        case .decimal: "a decimal string (digits, optionally a point and one or two digits, like \"1800\" or \"0.46\")"
        }
    }
}

/// What a field held instead.
public enum FoundValue: Sendable, Equatable {
    /// A JSON value of the wrong kind (strings are shown cut at 40 characters).
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array
    case object
    /// The text given, quoted in full.
    case text(String)
    /// The length of a text, in Unicode scalars.
    case characters(Int)
    case integer(Int)
    case emptyArray
    case emptyString

    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array: self = .array
        case .object: self = .object
        }
    }

    var prose: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): "the number \(n)"
        case .string(let s): "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .array: "an array"
        case .object: "an object"
        case .text(let s): "\"\(s)\""
        case .characters(let n): "\(n) characters"
        case .integer(let n): "\(n)"
        case .emptyArray: "an empty array"
        case .emptyString: "an empty string"
        }
    }
}
