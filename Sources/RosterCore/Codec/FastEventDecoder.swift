// The common shape of an event line, decoded straight from its bytes: no
// JSON value tree, no dictionary of fields, one pass to find the members and
// one to write the canonical form. What each type carries is not repeated
// here: the event is built by `EventSchema` (the one declaration, shared
// with `EventDecoder`) through `ByteFields`, a reader over the value ranges
// found by the scan. Anything outside the common shape — an escape in a
// string, a literal `true`/`null`, a fraction, a repeated key, a key no
// event has, a missing field, a value the schema refuses — makes it give
// up, and the caller decodes the line with `JSONParser` + `EventDecoder`,
// which either accept it or say exactly what is wrong. The fast path never
// rejects: it only declines. `FastEventDecoderTests` checks, line by line on
// generated histories of every type and their mutations, that whatever it
// accepts equals what the full decoder makes of the same bytes, and that it
// takes every ordinary line.

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

/// The scratch tables of one decoder: the value ranges of each object of a
/// line (frame 0 the event, 1 its person, 2… its plan targets), by key.
final class ScanBuffers {
    /// Lines with more plan targets or merged units than this decline (the
    /// full decoder takes them).
    static let maxTargets = 64
    static let maxUnits = 1024
    static let frames = 2 + maxTargets
    static let personFrame = 1
    static let firstTargetFrame = 2

    /// Value ranges (the bytes as written, quotes included) by frame and
    /// key: `start[frame * FieldKey.count + key]`; valid where the frame's
    /// `present` bit is set.
    let start: UnsafeMutablePointer<Int>
    let end: UnsafeMutablePointer<Int>
    let present: UnsafeMutablePointer<UInt64>
    /// The strings of `units`, as start, end (with quotes).
    let units: UnsafeMutablePointer<Int>

    init() {
        let n = Self.frames * FieldKey.count
        start = .allocate(capacity: n)
        start.initialize(repeating: 0, count: n)
        end = .allocate(capacity: n)
        end.initialize(repeating: 0, count: n)
        present = .allocate(capacity: Self.frames)
        present.initialize(repeating: 0, count: Self.frames)
        units = .allocate(capacity: 2 * Self.maxUnits)
        units.initialize(repeating: 0, count: 2 * Self.maxUnits)
    }

    deinit {
        start.deallocate()
        end.deallocate()
        present.deallocate()
        units.deallocate()
    }
}

/// A reusable decoder: it keeps its scratch tables between lines, so one
/// per thread (a copy gets tables of its own when it first decodes).
public struct FastEventDecoder {
    private var buffers = ScanBuffers()
    private var unitCount = 0
    private var targetCount = 0

    /// Keys by their first byte, for the lookup of a key's bytes.
    private static let byFirstByte: [[(FieldKey, [UInt8])]] = {
        var table = [[(FieldKey, [UInt8])]](repeating: [], count: 128)
        for k in FieldKey.allCases {
            let bytes = Array(k.name.utf8)
            table[Int(bytes[0])].append((k, bytes))
        }
        return table
    }()

    static let commonKeys = FieldKey.mask(EventSchema.commonKeys)
    static let personKeys = FieldKey.mask(EventSchema.personFields.all)
    static let targetKeys = FieldKey.mask(EventSchema.targetFields.all)

    /// Required and allowed (required + optional + common) keys by type,
    /// from the declaration.
    static let shapes: [(required: UInt64, allowed: UInt64)] = EventSchema.bodyFields.map { fields in
        (FieldKey.mask(fields.required + EventSchema.requiredCommonKeys), FieldKey.mask(fields.all) | commonKeys)
    }

    static let eventTypes = ByteVocabulary<EventType>()

    public init() {}

    /// A private signal: the line is not of the common shape.
    struct Decline: Error {}

