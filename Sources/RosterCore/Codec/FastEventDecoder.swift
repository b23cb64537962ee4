// The common shape of an event line, decoded straight from its bytes: no
// JSON value tree, no dictionary of fields, one pass to find the members and
// one to write the canonical form. Anything outside that shape — an escape
// in a string, a literal `true`/`null`, a fraction, an unknown or repeated
// key, a missing field, a value the schema refuses — makes it give up, and
// the caller decodes the line with `JSONParser` + `EventDecoder`, which
// either accept it or say exactly what is wrong. The fast path never
// rejects: it only declines. `FastEventDecoderTests` checks, line by line on
// generated histories and their mutations, that whatever it accepts equals
// what the full decoder makes of the same bytes.

/// What the fast path makes of a line: the event, the export-only fields,
/// and where `,"recorded":"…"` sits in the canonical JSON it wrote.
public struct FastDecodedEvent: Sendable {
    public var event: Event
    public var seq: Int?
    public var hash: Digest32?
    /// Byte range, relative to the start of this event's canonical JSON, of
    /// the `,"recorded":"…"` member; an empty range at the point where it
    /// belongs when the line did not give `recorded`.
    public var recorded: Range<Int>
}

/// The names of every field the schema knows, in canonical (byte) order:
/// the order of the cases is the order keys are written in.
enum FieldKey: Int, CaseIterable {
    case actor, admitted, birthDate, category, decision, education, effective, ethnicity, from, gender
    case hash, id, into, kind, member, name, note, parent, penalty, person, rating, reason, recorded
    case religion, seq, status, target, theory, to, type, unit, units, year

    var name: String {
        switch self {
        case .actor: "actor"
        case .admitted: "admitted"
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
        case .into: "into"
        case .kind: "kind"
        case .member: "member"
        case .name: "name"
        case .note: "note"
        case .parent: "parent"
        case .penalty: "penalty"
        case .person: "person"
        case .rating: "rating"
        case .reason: "reason"
        case .recorded: "recorded"
        case .religion: "religion"
        case .seq: "seq"
        case .status: "status"
        case .target: "target"
        case .theory: "theory"
        case .to: "to"
        case .type: "type"
        case .unit: "unit"
        case .units: "units"
        case .year: "year"
        }
    }

    var bit: UInt64 { 1 << UInt64(rawValue) }

    static func mask(_ keys: [FieldKey]) -> UInt64 { keys.reduce(0) { $0 | $1.bit } }
}

/// A reusable decoder: it keeps its scratch tables between lines, so one
/// per thread.
public struct FastEventDecoder {
    /// Value ranges by key (the bytes of the value as written, quotes
    /// included); valid for the keys whose bit is set in `present`.
    private var start = [Int](repeating: 0, count: FieldKey.allCases.count)
    private var end = [Int](repeating: 0, count: FieldKey.allCases.count)
    private var present: UInt64 = 0
    /// The same for the members of `person`.
    private var personStart = [Int](repeating: 0, count: FieldKey.allCases.count)
    private var personEnd = [Int](repeating: 0, count: FieldKey.allCases.count)
    private var personPresent: UInt64 = 0
    /// The strings of `units`, as (start, end) with quotes.
    private var unitItems: [(Int, Int)] = []

    /// Keys by their first byte, for the lookup of a key's bytes.
    private static let byFirstByte: [[(FieldKey, [UInt8])]] = {
        var table = [[(FieldKey, [UInt8])]](repeating: [], count: 128)
        for k in FieldKey.allCases {
            let bytes = Array(k.name.utf8)
            table[Int(bytes[0])].append((k, bytes))
        }
        return table
    }()

    /// The types it always declines, rare in a history (awards, places,
    /// plans): the full decoder takes them.
    public static let declinedTypes: Set<EventType> = [.memberAwarded, .placeRegistered, .placeClosed, .planAdopted]
    /// The fields that are not `FieldKey`s: those of the declined types and
    /// a unit's `place`. A line naming one declines.
    static let fieldsLeftToTheFullDecoder: Set<String> = ["badge", "place", "plan", "targets"]

