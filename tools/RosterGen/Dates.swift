// Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian),
// with the calendar arithmetic the generator needs. No Foundation.

enum Civil {
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day number of y-m-d. Works by counting in 400-year eras that start on
    /// 1 March, so the leap day is the last day of its year.
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yearOfEra = yy - era * 400
        let monthFromMarch = m > 2 ? m - 3 : m + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// (year, month, day) of a day number: the inverse of `day`.
    static func ymd(_ n: Int) -> (Int, Int, Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The same day of the month `months` later (or earlier), clamped to the
    /// month's last day: 29 February + 12 months = 28 February.
    static func addMonths(_ n: Int, _ months: Int) -> Int {
        let (y, m, d) = ymd(n)
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return day(ny, nm, min(d, daysInMonth(ny, nm)))
    }

    /// Age in whole years on day `on` of someone born on `birth`.
    static func age(birth: Int, on: Int) -> Int {
        let (by, bm, bd) = ymd(birth)
        let (y, m, d) = ymd(on)
        var a = y - by
        if m < bm || (m == bm && d < bd) { a -= 1 }
        return a
    }
}

/// "YYYY-MM-DD" bytes for every day of a fixed range, so that writing a
/// date is a 10-byte copy.
struct DateTable {
    let first: Int
    let count: Int
    private(set) var bytes: [UInt8]

    init(fromYear: Int, toYear: Int) {
        first = Civil.day(fromYear, 1, 1)
        count = Civil.day(toYear + 1, 1, 1) - first
        bytes = [UInt8](repeating: 0, count: count * 10)
        for i in 0..<count {
            let (y, m, d) = Civil.ymd(first + i)
            let o = i * 10
            bytes[o] = UInt8(48 + y / 1000)
            bytes[o + 1] = UInt8(48 + (y / 100) % 10)
            bytes[o + 2] = UInt8(48 + (y / 10) % 10)
            bytes[o + 3] = UInt8(48 + y % 10)
            bytes[o + 4] = 45
            bytes[o + 5] = UInt8(48 + m / 10)
            bytes[o + 6] = UInt8(48 + m % 10)
            bytes[o + 7] = 45
            bytes[o + 8] = UInt8(48 + d / 10)
            bytes[o + 9] = UInt8(48 + d % 10)
        }
    }
}
