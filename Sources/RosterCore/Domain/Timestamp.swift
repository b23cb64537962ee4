/// An RFC 3339 instant (transaction time). The text is kept exactly as given,
/// because it is part of the hashed event; comparisons use the instant.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds within the second.
    public var nanos: Int32
    /// The text as written (or as assigned: `YYYY-MM-DDTHH:MM:SSZ`).
    public var text: String

    public var description: String { text }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }
    public static func == (a: Timestamp, b: Timestamp) -> Bool {
        a.seconds == b.seconds && a.nanos == b.nanos
    }
    public func hash(into h: inout Hasher) { h.combine(seconds); h.combine(nanos) }

    /// The instant written as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC).
    public init(seconds: Int64) {
        self.seconds = seconds
        self.nanos = 0
        let day = Day(number: Int32((seconds >= 0 ? seconds : seconds - 86399) / 86400))
        let rem = Int(seconds - Int64(day.number) * 86400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        self.text = "\(day)T\(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60))Z"
    }

    /// Parses RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    /// A bare date `YYYY-MM-DD` is accepted only when `dateMeansEndOfDay`
    /// (the `--known-at` convention: the end of that day, UTC).
    public init?(rfc3339 text: String, dateMeansEndOfDay: Bool = false) {
        guard let (seconds, nanos) = withUTF8Bytes(text, { Timestamp.parse($0, dateMeansEndOfDay: dateMeansEndOfDay) }) else {
            return nil
        }
        self.seconds = seconds
        self.nanos = nanos
        self.text = text
    }

    /// The instant of RFC 3339 text given as UTF-8 (no copy of the bytes).
    static func parse(_ u: UnsafeBufferPointer<UInt8>, dateMeansEndOfDay: Bool) -> (Int64, Int32)? {
        if dateMeansEndOfDay, u.count == 10, let day = Day(isoBytes: UnsafeRawBufferPointer(u)) {
            return (Int64(day.number) * 86400 + 86399, 999_999_999)
        }
        guard u.count >= 20, let day = Day(isoBytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[0..<10]))),
              u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t"),
              u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":") else { return nil }
        func num(_ i: Int, _ n: Int) -> Int? {
            var v = 0
            for k in i..<(i + n) {
                guard k < u.count, u[k] >= 48, u[k] <= 57 else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            return v
        }
        guard let hh = num(11, 2), let mm = num(14, 2), let ss = num(17, 2),
              hh < 24, mm < 60, ss < 60 else { return nil }
        var i = 19
        var nanos = 0
        if u[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int(u[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            // Digits past the ninth are dropped (truncated to nanoseconds).
            // (`for _ in digits..<9 where digits < 9` trapped on ten or more
            // digits: the range is formed before `where` is checked.)
            if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
        }
        guard i < u.count else { return nil }
        var offset = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            i += 1
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            let sign = u[i] == UInt8(ascii: "+") ? 1 : -1
            guard i + 6 == u.count, u[i + 3] == UInt8(ascii: ":"),
                  let oh = num(i + 1, 2), let om = num(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        return (Int64(day.number) * 86400 + Int64(hh * 3600 + mm * 60 + ss) - Int64(offset), Int32(nanos))
    }
}
