// The one declaration of what each event type carries (docs/FORMAT.md):
// its fields, which are required, the kind of each value, its vocabulary
// or range. Both front ends build events from it — `EventDecoder` from a
// parsed JSON object, `FastEventDecoder` from the byte ranges of a line —
// through `EventFieldReader`, which each implements: the same reads in the
// same order, so the same first refusal. What differs is only how a
// refusal is answered: the full decoder words it (`EventFormatError`), the
// fast one declines and leaves the line to the full decoder.
//
// The lists of fields (for the unknown-field check, its message and the
// fast path's bit masks) are not written a second time: they are read off
// `body` by running it once against `FieldRecorder`.

/// A text field; `nonEmpty` refuses "" (a person's name).
struct TextField: Sendable {
    let key: FieldKey
    var nonEmpty = false
}

/// An id: a text of `RuleConstants.idLength` Unicode scalars.
struct IDField: Sendable { let key: FieldKey }

/// A non-empty array of ids (`unit.merged`'s units).
struct IDListField: Sendable { let key: FieldKey }

/// A date YYYY-MM-DD that exists.
struct DateField: Sendable { let key: FieldKey }

/// A JSON integer within `range`.
struct IntegerField: Sendable {
    let key: FieldKey
    let range: ClosedRange<Int>
}

/// A text from the closed list `V`.
struct VocabularyField<V: RawRepresentable & CaseIterable & Sendable>: Sendable where V.RawValue == String {
    let key: FieldKey
    /// The words as bytes, for the fast path.
    let words: ByteVocabulary<V>
    init(_ key: FieldKey) {
        self.key = key
        words = ByteVocabulary<V>()
    }
    var allowed: [String] { V.allCases.map(\.rawValue) }
}

/// A decimal text (`PlanNumber`).
struct DecimalField: Sendable { let key: FieldKey }

/// An object with fields of its own (a person).
struct ObjectField: Sendable {
    let key: FieldKey
    let owner: FieldOwner
}

/// A non-empty array of objects (a plan's targets).
struct ObjectListField: Sendable {
    let key: FieldKey
    let owner: FieldOwner
}

/// One front end's access to the fields of one object of a line. Reads
/// either return the value or throw the reader's answer to a field it
/// cannot take: `EventFormatError` for the full decoder, a decline for the
/// fast one.
protocol EventFieldReader {
    associatedtype Failure: Error
    associatedtype Nested: EventFieldReader where Nested.Failure == Failure

    /// Whether the object has `key` (optional fields are read only then).
    func has(_ key: FieldKey) -> Bool
    func read(_ f: TextField) throws(Failure) -> String
    func read(_ f: IDField) throws(Failure) -> String
    func read(_ f: IDListField) throws(Failure) -> [String]
    func read(_ f: DateField) throws(Failure) -> Day
    func read(_ f: IntegerField) throws(Failure) -> Int
    func read<V>(_ f: VocabularyField<V>) throws(Failure) -> V
    func read(_ f: DecimalField) throws(Failure) -> PlanNumber
    /// The reader of an object field.
    func object(_ f: ObjectField) throws(Failure) -> Nested
    /// The number of objects in a list field (at least one).
    func count(_ f: ObjectListField) throws(Failure) -> Int
    /// The reader of the `i`th object of a list field.
    func element(_ f: ObjectListField, _ i: Int) throws(Failure) -> Nested
    /// The event type (`type`), refused with its own message.
    func eventType() throws(Failure) -> EventType
    /// Refuses keys the type does not have.
    func checkKeys(of type: EventType) throws(Failure)
    /// The answer to a refusal of the schema's own (a missing alternative,
    /// a malformed timestamp or hash).
    func refuse(_ key: FieldKey?, _ reason: EventFormatReason) -> Failure
    /// Told the event's id as soon as it is read, to name it in refusals.
    mutating func identify(_ id: String)
}

extension EventFieldReader {
    func optional(_ f: TextField) throws(Failure) -> String? { has(f.key) ? try read(f) : nil }
    func optional(_ f: IDField) throws(Failure) -> String? { has(f.key) ? try read(f) : nil }
    func optional(_ f: DateField) throws(Failure) -> Day? { has(f.key) ? try read(f) : nil }
    func optional(_ f: IntegerField) throws(Failure) -> Int? { has(f.key) ? try read(f) : nil }
    func optional<V>(_ f: VocabularyField<V>) throws(Failure) -> V? { has(f.key) ? try read(f) : nil }
    func optional(_ f: DecimalField) throws(Failure) -> PlanNumber? { has(f.key) ? try read(f) : nil }
}

