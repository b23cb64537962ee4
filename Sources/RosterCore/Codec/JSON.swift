// A strict JSON (RFC 8259) parser from UTF-8 bytes, written for this project.
//
// Strict means: exactly one value in the input (white space around it
// allowed), strictly valid UTF-8 everywhere, no unescaped control characters
// in strings, no lone surrogates, numbers exactly per the JSON grammar, no
// duplicate object keys, and bounded nesting depth and container sizes.
// Every error names the byte offset of the problem and says what was
// expected and what was found.
//
// Speed matters (the ledger reads tens of millions of events): the parser
// walks an UnsafeRawBufferPointer, skips plain ASCII in strings eight bytes at
// a time, and builds each String straight from the validated byte range;
// only strings with escapes go through a reused scratch buffer.

/// A parsed JSON value.
///
/// Not `indirect`: arrays and objects already keep their elements in heap
/// buffers, so boxing every case would only add an allocation per scalar.
///
/// Equality is exact, as the hash chain sees it: strings and keys compare by
/// their Unicode scalars (not by Swift's canonical equivalence, so "é" and
/// "e\u{301}" differ), numbers compare by their literal text ("1" ≠ "1.0"),
/// and objects compare as sets of members (member order does not matter,
/// as in JSON and in canonical form).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number literal exactly as written in the input (grammar-checked).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return sameUTF8(a, b)
        case let (.string(a), .string(b)): return sameUTF8(a, b)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }
}

/// A JSON object: its members in input order. Keys are unique (the parser
/// guarantees it; code that builds objects by hand must keep it so).
public struct JSONObject: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            sameUTF8(lhs.key, rhs.key) && lhs.value == rhs.value
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// The value of the member whose key has exactly these Unicode scalars.
    public subscript(key: String) -> JSONValue? {
        for entry in entries where sameUTF8(entry.key, key) {
            return entry.value
        }
        return nil
    }

    /// Same members regardless of order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let a = lhs.entries, b = rhs.entries
        guard a.count == b.count else { return false }
        var i = 0
        // Fast path: the same keys in the same order.
        while i < a.count, sameUTF8(a[i].key, b[i].key) {
            guard a[i].value == b[i].value else { return false }
            i += 1
        }
        guard i < a.count else { return true }
        if a.count - i <= 16 {
            for j in i..<a.count {
                var found = false
                for k in i..<b.count where sameUTF8(a[j].key, b[k].key) {
                    guard a[j].value == b[k].value else { return false }
                    found = true
                    break
                }
                guard found else { return false }
            }
            return true
        }
        var index: [UTF8Key: Int] = [:]
        index.reserveCapacity(b.count - i)
        for k in i..<b.count { index[UTF8Key(b[k].key)] = k }
        for j in i..<a.count {
            guard let k = index[UTF8Key(a[j].key)], a[j].value == b[k].value else { return false }
        }
        return true
    }
}

/// Bounds that keep memory and stack use finite on hostile input.
public struct JSONLimits: Sendable {
    /// Arrays and objects nested deeper than this are refused (the outermost
    /// container is depth 1). The parser recurses once per level, so keep it
    /// modest (hundreds, not millions).
    public var maxDepth: Int
    /// Most elements in one array, and most members in one object.
    public var maxArrayCount: Int

    public init(maxDepth: Int = 32, maxArrayCount: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxArrayCount = maxArrayCount
    }

    /// Depth 32, 100 000 elements.
    public static let `default` = JSONLimits()
}

public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset within the parsed input where the problem is. For invalid
    /// UTF-8, the offset of the first byte of the offending sequence.
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset): \(message)" }
}

public enum JSONParser {
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        var parser = Parser(bytes, limits: limits)
        return try parser.parseDocument()
    }

    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw, limits: limits) }
        }
        return try result.get()
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(utf8), limits: limits) }
        }
        return try result.get()
    }
}

// MARK: - Helpers shared with CanonicalJSON.swift

/// Equal as sequences of Unicode scalars (byte-equal UTF-8).
@inline(__always)
func sameUTF8(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count
        && withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in x.elementsEqual(y) } }
}

/// Calls `body` with the UTF-8 of `s`; native strings are not copied.
@inline(__always)
func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = s
    return copy.withUTF8(body)
}