    static let commonKeys = FieldKey.mask([.id, .type, .effective, .recorded, .actor, .decision, .note, .seq, .hash])
    static let personKeys = FieldKey.mask([.name, .birthDate, .gender, .ethnicity, .religion])

    /// Required and allowed (required + optional + common) keys by type.
    static let shapes: [(required: UInt64, allowed: UInt64)] = EventType.allCases.map { type in
        let spec = EventDecoder.typeFields[type]!
        func keys(_ names: [String]) -> [FieldKey] {
            // Fields without a `FieldKey` (those of the types `build` declines,
            // and a unit's `place`) are not in the masks: a line naming one declines.
            names.compactMap { n in FieldKey.allCases.first { $0.name == n } }
        }
        let required = FieldKey.mask(keys(spec.required))
        return (required | FieldKey.id.bit | FieldKey.type.bit | FieldKey.effective.bit,
                required | FieldKey.mask(keys(spec.optional)) | commonKeys)
    }

    private static let typeIndex: [EventType: Int] = Dictionary(uniqueKeysWithValues: EventType.allCases.enumerated().map { ($1, $0) })

    public init() {}

    /// A private signal: the line is not of the common shape.
    struct Decline: Error {}

    /// Decodes `line` and appends its canonical JSON to `canonical`, or
    /// returns nil (leaving `canonical` as it was) when the line needs the
    /// full decoder.
    public mutating func decode(_ line: UnsafeRawBufferPointer, canonical: inout [UInt8]) -> FastDecodedEvent? {
        guard line.count > 0 else { return nil }
        let mark = canonical.count
        do throws(Decline) {
            try scan(line)
            let decoded = try build(line)
            let recorded = write(line, into: &canonical)
            return FastDecodedEvent(event: decoded.event, seq: decoded.seq, hash: decoded.hash,
                                    recorded: (recorded.lowerBound - mark)..<(recorded.upperBound - mark))
        } catch {
            canonical.removeSubrange(mark...)
            return nil
        }
    }

    /// Decodes `line` without writing its canonical JSON (a log entry is
    /// already canonical), or returns nil when it needs the full decoder.
    public mutating func event(_ line: UnsafeRawBufferPointer) -> Event? {
        guard line.count > 0 else { return nil }
        do throws(Decline) {
            try scan(line)
            return try build(line).event
        } catch {
            return nil
        }
    }

    // MARK: Scanning

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func skipSpace(_ p: UnsafeRawBufferPointer, _ i: Int) -> Int {
        var i = i
        while i < p.count && FastEventDecoder.isSpace(p[i]) { i += 1 }
        return i
    }

    /// A string without escapes starting at the quote at `i`: the index after
    /// its closing quote. Declines escapes and raw control characters (UTF-8
    /// is validated when the string is made).
    private func scanString(_ p: UnsafeRawBufferPointer, _ i: Int) throws(Decline) -> Int {
        var j = i + 1
        while j < p.count {
            let b = p[j]
            if b == 0x22 { return j + 1 }
            if b == 0x5C || b < 0x20 { throw Decline() }
            j += 1
        }
        throw Decline()
    }

    /// A key at the quote at `i`: the field and the index after its closing quote.
    private func scanKey(_ p: UnsafeRawBufferPointer, _ i: Int) throws(Decline) -> (FieldKey, Int) {
        guard i < p.count, p[i] == 0x22 else { throw Decline() }
        let close = try scanString(p, i)
        let n = close - i - 2
        guard n > 0, p[i + 1] < 0x80 else { throw Decline() }
        for (key, bytes) in FastEventDecoder.byFirstByte[Int(p[i + 1])] where bytes.count == n {
            var k = 1
            while k < n && bytes[k] == p[i + 1 + k] { k += 1 }
            if k == n { return (key, close) }
        }
        throw Decline()
    }

    /// An integer `[1-9][0-9]{0,17}`: the index after it.
    private func scanInteger(_ p: UnsafeRawBufferPointer, _ i: Int) throws(Decline) -> Int {
        guard p[i] >= 0x31 && p[i] <= 0x39 else { throw Decline() }
        var j = i + 1
        while j < p.count && p[j] >= 0x30 && p[j] <= 0x39 { j += 1 }
        guard j - i <= 18 else { throw Decline() }
        return j
    }

