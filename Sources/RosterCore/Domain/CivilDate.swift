/// A calendar date (proleptic Gregorian) stored as a day number: days since
/// 1970-01-01. Dates are compared and stored as `Int32` in every hot path;
/// no Foundation `Calendar` anywhere.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var number: Int32

    public init(number: Int32) { self.number = number }

    /// The day for a valid year/month/day, or nil when the date does not exist
    /// (2013-02-30, month 13, day 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        self.number = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: Substring) {
        var text = text
        guard let day = text.withUTF8({ Day(isoBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = day
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes.
    public init?(isoBytes u: UnsafeRawBufferPointer) {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init?(iso text: String) { self.init(iso: Substring(text)) }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil algorithm.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The (year, month, day) of this day number.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// The same day `months` later; a day that does not exist in the target
    /// month becomes that month's last day (29 February + 12 months = 28 February).
    public func adding(months: Int) -> Day {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let y = total / 12, m = total % 12 + 1
        let d = min(c.day, Day.daysInMonth(year: y, month: m))
        return Day(year: y, month: m, day: d)!
    }

    public func adding(days: Int) -> Day { Day(number: number + Int32(days)) }

    /// Whole years from `birth` to this day (age on this day).
    public func yearsSince(_ birth: Day) -> Int {
        let a = components, b = birth.components
        var years = a.year - b.year
        if (a.month, a.day) < (b.month, b.day) { years -= 1 }
        return years
    }
}