    /// Decodes `line` and appends its canonical JSON to `canonical`, or
    /// returns nil (leaving `canonical` as it was) when the line needs the
    /// full decoder.
    public mutating func decode(_ line: UnsafeRawBufferPointer, canonical: inout [UInt8]) -> FastDecodedEvent? {
        guard line.count > 0 else { return nil }
        if !isKnownUniquelyReferenced(&buffers) { buffers = ScanBuffers() }
        let mark = canonical.count
        do throws(Decline) {
            try scan(line)
            var fields = ByteFields(p: line, buffers: buffers, frame: 0, unitCount: unitCount, targetCount: targetCount)
            let decoded = try EventSchema.event(&fields)
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
        if !isKnownUniquelyReferenced(&buffers) { buffers = ScanBuffers() }
        do throws(Decline) {
            try scan(line)
            var fields = ByteFields(p: line, buffers: buffers, frame: 0, unitCount: unitCount, targetCount: targetCount)
            return try EventSchema.event(&fields).event
        } catch {
            return nil
        }
    }

    // MARK: Scanning

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

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

    /// An integer `[1-9][0-9]{0,18}`: the index after it (whether it fits
    /// an Int is checked when it is read).
    private func scanInteger(_ p: UnsafeRawBufferPointer, _ i: Int) throws(Decline) -> Int {
        guard p[i] >= 0x31 && p[i] <= 0x39 else { throw Decline() }
        var j = i + 1
        while j < p.count && p[j] >= 0x30 && p[j] <= 0x39 { j += 1 }
        guard j - i <= 19 else { throw Decline() }
        return j
    }

    private mutating func scan(_ p: UnsafeRawBufferPointer) throws(Decline) {
        unitCount = 0
        targetCount = 0
        var i = skipSpace(p, 0)
        guard i < p.count, p[i] == 0x7B else { throw Decline() }
        i = try scanObject(p, i, frame: 0, keys: ~0)
        guard skipSpace(p, i) == p.count else { throw Decline() }
    }

    /// The object whose '{' is at `open`, into `frame`: the index after its
    /// '}'. Only the event's own members may be objects (`person`) or
    /// arrays (`units`, `targets`); those of nested objects are strings.
    private mutating func scanObject(_ p: UnsafeRawBufferPointer, _ open: Int, frame: Int, keys: UInt64) throws(Decline) -> Int {
        let base = frame * FieldKey.count
        var present: UInt64 = 0
        var i = skipSpace(p, open + 1)
        while true {
            let (key, afterKey) = try scanKey(p, i)
            guard keys & key.bit != 0, present & key.bit == 0 else { throw Decline() }
            i = skipSpace(p, afterKey)
            guard i < p.count, p[i] == 0x3A else { throw Decline() }
            i = skipSpace(p, i + 1)
            guard i < p.count else { throw Decline() }
            let valueStart = i
            switch p[i] {
            case 0x22:
                i = try scanString(p, i)
            case 0x30...0x39 where frame == 0:
                i = try scanInteger(p, i)
            case 0x7B where frame == 0 && key == .person:
                i = try scanObject(p, i, frame: ScanBuffers.personFrame, keys: FastEventDecoder.personKeys)
            case 0x5B where frame == 0 && key == .units:
                i = try scanUnits(p, i)
            case 0x5B where frame == 0 && key == .targets:
                i = try scanTargets(p, i)
            default:
                throw Decline()
            }
            present |= key.bit
            buffers.start[base + key.rawValue] = valueStart
            buffers.end[base + key.rawValue] = i
            let (next, closed) = try separator(p, i, close: 0x7D)
            i = next
            if closed { break }
        }
        buffers.present[frame] = present
        return i
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

    private mutating func scanUnits(_ p: UnsafeRawBufferPointer, _ open: Int) throws(Decline) -> Int {
        var i = skipSpace(p, open + 1)
        while true {
            guard i < p.count, p[i] == 0x22, unitCount < ScanBuffers.maxUnits else { throw Decline() }
            let close = try scanString(p, i)
            buffers.units[2 * unitCount] = i
            buffers.units[2 * unitCount + 1] = close
            unitCount += 1
            let (next, closed) = try separator(p, close, close: 0x5D)
            if closed { return next }
            i = next
        }
    }

    private mutating func scanTargets(_ p: UnsafeRawBufferPointer, _ open: Int) throws(Decline) -> Int {
        var i = skipSpace(p, open + 1)
        while true {
            guard i < p.count, p[i] == 0x7B, targetCount < ScanBuffers.maxTargets else { throw Decline() }
            let close = try scanObject(p, i, frame: ScanBuffers.firstTargetFrame + targetCount, keys: FastEventDecoder.targetKeys)
            targetCount += 1
            let (next, closed) = try separator(p, close, close: 0x5D)
            if closed { return next }
            i = next
        }
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
        var keys = buffers.present[0] & ~(FieldKey.seq.bit | FieldKey.hash.bit)
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
                writeObject(p, frame: ScanBuffers.personFrame, into: &out)
            case .units:
                out.append(0x5B)
                for n in 0..<unitCount {
                    if n > 0 { out.append(0x2C) }
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[buffers.units[2 * n]..<buffers.units[2 * n + 1]]))
                }
                out.append(0x5D)
            case .targets:
                out.append(0x5B)
                for n in 0..<targetCount {
                    if n > 0 { out.append(0x2C) }
                    writeObject(p, frame: ScanBuffers.firstTargetFrame + n, into: &out)
                }
                out.append(0x5D)
            default:
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[buffers.start[k.rawValue]..<buffers.end[k.rawValue]]))
            }
            if k == .recorded { recorded = memberStart..<out.count }
        }
        if recorded == nil { recorded = out.count..<out.count }
        out.append(0x7D)
        return recorded!
    }

    /// A nested object (its members are strings), keys in order.
    private func writeObject(_ p: UnsafeRawBufferPointer, frame: Int, into out: inout [UInt8]) {
        let base = frame * FieldKey.count
        out.append(0x7B)
        var keys = buffers.present[frame]
        var first = true
        while keys != 0 {
            let k = FieldKey(rawValue: keys.trailingZeroBitCount)!
            keys &= keys - 1
            if !first { out.append(0x2C) }
            first = false
            FastEventDecoder.writeKey(k, into: &out)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[buffers.start[base + k.rawValue]..<buffers.end[base + k.rawValue]]))
        }
        out.append(0x7D)
    }

    private static let quotedKeys: [[UInt8]] = FieldKey.allCases.map { Array("\"\($0.name)\":".utf8) }

    @inline(__always)
    private static func writeKey(_ k: FieldKey, into out: inout [UInt8]) {
        out.append(contentsOf: quotedKeys[k.rawValue])
    }
}