    private mutating func scan(_ p: UnsafeRawBufferPointer) throws(Decline) {
        present = 0
        personPresent = 0
        unitItems.removeAll(keepingCapacity: true)
        var i = skipSpace(p, 0)
        guard i < p.count, p[i] == 0x7B else { throw Decline() }
        i = skipSpace(p, i + 1)
        while true {
            let (key, afterKey) = try scanKey(p, i)
            guard present & key.bit == 0 else { throw Decline() }
            i = skipSpace(p, afterKey)
            guard i < p.count, p[i] == 0x3A else { throw Decline() }
            i = skipSpace(p, i + 1)
            guard i < p.count else { throw Decline() }
            let valueStart = i
            switch p[i] {
            case 0x22:
                i = try scanString(p, i)
            case 0x30...0x39:
                i = try scanInteger(p, i)
            case 0x7B where key == .person:
                i = try scanPerson(p, i)
            case 0x5B where key == .units:
                i = try scanUnits(p, i)
            default:
                throw Decline()
            }
            present |= key.bit
            start[key.rawValue] = valueStart
            end[key.rawValue] = i
            let (next, closed) = try separator(p, i, close: 0x7D)
            i = next
            if closed { break }
        }
        guard skipSpace(p, i) == p.count else { throw Decline() }
    }

    /// After a member or an element: white space, then ',' (more follow:
    /// where the next one starts) or `close` (the index after it, closed).
    private func separator(_ p: UnsafeRawBufferPointer, _ i: Int, close: UInt8) throws(Decline) -> (index: Int, closed: Bool) {
        let i = skipSpace(p, i)
        guard i < p.count else { throw Decline() }
        if p[i] == 0x2C { return (skipSpace(p, i + 1), false) }
        if p[i] == close { return (i + 1, true) }
        throw Decline()
    }

    private mutating func scanPerson(_ p: UnsafeRawBufferPointer, _ open: Int) throws(Decline) -> Int {
        var i = skipSpace(p, open + 1)
        while true {
            let (key, afterKey) = try scanKey(p, i)
            guard FastEventDecoder.personKeys & key.bit != 0, personPresent & key.bit == 0 else { throw Decline() }
            i = skipSpace(p, afterKey)
            guard i < p.count, p[i] == 0x3A else { throw Decline() }
            i = skipSpace(p, i + 1)
            guard i < p.count, p[i] == 0x22 else { throw Decline() }
            personStart[key.rawValue] = i
            i = try scanString(p, i)
            personEnd[key.rawValue] = i
            personPresent |= key.bit
            let (next, closed) = try separator(p, i, close: 0x7D)
            if closed { return next }
            i = next
        }
    }

    private mutating func scanUnits(_ p: UnsafeRawBufferPointer, _ open: Int) throws(Decline) -> Int {
        var i = skipSpace(p, open + 1)
        while true {
            guard i < p.count, p[i] == 0x22, unitItems.count < 10_000 else { throw Decline() }
            let close = try scanString(p, i)
            unitItems.append((i, close))
            let (next, closed) = try separator(p, close, close: 0x5D)
            if closed { return next }
            i = next
        }
    }

    // MARK: Values

    /// The contents of a scanned string (quotes excluded) as a String, or a
    /// decline when the bytes are not valid UTF-8.
    private static func string(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) throws(Decline) -> String {
        let bytes = UnsafeRawBufferPointer(rebasing: p[(s + 1)..<(e - 1)])
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else { throw Decline() }
        return s
    }

    /// An id: 1 to 128 Unicode scalars.
    private static func identifier(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) throws(Decline) -> String {
        let value = try string(p, s, e)
        var scalars = 0
        for b in value.utf8 where b & 0xC0 != 0x80 { scalars += 1 }
        guard scalars >= 1 && scalars <= 128 else { throw Decline() }
        return value
    }

    private func has(_ k: FieldKey) -> Bool { present & k.bit != 0 }

    private func isString(_ p: UnsafeRawBufferPointer, _ k: FieldKey) -> Bool { p[start[k.rawValue]] == 0x22 }