/// A String key hashed and compared by its UTF-8 bytes.
struct UTF8Key: Hashable {
    var string: String
    init(_ string: String) { self.string = string }
    static func == (a: UTF8Key, b: UTF8Key) -> Bool { sameUTF8(a.string, b.string) }
    func hash(into hasher: inout Hasher) {
        withUTF8Bytes(string) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

// MARK: - The parser

private enum ASCII {
    static let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, slash: UInt8 = 0x2F
    static let comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
    static let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
    static let minus: UInt8 = 0x2D, plus: UInt8 = 0x2B, dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30, nine: UInt8 = 0x39
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
}

private struct Parser {
    let base: UnsafeRawPointer?
    let end: Int
    let limits: JSONLimits
    var i = 0
    /// Reused for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Set by `parseString(fingerprint: true)`.
    var keyFingerprint: UInt64 = 0

    init(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        base = bytes.baseAddress
        end = bytes.count
        self.limits = limits
    }

    /// The byte at `j` (callers check `j < end`).
    @inline(__always)
    func byte(_ j: Int) -> UInt8 {
        base.unsafelyUnwrapped.load(fromByteOffset: j, as: UInt8.self)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard i == end else { throw unexpected(at: i, expected: "end of input after the JSON value") }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let b = byte(i)
            guard b == ASCII.space || b == ASCII.lf || b == ASCII.cr || b == ASCII.tab else { return }
            i &+= 1
        }
    }

    /// A value starting at `i` (after optional white space); `depth` is the
    /// number of containers already open around it.
    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard i < end else { throw unexpected(at: i, expected: "a JSON value") }
        switch byte(i) {
        case ASCII.quote: return .string(try parseString(fingerprint: false))
        case ASCII.openBrace: return try parseObject(depth: depth + 1)
        case ASCII.openBracket: return try parseArray(depth: depth + 1)
        case ASCII.minus, ASCII.zero...ASCII.nine: return try parseNumber()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw unexpected(at: i, expected: "a JSON value")
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for k in 0..<n {
            guard i + k < end, byte(i + k) == w[k] else {
                throw unexpected(at: i + k, expected: "'\(word)'", near: i)
            }
        }
        i += n
    }

    // MARK: Containers

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        let start = i
        guard depth <= limits.maxDepth else {
            throw JSONParseError(offset: start, message: "nesting deeper than \(limits.maxDepth)")
        }
        i += 1  // [
        skipWhitespace()
        if i < end, byte(i) == ASCII.closeBracket {
            i += 1
            return .array([])
        }
        var items: [JSONValue] = []
        while true {
            skipWhitespace()
            guard items.count < limits.maxArrayCount else {
                throw JSONParseError(offset: i, message: "array longer than \(limits.maxArrayCount) elements")
            }
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < end else { throw unexpected(at: i, expected: "',' or ']' after an array element") }
            let b = byte(i)
            i += 1
            if b == ASCII.comma { continue }
            if b == ASCII.closeBracket { return .array(items) }
            i -= 1
            throw unexpected(at: i, expected: "',' or ']' after an array element")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        let start = i
        guard depth <= limits.maxDepth else {
            throw JSONParseError(offset: start, message: "nesting deeper than \(limits.maxDepth)")
        }
        i += 1  // {
        skipWhitespace()
        if i < end, byte(i) == ASCII.closeBrace {
            i += 1
            return .object(JSONObject([]))
        }
        var entries: [JSONObject.Entry] = []
        entries.reserveCapacity(8)
        // Duplicate keys: the first 16 keys are checked through fingerprints
        // of their UTF-8 (kept on the stack), later ones through a set.
        var fingerprints: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
            = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var keys: Set<UTF8Key>? = nil
        while true {
            skipWhitespace()
            guard i < end, byte(i) == ASCII.quote else {
                throw unexpected(at: i, expected: entries.isEmpty ? "'\"' to begin an object key or '}'"
                                                                  : "'\"' to begin an object key")
            }
            guard entries.count < limits.maxArrayCount else {
                throw JSONParseError(offset: i, message: "object with more than \(limits.maxArrayCount) members")
            }
            let keyOffset = i
            let key = try parseString(fingerprint: true)
            let count = entries.count
            if count < 16 {
                let fingerprint = keyFingerprint
                let duplicate = withUnsafeMutableBytes(of: &fingerprints) { seen -> Bool in
                    for k in 0..<count where seen.load(fromByteOffset: k &* 8, as: UInt64.self) == fingerprint {
                        if sameUTF8(entries[k].key, key) { return true }
                    }
                    seen.storeBytes(of: fingerprint, toByteOffset: count &* 8, as: UInt64.self)
                    return false
                }
                if duplicate {
                    throw JSONParseError(offset: keyOffset, message: "duplicate key \(quoted(key))")
                }
                if count == 15 { keys = Set(entries.map { UTF8Key($0.key) }) }
            }
            if keys != nil {
                guard keys!.insert(UTF8Key(key)).inserted else {
                    throw JSONParseError(offset: keyOffset, message: "duplicate key \(quoted(key))")
                }
            }
            skipWhitespace()
            guard i < end, byte(i) == ASCII.colon else {
                throw unexpected(at: i, expected: "':' after object key")
            }
            i += 1
            let value = try parseValue(depth: depth)
            entries.append(JSONObject.Entry(key: key, value: value))
            skipWhitespace()
            guard i < end else { throw unexpected(at: i, expected: "',' or '}' after an object member") }
            let b = byte(i)
            i += 1
            if b == ASCII.comma { continue }
            if b == ASCII.closeBrace { return .object(JSONObject(entries)) }
            i -= 1
            throw unexpected(at: i, expected: "',' or '}' after an object member")
        }
    }

    // MARK: Numbers

    @inline(__always)
    func isDigit(_ j: Int) -> Bool {
        j < end && byte(j) &- ASCII.zero < 10
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        var j = i
        if byte(j) == ASCII.minus { j += 1 }
        guard isDigit(j) else { throw unexpected(at: j, expected: "a digit after '-'") }
        if byte(j) == ASCII.zero {
            j += 1
            if isDigit(j) {
                throw JSONParseError(offset: start, message: "leading zeros are not allowed in numbers")
            }
        } else {
            while isDigit(j) { j += 1 }
        }
        if j < end, byte(j) == ASCII.dot {
            j += 1
            guard isDigit(j) else { throw unexpected(at: j, expected: "a digit after '.'") }
            while isDigit(j) { j += 1 }
        }
        if j < end, byte(j) | 0x20 == UInt8(ascii: "e") {
            j += 1
            if j < end, byte(j) == ASCII.plus || byte(j) == ASCII.minus { j += 1 }
            guard isDigit(j) else { throw unexpected(at: j, expected: "a digit in the exponent") }
            while isDigit(j) { j += 1 }
        }
        i = j
        return .number(makeString(start, j))
    }

    // MARK: Strings

    @inline(__always)
    func makeString(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: base.unsafelyUnwrapped + from, count: to - from),
               as: UTF8.self)
    }

    /// For 8 bytes loaded little-endian: a mask whose lowest set bit is the
    /// high bit of the first byte that is '"', '\\', < 0x20 or ≥ 0x80 (bits
    /// above it may be spurious); 0 when there is none.
    @inline(__always)
    static func specialByteMask(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = x ^ (ones &* 0x22)
        let slash = x ^ (ones &* 0x5C)
        let isQuote = (quote &- ones) & ~quote       // exact up to the first hit
        let isSlash = (slash &- ones) & ~slash
        let isControl = x &- (ones &* 0x20)          // high bit set for bytes < 0x20
        return (isQuote | isSlash | isControl | x) & high
    }

    /// A cheap hash of UTF-8 bytes, to tell most distinct keys apart
    /// without comparing them.
    @inline(__always)
    static func fingerprint(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: n) &* m
        if n >= 8 {
            h = (h ^ p.loadUnaligned(as: UInt64.self)) &* m
            h ^= p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 {
            let a = UInt64(p.loadUnaligned(as: UInt32.self))
            let b = UInt64(p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self))
            h ^= (a << 32 | b) &* m
        } else {
            for k in 0..<n { h = (h ^ UInt64(p.load(fromByteOffset: k, as: UInt8.self))) &* m }
        }
        return h
    }

    /// A string starting at the '"' at `i`; leaves `i` after the closing '"'.
    /// With `fingerprint`, sets `keyFingerprint` for its UTF-8.
    mutating func parseString(fingerprint: Bool) throws(JSONParseError) -> String {
        let open = i
        var j = i + 1
        while true {
            // Skip plain ASCII eight bytes at a time, landing on the first
            // byte that needs a look.
            while j &+ 8 <= end {
                let word = UInt64(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                let mask = Parser.specialByteMask(word)
                if mask == 0 {
                    j &+= 8
                } else {
                    j &+= mask.trailingZeroBitCount &>> 3
                    break
                }
            }
            guard j < end else { throw unterminatedString(open) }
            let b = byte(j)
            if b == ASCII.quote {
                i = j + 1
                if fingerprint { keyFingerprint = Parser.fingerprint(base.unsafelyUnwrapped + open + 1, j - open - 1) }
                return makeString(open + 1, j)
            } else if b == ASCII.backslash {
                return try parseEscapedString(open: open, firstEscape: j, fingerprint: fingerprint)
            } else if b < 0x20 {
                throw controlCharacter(at: j)
            } else if b >= 0x80 {
                j += try utf8SequenceLength(at: j)
            } else {
                j += 1
            }
        }
    }

    /// The slow path: the string from `open` has an escape at `firstEscape`.
    mutating func parseEscapedString(open: Int, firstEscape: Int, fingerprint: Bool) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(start: base.unsafelyUnwrapped + open + 1,
                                                           count: firstEscape - open - 1))
        var j = firstEscape
        while true {
            guard j < end else { throw unterminatedString(open) }
            let b = byte(j)
            if b == ASCII.quote {
                i = j + 1
                if fingerprint {
                    keyFingerprint = scratch.withUnsafeBytes { raw in
                        raw.baseAddress.map { Parser.fingerprint($0, raw.count) } ?? 0
                    }
                }
                return String(decoding: scratch, as: UTF8.self)
            } else if b == ASCII.backslash {
                guard j + 1 < end else { throw unterminatedString(open) }
                let e = byte(j + 1)
                switch e {
                case ASCII.quote, ASCII.backslash, ASCII.slash: scratch.append(e)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    j = try parseUnicodeEscape(at: j)
                    continue
                default:
                    if e >= 0x80 { _ = try utf8SequenceLength(at: j + 1) }
                    let what = e < 0x20 || e == 0x7F ? "'\\' followed by \(describe(at: j + 1))"
                                                      : "\\\(describeChar(at: j + 1))"
                    throw JSONParseError(offset: j, message: "invalid escape \(what) in string"
                                         + " (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
                }
                j += 2
            } else if b < 0x20 {
                throw controlCharacter(at: j)
            } else if b >= 0x80 {
                let n = try utf8SequenceLength(at: j)
                scratch.append(contentsOf: UnsafeRawBufferPointer(start: base.unsafelyUnwrapped + j, count: n))
                j += n
            } else {
                scratch.append(b)
                j += 1
            }
        }
    }

    /// Four hex digits after the "\u" at `j + 2`; nil when not hex.
    func hex4(at j: Int) -> UInt32? {
        guard j + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in j..<j + 4 {
            let c = byte(k)
            let d: UInt8
            switch c {
            case ASCII.zero...ASCII.nine: d = c - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Decodes the \uXXXX (and a following low surrogate) at `j` into
    /// `scratch`; returns the index after it.
    mutating func parseUnicodeEscape(at j: Int) throws(JSONParseError) -> Int {
        guard let unit = hex4(at: j + 2) else {
            throw JSONParseError(offset: j, message: "invalid \\u escape: expected four hex digits after \\u")
        }
        var scalar = unit
        var next = j + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard next + 1 < end, byte(next) == ASCII.backslash, byte(next + 1) == UInt8(ascii: "u"),
                  let low = hex4(at: next + 2), (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(offset: j, message: "lone surrogate \\u\(hexString(unit)): a high surrogate"
                                     + " must be followed by a low-surrogate escape \\uDC00…\\uDFFF")
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw JSONParseError(offset: j, message: "lone surrogate \\u\(hexString(unit)): a low surrogate"
                                 + " without a high surrogate before it")
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    // MARK: UTF-8

    /// The length of the valid UTF-8 sequence whose lead byte (≥ 0x80) is at
    /// `j`, or an error naming what is wrong with it (Unicode Table 3-7).
    func utf8SequenceLength(at j: Int) throws(JSONParseError) -> Int {
        let b0 = byte(j)
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
        var lowProblem = "", highProblem = ""
        switch b0 {
        case 0x80...0xBF:
            throw JSONParseError(offset: j, message: "invalid UTF-8 (unexpected continuation byte 0x\(hexByte(b0)))")
        case 0xC0, 0xC1:
            throw JSONParseError(offset: j, message: "invalid UTF-8 (overlong encoding)")
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3; low = 0xA0; lowProblem = "overlong encoding"
        case 0xED:
            length = 3; high = 0x9F; highProblem = "surrogate code point encoded in UTF-8"
        case 0xE1...0xEF:
            length = 3
        case 0xF0:
            length = 4; low = 0x90; lowProblem = "overlong encoding"
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4; high = 0x8F; highProblem = "code point above U+10FFFF"
        case 0xF5...0xF7:
            throw JSONParseError(offset: j, message: "invalid UTF-8 (code point above U+10FFFF)")
        default:
            throw JSONParseError(offset: j, message: "invalid UTF-8 (byte 0x\(hexByte(b0)) never occurs in UTF-8)")
        }
        for k in 1..<length {
            guard j + k < end else {
                throw JSONParseError(offset: j, message: "invalid UTF-8 (truncated sequence: input ends"
                                     + " after \(k) of \(length) bytes)")
            }
            let b = byte(j + k)
            guard b & 0xC0 == 0x80 else {
                throw JSONParseError(offset: j, message: "invalid UTF-8 (truncated sequence: byte \(k + 1) of"
                                     + " \(length) is 0x\(hexByte(b)), not a continuation byte)")
            }
            if k == 1 {
                if b < low { throw JSONParseError(offset: j, message: "invalid UTF-8 (\(lowProblem))") }
                if b > high { throw JSONParseError(offset: j, message: "invalid UTF-8 (\(highProblem))") }
            }
        }
        return length
    }

    // MARK: Errors

    func unterminatedString(_ open: Int) -> JSONParseError {
        JSONParseError(offset: end, message: "expected '\"' to close the string that begins at byte \(open),"
                       + " found end of input")
    }

    func controlCharacter(at j: Int) -> JSONParseError {
        JSONParseError(offset: j, message: "unescaped control character U+00\(hexByte(byte(j))) in string")
    }

    /// "expected …, found …" at `j`; invalid UTF-8 at `j` is reported as such.
    func unexpected(at j: Int, expected: String, near: Int? = nil) -> JSONParseError {
        if j < end, byte(j) >= 0x80 {
            do { _ = try utf8SequenceLength(at: j) } catch { return error }
        }
        return JSONParseError(offset: near ?? j, message: "expected \(expected), found \(describe(at: j))")
    }

    /// What is at `j`, for messages: 'x', end of input, a control character
    /// or a non-ASCII character with its code point. Assumes valid UTF-8.
    func describe(at j: Int) -> String {
        guard j < end else { return "end of input" }
        let b = byte(j)
        switch b {
        case 0x20: return "' '"
        case 0x21..<0x7F: return "'\(describeChar(at: j))'"
        case 0..<0x20, 0x7F: return "control character U+00\(hexByte(b))"
        default:
            let scalar = describeChar(at: j)
            let code = scalar.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
            return "'\(scalar)' (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))"
        }
    }

    /// The character (one Unicode scalar) at `j` as text.
    func describeChar(at j: Int) -> String {
        guard j < end else { return "" }
        let b = byte(j)
        let n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
        return makeString(j, min(j + n, end))
    }
}

private func hexByte(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return b < 16 ? "0" + s : s
}

private func hexString(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// A key for error messages: quoted, escaped, cut at 80 characters.
private func quoted(_ key: String) -> String {
    var out = "\""
    var count = 0
    for ch in key.unicodeScalars {
        if count == 80 { out += "…"; break }
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{00}"..."\u{1F}", "\u{7F}": out += "\\u" + hexString(ch.value)
        default: out.unicodeScalars.append(ch)
        }
        count += 1
    }
    return out + "\""
}