/// The fields, each declared once with its kind, vocabulary or range.
enum EventSchema {
    // The common fields.
    static let id = IDField(key: .id)
    static let effective = DateField(key: .effective)
    static let recorded = TextField(key: .recorded)
    static let actor = TextField(key: .actor)
    static let decision = TextField(key: .decision)
    static let note = TextField(key: .note)
    /// An export's `seq`: a positive integer.
    static let seq = IntegerField(key: .seq, range: 1...Int(Int64.max))
    /// An export's chain hash, as 64 hexadecimal digits.
    static let hash = TextField(key: .hash)
    /// The keys every type has, required or not.
    static let commonKeys: [FieldKey] = [.id, .type, .effective, .recorded, .actor, .decision, .note, .seq, .hash]
    static let requiredCommonKeys: [FieldKey] = [.id, .type, .effective]

    // The type-specific fields.
    static let unit = IDField(key: .unit)
    static let units = IDListField(key: .units)
    static let into = IDField(key: .into)
    static let parent = IDField(key: .parent)
    static let place = IDField(key: .place)
    static let member = IDField(key: .member)
    static let plan = IDField(key: .plan)
    static let target = IDField(key: .target)
    static let name = TextField(key: .name)
    static let ethnicity = TextField(key: .ethnicity)
    static let religion = TextField(key: .religion)
    static let transferredFrom = TextField(key: .from)
    static let transferredTo = TextField(key: .to)
    static let retractionReason = TextField(key: .reason)
    static let unitKind = VocabularyField<UnitKind>(.kind)
    static let placeKind = VocabularyField<PlaceKind>(.kind)
    static let category = VocabularyField<UnitCategory>(.category)
    static let unitRating = VocabularyField<UnitRating>(.rating)
    static let memberRating = VocabularyField<MemberRating>(.rating)
    static let status = VocabularyField<MemberStatus>(.status)
    static let gender = VocabularyField<Gender>(.gender)
    static let education = VocabularyField<Education>(.education)
    static let theory = VocabularyField<Theory>(.theory)
    static let strikeOffReason = VocabularyField<StrikeOffReason>(.reason)
    static let penalty = VocabularyField<Penalty>(.penalty)
    static let year = IntegerField(key: .year, range: RuleConstants.years)
    static let firstYear = IntegerField(key: .from, range: RuleConstants.years)
    static let lastYear = IntegerField(key: .to, range: RuleConstants.years)
    static let badge = IntegerField(key: .badge, range: RuleConstants.badgeYears)
    static let admitted = DateField(key: .admitted)
    static let birthDate = DateField(key: .birthDate)
    static let person = ObjectField(key: .person, owner: .person)
    static let targets = ObjectListField(key: .targets, owner: .target)
    // A person's fields.
    static let personName = TextField(key: .name, nonEmpty: true)
    // A plan target's fields.
    static let indicator = TextField(key: .indicator)
    static let minimum = DecimalField(key: .min)
    static let maximum = DecimalField(key: .max)

    /// A whole event: the common fields, then the body. The front end has
    /// found the line to be an object.
    static func event<R: EventFieldReader>(_ r: inout R) throws(R.Failure) -> (event: Event, seq: Int?, hash: Digest32?) {
        // The id first, so every later refusal can name the event.
        let id = try r.read(Self.id)
        r.identify(id)
        let type = try r.eventType()
        try r.checkKeys(of: type)
        let effective = try r.read(Self.effective)
        var recorded: Timestamp? = nil
        if let text = try r.optional(Self.recorded) {
            guard let t = Timestamp(rfc3339: text) else {
                throw r.refuse(.recorded, .wrongValue(expected: .timestamp, found: .text(text)))
            }
            recorded = t
        }
        let actor = try r.optional(Self.actor)
        let decision = try r.optional(Self.decision)
        let note = try r.optional(Self.note)
        let seq = try r.optional(Self.seq)
        var hash: Digest32? = nil
        if let text = try r.optional(Self.hash) {
            guard text.utf8.count == 64, let d = Digest32(hex: text) else {
                throw r.refuse(.hash, .wrongValue(expected: .digest, found: .text(text)))
            }
            hash = d
        }
        let body = try Self.body(type, r)
        let event = Event(id: id, effective: effective, recorded: recorded, actor: actor,
                          decision: decision, note: note, body: body)
        return (event, seq, hash)
    }