    private func str(_ p: UnsafeRawBufferPointer, _ k: FieldKey) throws(Decline) -> String {
        guard has(k), isString(p, k) else { throw Decline() }
        return try FastEventDecoder.string(p, start[k.rawValue], end[k.rawValue])
    }

    private func optStr(_ p: UnsafeRawBufferPointer, _ k: FieldKey) throws(Decline) -> String? {
        has(k) ? try str(p, k) : nil
    }

    private func ident(_ p: UnsafeRawBufferPointer, _ k: FieldKey) throws(Decline) -> String {
        guard has(k), isString(p, k) else { throw Decline() }
        return try FastEventDecoder.identifier(p, start[k.rawValue], end[k.rawValue])
    }

    private func optIdent(_ p: UnsafeRawBufferPointer, _ k: FieldKey) throws(Decline) -> String? {
        has(k) ? try ident(p, k) : nil
    }

    private static func date(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) throws(Decline) -> Day {
        guard let d = Day(isoBytes: UnsafeRawBufferPointer(rebasing: p[(s + 1)..<(e - 1)])) else { throw Decline() }
        return d
    }

    private func date(_ p: UnsafeRawBufferPointer, _ k: FieldKey) throws(Decline) -> Day {
        guard has(k), isString(p, k) else { throw Decline() }
        return try FastEventDecoder.date(p, start[k.rawValue], end[k.rawValue])
    }

    private func optDate(_ p: UnsafeRawBufferPointer, _ k: FieldKey) throws(Decline) -> Day? {
        has(k) ? try date(p, k) : nil
    }

    private static func vocab<V>(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int, _ table: ByteVocabulary<V>) throws(Decline) -> V {
        guard p[s] == 0x22, let v = table.match(UnsafeRawBufferPointer(rebasing: p[(s + 1)..<(e - 1)])) else { throw Decline() }
        return v
    }

    private func vocab<V>(_ p: UnsafeRawBufferPointer, _ k: FieldKey, _ table: ByteVocabulary<V>) throws(Decline) -> V {
        guard has(k) else { throw Decline() }
        return try FastEventDecoder.vocab(p, start[k.rawValue], end[k.rawValue], table)
    }

    private func optVocab<V>(_ p: UnsafeRawBufferPointer, _ k: FieldKey, _ table: ByteVocabulary<V>) throws(Decline) -> V? {
        has(k) ? try vocab(p, k, table) : nil
    }

    static let eventTypes = ByteVocabulary<EventType>()
    static let kinds = ByteVocabulary<UnitKind>()
    static let categories = ByteVocabulary<UnitCategory>()
    static let unitRatings = ByteVocabulary<UnitRating>()
    static let memberRatings = ByteVocabulary<MemberRating>()
    static let statuses = ByteVocabulary<MemberStatus>()
    static let genders = ByteVocabulary<Gender>()
    static let educations = ByteVocabulary<Education>()
    static let theories = ByteVocabulary<Theory>()
    static let strikeOffReasons = ByteVocabulary<StrikeOffReason>()
    static let penalties = ByteVocabulary<Penalty>()

    private func integer(_ p: UnsafeRawBufferPointer, _ k: FieldKey, in range: ClosedRange<Int>) throws(Decline) -> Int {
        guard has(k), !isString(p, k) else { throw Decline() }
        var v = 0
        for i in start[k.rawValue]..<end[k.rawValue] { v = v * 10 + Int(p[i] - 0x30) }
        guard range.contains(v) else { throw Decline() }
        return v
    }

    private func person(_ p: UnsafeRawBufferPointer) throws(Decline) -> Person {
        guard has(.person), p[start[FieldKey.person.rawValue]] == 0x7B else { throw Decline() }
        func field(_ k: FieldKey) -> (Int, Int)? {
            personPresent & k.bit != 0 ? (personStart[k.rawValue], personEnd[k.rawValue]) : nil
        }
        guard let n = field(.name), let b = field(.birthDate), let g = field(.gender) else { throw Decline() }
        let name = try FastEventDecoder.string(p, n.0, n.1)
        guard !name.isEmpty else { throw Decline() }
        return Person(name: name, birthDate: try FastEventDecoder.date(p, b.0, b.1),
                      gender: try FastEventDecoder.vocab(p, g.0, g.1, FastEventDecoder.genders),
                      ethnicity: try field(.ethnicity).map { (s, e) throws(Decline) in try FastEventDecoder.string(p, s, e) },
                      religion: try field(.religion).map { (s, e) throws(Decline) in try FastEventDecoder.string(p, s, e) })
    }

