// Canonical JSON for the hash chain (docs/FORMAT.md; RFC 8785 for the types the
// schema uses): object keys sorted by their UTF-16 code units, no white
// space, strings escaping only '"', '\' and control characters below U+0020,
// everything else (non-ASCII, U+007F, '/') written raw as UTF-8, integers in
// plain decimal.

extension JSONValue {
    /// Appends the canonical UTF-8 form of this value to `out`.
    public func writeCanonical(into out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
        case .bool(true):
            out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
        case .bool(false):
            out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
        case .number(let literal):
            JSONValue.writeCanonicalNumber(literal, into: &out)
        case .string(let s):
            JSONValue.writeCanonicalString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                item.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            JSONValue.writeCanonicalObject(object.entries, into: &out)
        }
    }

    /// The canonical UTF-8 form of this value.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeCanonical(into: &out)
        return out
    }

    /// Appends `s` as a canonical JSON string literal, quotes included.
    public static func writeCanonicalString(_ s: String, into out: inout [UInt8]) {
        withUTF8Bytes(s) { utf8 in
            out.append(UInt8(ascii: "\""))
            var runStart = 0
            for (n, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n])) }
                runStart = n + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    // \u00xx, lowercase hex
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            Digest32.hexDigit(b >> 4), Digest32.hexDigit(b & 0x0F)])
                }
            }
            if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// An integer literal (`-?[0-9]+`) in plain decimal: no leading zeros,
    /// no "-0". Any other literal (fraction or exponent) as written: the
    /// schema only has integers, and RFC 8785's shortest double form is not
    /// needed for them.
    static func writeCanonicalNumber(_ literal: String, into out: inout [UInt8]) {
        withUTF8Bytes(literal) { utf8 in
            let negative = utf8.first == UInt8(ascii: "-")
            let digits = UnsafeBufferPointer(rebasing: utf8[(negative ? 1 : 0)...])
            let isInteger = !digits.isEmpty && digits.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
            guard isInteger else {
                out.append(contentsOf: utf8)
                return
            }
            var first = 0
            while first < digits.count - 1, digits[first] == UInt8(ascii: "0") { first += 1 }
            let significant = UnsafeBufferPointer(rebasing: digits[first...])
            if negative, !(significant.count == 1 && significant[0] == UInt8(ascii: "0")) {
                out.append(UInt8(ascii: "-"))
            }
            out.append(contentsOf: significant)
        }
    }

    static func writeCanonicalObject(_ entries: [JSONObject.Entry], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        let n = entries.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { order in
            for k in 0..<n { order[k] = k }
            // Insertion sort: objects here are small and often nearly sorted.
            if n <= 32 {
                for k in 1..<max(n, 1) {
                    let item = order[k]
                    var m = k
                    while m > 0, utf16Precedes(entries[item].key, entries[order[m - 1]].key) {
                        order[m] = order[m - 1]
                        m -= 1
                    }
                    order[m] = item
                }
            } else {
                var all = order
                all.sort { utf16Precedes(entries[$0].key, entries[$1].key) }
            }
            for k in 0..<n {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                let entry = entries[order[k]]
                writeCanonicalString(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                entry.value.writeCanonical(into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// Whether `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3).
///
/// Works on UTF-8: byte order is code point order, which agrees with UTF-16
/// order except between U+E000…U+FFFF (lead bytes EE, EF) and U+10000 and up
/// (lead bytes F0…F4, surrogate pairs D800… in UTF-16), where it flips.
func utf16Precedes(_ a: String, _ b: String) -> Bool {
    withUTF8Bytes(a) { x in
        withUTF8Bytes(b) { y in
            let n = min(x.count, y.count)
            var k = 0
            while k < n, x[k] == y[k] { k += 1 }
            guard k < n else { return x.count < y.count }
            let p = x[k], q = y[k]
            if p >= 0xF0, q >= 0xEE, q <= 0xEF { return true }
            if q >= 0xF0, p >= 0xEE, p <= 0xEF { return false }
            return p < q
        }
    }
}