    /// The body of each type: the declaration. The order of the reads is
    /// the order fields are checked in (which refusal comes first) and the
    /// order they are listed in messages; required fields are `read`,
    /// optional ones `optional`.
    static func body<R: EventFieldReader>(_ type: EventType, _ r: R) throws(R.Failure) -> EventBody {
        switch type {
        case .unitEstablished:
            return .unitEstablished(unit: try r.read(unit), name: try r.read(name), kind: try r.read(unitKind),
                                    category: try r.optional(category), parent: try r.optional(parent),
                                    place: try r.optional(place))
        case .unitRenamed:
            return .unitRenamed(unit: try r.read(unit), name: try r.read(name))
        case .unitReclassified:
            let kind = try r.optional(unitKind)
            let category = try r.optional(Self.category)
            let place = try r.optional(Self.place)
            if kind == nil && category == nil && place == nil {
                throw r.refuse(nil, .needsOneOf(type, fields: [unitKind.key, Self.category.key, Self.place.key].map(\.name)))
            }
            return .unitReclassified(unit: try r.read(unit), kind: kind, category: category, place: place)
        case .unitMoved:
            return .unitMoved(unit: try r.read(unit), parent: try r.read(parent))
        case .unitMerged:
            return .unitMerged(units: try r.read(units), into: try r.read(into))
        case .unitDissolved:
            return .unitDissolved(unit: try r.read(unit))
        case .unitRated:
            return .unitRated(unit: try r.read(unit), year: try r.read(year), rating: try r.read(unitRating))
        case .memberRegistered:
            return .memberRegistered(member: try r.read(member), unit: try r.read(unit), person: try Self.person(r.object(person)),
                                     status: try r.read(status), admitted: try r.optional(admitted),
                                     education: try r.optional(education), theory: try r.optional(theory))
        case .memberAdmitted:
            return .memberAdmitted(member: try r.read(member), unit: try r.read(unit), person: try Self.person(r.object(person)),
                                   education: try r.optional(education), theory: try r.optional(theory))
        case .memberReadmitted:
            return .memberReadmitted(member: try r.read(member), unit: try r.read(unit))
        case .memberConfirmed:
            return .memberConfirmed(member: try r.read(member))
        case .memberTransferred:
            return .memberTransferred(member: try r.read(member), unit: try r.read(unit))
        case .memberTransferredIn:
            return .memberTransferredIn(member: try r.read(member), unit: try r.read(unit), person: try Self.person(r.object(person)),
                                        status: try r.read(status), admitted: try r.optional(admitted),
                                        from: try r.optional(transferredFrom), education: try r.optional(education),
                                        theory: try r.optional(theory))
        case .memberTransferredOut:
            return .memberTransferredOut(member: try r.read(member), to: try r.optional(transferredTo))
        case .memberExpelled:
            return .memberExpelled(member: try r.read(member))
        case .memberStruckOff:
            return .memberStruckOff(member: try r.read(member), reason: try r.read(strikeOffReason))
        case .memberResigned:
            return .memberResigned(member: try r.read(member))
        case .memberDied:
            return .memberDied(member: try r.read(member))
        case .memberDisciplined:
            return .memberDisciplined(member: try r.read(member), penalty: try r.read(penalty))
        case .memberRated:
            return .memberRated(member: try r.read(member), year: try r.read(year), rating: try r.read(memberRating))
        case .memberUpdated:
            let update = MemberUpdate(name: try r.optional(name), gender: try r.optional(gender),
                                      ethnicity: try r.optional(ethnicity), religion: try r.optional(religion),
                                      birthDate: try r.optional(birthDate), education: try r.optional(education),
                                      theory: try r.optional(theory))
            if update == MemberUpdate() {
                let keys = [name.key, gender.key, ethnicity.key, religion.key, birthDate.key, education.key, theory.key]
                throw r.refuse(nil, .needsOneOf(type, fields: keys.map(\.name)))
            }
            return .memberUpdated(member: try r.read(member), update: update)
        case .memberExempted:
            return .memberExempted(member: try r.read(member))
        case .memberExemptionEnded:
            return .memberExemptionEnded(member: try r.read(member))
        case .memberAwarded:
            return .memberAwarded(member: try r.read(member), badge: try r.read(badge))
        case .placeRegistered:
            return .placeRegistered(place: try r.read(place), name: try r.read(name), kind: try r.read(placeKind),
                                    unit: try r.read(unit))
        case .placeClosed:
            return .placeClosed(place: try r.read(place))
        case .planAdopted:
            let plan = try r.read(Self.plan), unit = try r.read(Self.unit), name = try r.read(Self.name)
            let from = try r.read(firstYear), to = try r.read(lastYear)
            var targets: [PlanTarget] = []
            for i in 0..<(try r.count(Self.targets)) {
                targets.append(try Self.target(r.element(Self.targets, i)))
            }
            return .planAdopted(plan: plan, unit: unit, name: name, from: from, to: to, targets: targets)
        case .eventRetracted:
            return .eventRetracted(target: try r.read(target), reason: try r.read(retractionReason))
        }
    }