    private func units(_ p: UnsafeRawBufferPointer) throws(Decline) -> [String] {
        guard has(.units), p[start[FieldKey.units.rawValue]] == 0x5B, !unitItems.isEmpty else { throw Decline() }
        var ids: [String] = []
        ids.reserveCapacity(unitItems.count)
        for (s, e) in unitItems { ids.append(try FastEventDecoder.identifier(p, s, e)) }
        return ids
    }

    // MARK: The event

    private func build(_ p: UnsafeRawBufferPointer) throws(Decline) -> (event: Event, seq: Int?, hash: Digest32?) {
        let id = try ident(p, .id)
        let type = try vocab(p, .type, Self.eventTypes)
        let shape = FastEventDecoder.shapes[FastEventDecoder.typeIndex[type]!]
        guard present & shape.required == shape.required, present & ~shape.allowed == 0 else { throw Decline() }
        let effective = try date(p, .effective)
        var recorded: Timestamp? = nil
        if let text = try optStr(p, .recorded) {
            guard let t = Timestamp(rfc3339: text) else { throw Decline() }
            recorded = t
        }
        var seq: Int? = nil
        if has(.seq) { seq = try integer(p, .seq, in: 1...Int(Int64.max)) }
        var hash: Digest32? = nil
        if has(.hash) {
            let text = try str(p, .hash)
            guard text.utf8.count == 64, let d = Digest32(hex: text) else { throw Decline() }
            hash = d
        }
        let body: EventBody
        switch type {
        case .unitEstablished:
            body = .unitEstablished(unit: try ident(p, .unit), name: try str(p, .name), kind: try vocab(p, .kind, Self.kinds),
                                    category: try optVocab(p, .category, Self.categories), parent: try optIdent(p, .parent))
        case .unitRenamed:
            body = .unitRenamed(unit: try ident(p, .unit), name: try str(p, .name))
        case .unitReclassified:
            let kind: UnitKind? = try optVocab(p, .kind, Self.kinds)
            let category: UnitCategory? = try optVocab(p, .category, Self.categories)
            guard kind != nil || category != nil else { throw Decline() }
            body = .unitReclassified(unit: try ident(p, .unit), kind: kind, category: category)
        case .unitMoved:
            body = .unitMoved(unit: try ident(p, .unit), parent: try ident(p, .parent))
        case .unitMerged:
            body = .unitMerged(units: try units(p), into: try ident(p, .into))
        case .unitDissolved:
            body = .unitDissolved(unit: try ident(p, .unit))
        case .unitRated:
            body = .unitRated(unit: try ident(p, .unit), year: try integer(p, .year, in: 1900...2999), rating: try vocab(p, .rating, Self.unitRatings))
        case .memberRegistered:
            body = .memberRegistered(member: try ident(p, .member), unit: try ident(p, .unit), person: try person(p),
                                     status: try vocab(p, .status, Self.statuses), admitted: try optDate(p, .admitted),
                                     education: try optVocab(p, .education, Self.educations), theory: try optVocab(p, .theory, Self.theories))
        case .memberAdmitted:
            body = .memberAdmitted(member: try ident(p, .member), unit: try ident(p, .unit), person: try person(p),
                                   education: try optVocab(p, .education, Self.educations), theory: try optVocab(p, .theory, Self.theories))
        case .memberReadmitted:
            body = .memberReadmitted(member: try ident(p, .member), unit: try ident(p, .unit))
        case .memberConfirmed:
            body = .memberConfirmed(member: try ident(p, .member))
        case .memberTransferred:
            body = .memberTransferred(member: try ident(p, .member), unit: try ident(p, .unit))
        case .memberTransferredIn:
            body = .memberTransferredIn(member: try ident(p, .member), unit: try ident(p, .unit), person: try person(p),
                                        status: try vocab(p, .status, Self.statuses), admitted: try optDate(p, .admitted),
                                        from: try optStr(p, .from), education: try optVocab(p, .education, Self.educations),
                                        theory: try optVocab(p, .theory, Self.theories))
        case .memberTransferredOut:
            body = .memberTransferredOut(member: try ident(p, .member), to: try optStr(p, .to))
        case .memberExpelled:
            body = .memberExpelled(member: try ident(p, .member))
        case .memberStruckOff:
            body = .memberStruckOff(member: try ident(p, .member), reason: try vocab(p, .reason, Self.strikeOffReasons))
        case .memberResigned:
            body = .memberResigned(member: try ident(p, .member))
        case .memberDied:
            body = .memberDied(member: try ident(p, .member))
        case .memberDisciplined:
            body = .memberDisciplined(member: try ident(p, .member), penalty: try vocab(p, .penalty, Self.penalties))
        case .memberRated:
            body = .memberRated(member: try ident(p, .member), year: try integer(p, .year, in: 1900...2999),
                                rating: try vocab(p, .rating, Self.memberRatings))
        case .memberUpdated:
            let update = MemberUpdate(name: try optStr(p, .name), gender: try optVocab(p, .gender, Self.genders),
                                      ethnicity: try optStr(p, .ethnicity), religion: try optStr(p, .religion),
                                      birthDate: try optDate(p, .birthDate), education: try optVocab(p, .education, Self.educations),
                                      theory: try optVocab(p, .theory, Self.theories))
            guard update != MemberUpdate() else { throw Decline() }
            body = .memberUpdated(member: try ident(p, .member), update: update)
        case .memberExempted:
            body = .memberExempted(member: try ident(p, .member))
        case .memberExemptionEnded:
            body = .memberExemptionEnded(member: try ident(p, .member))
        case .eventRetracted:
            body = .eventRetracted(target: try ident(p, .target), reason: try str(p, .reason))
        case .memberAwarded, .placeRegistered, .placeClosed, .planAdopted:
            throw Decline()  // `declinedTypes`
        }
        let event = Event(id: id, effective: effective, recorded: recorded, actor: try optStr(p, .actor),
                          decision: try optStr(p, .decision), note: try optStr(p, .note), body: body)
        return (event, seq, hash)
    }