/// The fast front end of `EventSchema`: reads the values of one object of a
/// scanned line from their byte ranges, and declines whatever the full
/// decoder might refuse or read differently.
struct ByteFields: EventFieldReader {
    typealias Failure = FastEventDecoder.Decline
    let p: UnsafeRawBufferPointer
    /// Kept alive by the decoder for the length of the build.
    unowned(unsafe) let buffers: ScanBuffers
    let frame: Int
    let present: UInt64
    let unitCount: Int
    let targetCount: Int

    init(p: UnsafeRawBufferPointer, buffers: ScanBuffers, frame: Int, unitCount: Int, targetCount: Int) {
        self.p = p
        self.buffers = buffers
        self.frame = frame
        self.present = buffers.present[frame]
        self.unitCount = unitCount
        self.targetCount = targetCount
    }

    @inline(__always) private func start(_ k: FieldKey) -> Int { buffers.start[frame * FieldKey.count + k.rawValue] }
    @inline(__always) private func end(_ k: FieldKey) -> Int { buffers.end[frame * FieldKey.count + k.rawValue] }

    func has(_ key: FieldKey) -> Bool { present & key.bit != 0 }

    /// The first byte of the value of `k`, which must be present.
    private func first(_ k: FieldKey) throws(Failure) -> UInt8 {
        guard has(k) else { throw Failure() }
        return p[start(k)]
    }

    /// The contents of a scanned string (quotes excluded) as a String, or a
    /// decline when the bytes are not valid UTF-8.
    private static func string(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) throws(Failure) -> String {
        let bytes = UnsafeRawBufferPointer(rebasing: p[(s + 1)..<(e - 1)])
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else { throw Failure() }
        return s
    }