    /// A person's identity attributes.
    static func person<R: EventFieldReader>(_ r: R) throws(R.Failure) -> Person {
        Person(name: try r.read(personName), birthDate: try r.read(birthDate), gender: try r.read(gender),
               ethnicity: try r.optional(ethnicity), religion: try r.optional(religion))
    }

    /// A plan target: whether the indicator is in the catalogue and the
    /// bounds make sense are rules (`LedgerState`), not format.
    static func target<R: EventFieldReader>(_ r: R) throws(R.Failure) -> PlanTarget {
        PlanTarget(indicator: try r.read(indicator), min: try r.optional(minimum), max: try r.optional(maximum))
    }

    // MARK: The field lists, read off the declaration

    /// The fields of an object, in declared order.
    struct Fields: Sendable {
        var required: [FieldKey] = []
        var optional: [FieldKey] = []
        var all: [FieldKey] { required + optional }
        var names: [String] { all.map(\.name) }
    }

    /// The type-specific fields of each type, by `EventType.allCases` index.
    static let bodyFields: [Fields] = EventType.allCases.map { type in
        let recorder = FieldRecorder()
        _ = try? body(type, recorder)
        return recorder.fields
    }

    static func fields(of type: EventType) -> Fields { bodyFields[typeIndex[type]!] }

    static let typeIndex: [EventType: Int] = Dictionary(uniqueKeysWithValues: EventType.allCases.enumerated().map { ($1, $0) })

    /// A person's fields and a plan target's.
    static let personFields: Fields = {
        let recorder = FieldRecorder()
        _ = try? person(recorder)
        return recorder.fields
    }()
    static let targetFields: Fields = {
        let recorder = FieldRecorder()
        _ = try? target(recorder)
        return recorder.fields
    }()

    static func fields(of owner: FieldOwner) -> Fields {
        switch owner {
        case .event(let type): fields(of: type)
        case .person: personFields
        case .target: targetFields
        }
    }
}

/// Runs a declaration to list the fields it reads: a key asked about with
/// `has` is optional, one read without asking is required. Every read
/// answers a placeholder of the right kind (present, so every branch runs).
final class FieldRecorder: EventFieldReader {
    struct Unreachable: Error {}
    typealias Failure = Unreachable
    var fields = EventSchema.Fields()

    private func required(_ key: FieldKey) {
        if !fields.optional.contains(key) && !fields.required.contains(key) { fields.required.append(key) }
    }

    func has(_ key: FieldKey) -> Bool {
        if !fields.optional.contains(key) { fields.optional.append(key) }
        return true
    }
    func read(_ f: TextField) throws(Unreachable) -> String { required(f.key); return "x" }
    func read(_ f: IDField) throws(Unreachable) -> String { required(f.key); return "x" }
    func read(_ f: IDListField) throws(Unreachable) -> [String] { required(f.key); return ["x"] }
    func read(_ f: DateField) throws(Unreachable) -> Day { required(f.key); return Day(number: 0) }
    func read(_ f: IntegerField) throws(Unreachable) -> Int { required(f.key); return f.range.lowerBound }
    func read<V>(_ f: VocabularyField<V>) throws(Unreachable) -> V { required(f.key); return V.allCases.first! }
    func read(_ f: DecimalField) throws(Unreachable) -> PlanNumber { required(f.key); return PlanNumber("1")! }
    func object(_ f: ObjectField) throws(Unreachable) -> FieldRecorder { required(f.key); return FieldRecorder() }
    func count(_ f: ObjectListField) throws(Unreachable) -> Int { required(f.key); return 1 }
    func element(_ f: ObjectListField, _ i: Int) throws(Unreachable) -> FieldRecorder { FieldRecorder() }
    func eventType() throws(Unreachable) -> EventType { .unitEstablished }
    func checkKeys(of type: EventType) throws(Unreachable) {}
    func refuse(_ key: FieldKey?, _ reason: EventFormatReason) -> Unreachable { Unreachable() }
    func identify(_ id: String) {}
}