    // MARK: Canonical JSON

    /// Writes the members in key order, without `seq` and `hash`: strings
    /// without escapes and integers without leading zeros are already
    /// canonical as written. Returns the range of `,"recorded":"…"` (or the
    /// empty range where it belongs).
    private func write(_ p: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Range<Int> {
        var recorded: Range<Int>? = nil
        out.append(0x7B)
        var first = true
        var keys = present & ~(FieldKey.seq.bit | FieldKey.hash.bit)
        while keys != 0 {
            let k = FieldKey(rawValue: keys.trailingZeroBitCount)!
            keys &= keys - 1
            if recorded == nil && k.rawValue > FieldKey.recorded.rawValue { recorded = out.count..<out.count }
            let memberStart = out.count
            if !first { out.append(0x2C) }
            first = false
            FastEventDecoder.writeKey(k, into: &out)
            switch k {
            case .person:
                out.append(0x7B)
                var inner = personPresent
                var firstInner = true
                while inner != 0 {
                    let pk = FieldKey(rawValue: inner.trailingZeroBitCount)!
                    inner &= inner - 1
                    if !firstInner { out.append(0x2C) }
                    firstInner = false
                    FastEventDecoder.writeKey(pk, into: &out)
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[personStart[pk.rawValue]..<personEnd[pk.rawValue]]))
                }
                out.append(0x7D)
            case .units:
                out.append(0x5B)
                for (n, (s, e)) in unitItems.enumerated() {
                    if n > 0 { out.append(0x2C) }
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[s..<e]))
                }
                out.append(0x5D)
            default:
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[start[k.rawValue]..<end[k.rawValue]]))
            }
            if k == .recorded { recorded = memberStart..<out.count }
        }
        if recorded == nil { recorded = out.count..<out.count }
        out.append(0x7D)
        return recorded!
    }

    private static let quotedKeys: [[UInt8]] = FieldKey.allCases.map { Array("\"\($0.name)\":".utf8) }

    @inline(__always)
    private static func writeKey(_ k: FieldKey, into out: inout [UInt8]) {
        out.append(contentsOf: quotedKeys[k.rawValue])
    }
}