    /// An id: `RuleConstants.idLength` Unicode scalars.
    private static func identifier(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) throws(Failure) -> String {
        let value = try string(p, s, e)
        var scalars = 0
        for b in value.utf8 where b & 0xC0 != 0x80 { scalars += 1 }
        guard RuleConstants.idLength.contains(scalars) else { throw Failure() }
        return value
    }

    private func text(_ k: FieldKey) throws(Failure) -> String {
        guard try first(k) == 0x22 else { throw Failure() }
        return try ByteFields.string(p, start(k), end(k))
    }

    func read(_ f: TextField) throws(Failure) -> String {
        let s = try text(f.key)
        if f.nonEmpty && s.isEmpty { throw Failure() }
        return s
    }

    func read(_ f: IDField) throws(Failure) -> String {
        guard try first(f.key) == 0x22 else { throw Failure() }
        return try ByteFields.identifier(p, start(f.key), end(f.key))
    }

    func read(_ f: IDListField) throws(Failure) -> [String] {
        guard f.key == .units, frame == 0, try first(f.key) == 0x5B, unitCount > 0 else { throw Failure() }
        var ids: [String] = []
        ids.reserveCapacity(unitCount)
        for n in 0..<unitCount {
            ids.append(try ByteFields.identifier(p, buffers.units[2 * n], buffers.units[2 * n + 1]))
        }
        return ids
    }

    func read(_ f: DateField) throws(Failure) -> Day {
        guard try first(f.key) == 0x22,
              let d = Day(isoBytes: UnsafeRawBufferPointer(rebasing: p[(start(f.key) + 1)..<(end(f.key) - 1)])) else { throw Failure() }
        return d
    }

    func read(_ f: IntegerField) throws(Failure) -> Int {
        let b = try first(f.key)
        guard b >= 0x31 && b <= 0x39 else { throw Failure() }
        var v = 0
        for i in start(f.key)..<end(f.key) {
            let (times10, o1) = v.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(p[i] - 0x30))
            guard !o1 && !o2 else { throw Failure() }
            v = sum
        }
        guard f.range.contains(v) else { throw Failure() }
        return v
    }

    func read<V>(_ f: VocabularyField<V>) throws(Failure) -> V {
        guard try first(f.key) == 0x22,
              let v = f.words.match(UnsafeRawBufferPointer(rebasing: p[(start(f.key) + 1)..<(end(f.key) - 1)])) else { throw Failure() }
        return v
    }

    func read(_ f: DecimalField) throws(Failure) -> PlanNumber {
        guard let n = PlanNumber(try text(f.key)) else { throw Failure() }
        return n
    }

    func object(_ f: ObjectField) throws(Failure) -> ByteFields {
        guard f.key == .person, frame == 0, try first(f.key) == 0x7B else { throw Failure() }
        return ByteFields(p: p, buffers: buffers, frame: ScanBuffers.personFrame, unitCount: 0, targetCount: 0)
    }

    func count(_ f: ObjectListField) throws(Failure) -> Int {
        guard f.key == .targets, frame == 0, try first(f.key) == 0x5B, targetCount > 0 else { throw Failure() }
        return targetCount
    }

    func element(_ f: ObjectListField, _ i: Int) throws(Failure) -> ByteFields {
        ByteFields(p: p, buffers: buffers, frame: ScanBuffers.firstTargetFrame + i, unitCount: 0, targetCount: 0)
    }

    func eventType() throws(Failure) -> EventType {
        guard try first(.type) == 0x22,
              let t = FastEventDecoder.eventTypes.match(UnsafeRawBufferPointer(rebasing: p[(start(.type) + 1)..<(end(.type) - 1)])) else { throw Failure() }
        return t
    }

    func checkKeys(of type: EventType) throws(Failure) {
        let shape = FastEventDecoder.shapes[EventSchema.typeIndex[type]!]
        guard present & shape.required == shape.required, present & ~shape.allowed == 0 else { throw Failure() }
    }

    func refuse(_ key: FieldKey?, _ reason: EventFormatReason) -> Failure { Failure() }

    mutating func identify(_ id: String) {}
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