/// The raw values of a vocabulary as bytes, matched without making a String.
struct ByteVocabulary<V: RawRepresentable & CaseIterable & Sendable>: Sendable where V.RawValue == String {
    private let entries: [([UInt8], V)]

    init() { entries = V.allCases.map { (Array($0.rawValue.utf8), $0) } }

    func match(_ bytes: UnsafeRawBufferPointer) -> V? {
        for (raw, value) in entries where raw.count == bytes.count {
            if raw.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return value }
        }
        return nil
    }
}

/// Where `,"recorded":"…"` is in an event's canonical JSON.
public enum CanonicalEvent {
    /// The byte range of the `,"recorded":…` member of a canonical event
    /// object, or the empty range where it would be inserted. `recorded` is
    /// never the first key (`effective` and `id` sort before it).
    public static func recordedRange(_ c: UnsafeRawBufferPointer) -> Range<Int> {
        let key = Array("\"recorded\"".utf8)
        var i = 1  // after '{'
        var depth = 0
        var inString = false
        var memberStart = 1
        // Walk top-level keys: a key begins after '{' or a top-level ','.
        var expectKey = true
        while i < c.count {
            let b = c[i]
            if inString {
                if b == 0x5C { i += 2; continue }
                if b == 0x22 { inString = false }
                i += 1
                continue
            }
            if depth == 0 && expectKey && b == 0x22 {
                // Compare this key with "recorded".
                var j = 0
                while j < key.count && i + j < c.count && c[i + j] == key[j] { j += 1 }
                if j == key.count {
                    // Found: the member runs to the next top-level ',' or '}'.
                    var k = i + key.count
                    var d = 0
                    var s = false
                    while k < c.count {
                        let x = c[k]
                        if s {
                            if x == 0x5C { k += 2; continue }
                            if x == 0x22 { s = false }
                        } else if x == 0x22 { s = true }
                        else if x == 0x7B || x == 0x5B { d += 1 }
                        else if x == 0x7D || x == 0x5D { if d == 0 { break }; d -= 1 }
                        else if x == 0x2C && d == 0 { break }
                        k += 1
                    }
                    return memberStart..<k
                }
                // Is this key after "recorded"? Then insert before its comma.
                if keyIsAfterRecorded(c, i + 1) { return memberStart..<memberStart }
                expectKey = false
                inString = true
                i += 1
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                if depth == 0 { return i..<i }
                depth -= 1
            case 0x2C where depth == 0:
                memberStart = i
                expectKey = true
            default: break
            }
            i += 1
        }
        return c.count..<c.count
    }

    /// Compares the key starting at `i` (after its quote) with `recorded`
    /// byte by byte (canonical keys are sorted by code unit; event keys are
    /// ASCII).
    private static func keyIsAfterRecorded(_ c: UnsafeRawBufferPointer, _ i: Int) -> Bool {
        let name = Array("recorded".utf8)
        var j = 0
        while i + j < c.count {
            let b = c[i + j]
            if b == 0x22 { return false }  // a prefix of "recorded" (or equal) sorts first
            if j == name.count { return true }
            if b != name[j] { return b > name[j] }
            j += 1
        }
        return false
    }
}

/// A 64-bit hash of an event's canonical JSON without its `recorded` member:
/// two lines with the same fingerprint say the same thing (the in-batch
/// duplicate check).
public func eventFingerprint(_ canonical: UnsafeRawBufferPointer, recorded: Range<Int>) -> UInt64 {
    let before = EventIDTable.hash(UnsafeRawBufferPointer(rebasing: canonical[..<recorded.lowerBound]))
    let after = EventIDTable.hash(UnsafeRawBufferPointer(rebasing: canonical[recorded.upperBound...]))
    return withUnsafeBytes(of: (before, after)) { EventIDTable.hash($0) }
}
