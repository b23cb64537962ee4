import RosterCore

/// Numbers as people read them: `8,197` and `15.3 %` in English, `8.197` and
/// `15,3 %` in Vietnamese. Shares and differences of shares are rounded from
/// the exact fractions (integer arithmetic, half away from zero), so a share
/// prints the same on every machine.
public struct NumberFormat: Sendable {
    public var language: Language

    public init(_ language: Language) { self.language = language }

    var groupSeparator: Character { language == .vi ? "." : "," }
    var decimalSeparator: Character { language == .vi ? "," : "." }

    /// 8197 → `8,197` (en) / `8.197` (vi); negative numbers with `-`.
    public func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(groupSeparator) }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A difference of counts with its sign: `+411`, `-15`, `0`.
    public func signedInteger(_ n: Int) -> String { n > 0 ? "+" + integer(n) : integer(n) }

    /// A value already scaled by 10^decimals (1525 with 2 decimals → `15.25`).
    public func fixed(scaled: Int, decimals: Int) -> String {
        guard decimals > 0 else { return integer(scaled) }
        var unit = 1
        for _ in 0..<decimals { unit *= 10 }
        let whole = Int(scaled.magnitude) / unit
        let fraction = String(Int(scaled.magnitude) % unit)
        let text = integer(whole) + String(decimalSeparator)
            + String(repeating: "0", count: decimals - fraction.count) + fraction
        return scaled < 0 ? "-" + text : text
    }

    /// A number with `decimals` decimals, rounded half away from zero.
    public func decimal(_ x: Double, decimals: Int) -> String {
        fixed(scaled: NumberFormat.scale(x, decimals: decimals), decimals: decimals)
    }

    /// 15.25 → `15.3 %` / `15,3 %` (one decimal); the value is in percent.
    public func percent(_ x: Double, decimals: Int = 1) -> String { decimal(x, decimals: decimals) + " %" }

    /// The share `part/whole` in percent: 1250 of 8197 → `15.2 %` (or `15.25 %`).
    /// An empty whole has no share: `–`.
    public func share(_ part: Int, of whole: Int, decimals: Int = 1) -> String {
        guard let scaled = NumberFormat.shareScaled(part, of: whole, decimals: decimals) else { return "–" }
        return fixed(scaled: scaled, decimals: decimals) + " %"
    }

    /// The difference of two shares in percentage points, signed, without unit:
    /// `+12.3`, `-0.4`, `0.0`; `–` when either share has an empty whole.
    public func points(from a: Int, of aWhole: Int, to b: Int, of bWhole: Int, decimals: Int = 1) -> String {
        guard let scaled = NumberFormat.pointsScaled(from: a, of: aWhole, to: b, of: bWhole, decimals: decimals) else { return "–" }
        let text = fixed(scaled: scaled, decimals: decimals)
        return scaled > 0 ? "+" + text : text
    }

    // MARK: exact rounding

    static func power10(_ d: Int) -> Int {
        var p = 1
        for _ in 0..<d { p *= 10 }
        return p
    }

    /// `numerator / denominator` rounded half away from zero (denominator > 0).
    static func roundedQuotient(_ numerator: Int, _ denominator: Int) -> Int {
        let q = numerator.magnitude / denominator.magnitude
        let r = numerator.magnitude % denominator.magnitude
        let rounded = Int(q + (2 * r >= denominator.magnitude ? 1 : 0))
        return (numerator < 0) != (denominator < 0) ? -rounded : rounded
    }

    /// 100 · part / whole scaled by 10^decimals and rounded; nil when whole is 0.
    public static func shareScaled(_ part: Int, of whole: Int, decimals: Int) -> Int? {
        guard whole != 0 else { return nil }
        return roundedQuotient(part * 100 * power10(decimals), whole)
    }

    /// 100 · (b/B − a/A) scaled by 10^decimals and rounded, computed exactly
    /// (not as the difference of two rounded shares); nil when a whole is 0.
    public static func pointsScaled(from a: Int, of aWhole: Int, to b: Int, of bWhole: Int, decimals: Int) -> Int? {
        guard aWhole != 0, bWhole != 0 else { return nil }
        let numerator = (b * aWhole - a * bWhole).multipliedReportingOverflow(by: 100 * power10(decimals))
        let denominator = aWhole.multipliedReportingOverflow(by: bWhole)
        if !numerator.overflow && !denominator.overflow {
            return roundedQuotient(numerator.partialValue, denominator.partialValue)
        }
        let x = (Double(b) / Double(bWhole) - Double(a) / Double(aWhole)) * 100
        return scale(x, decimals: decimals)
    }

    /// x · 10^decimals rounded half away from zero. Nudged by a relative
    /// epsilon so that 2.675 (stored as 2.67499…) rounds as written.
    static func scale(_ x: Double, decimals: Int) -> Int {
        let scaled = x * Double(power10(decimals))
        let nudged = scaled + (scaled >= 0 ? 1 : -1) * abs(scaled) * 1e-12
        return Int(nudged.rounded(.toNearestOrAwayFromZero))
    }

    /// The compound annual growth rate, in percent, from `start` to `end`
    /// over `years`; nil when it is not defined (no start, no time).
    public static func compoundAnnualGrowth(from start: Int, to end: Int, years: Double) -> Double? {
        guard start > 0, end >= 0, years > 0 else { return nil }
        if end == 0 { return -100 }
        return (pow(Double(end) / Double(start), 1 / years) - 1) * 100
    }

    /// Years from `from` to `to`: whole calendar years, plus the rest as a
    /// fraction of the following year (2010-12-31 → 2020-12-31 is exactly 10).
    public static func years(from: Day, to: Day) -> Double {
        guard from < to else { return 0 }
        let whole = to.yearsSince(from)
        let anchor = from.adding(months: 12 * whole)
        let nextAnchor = from.adding(months: 12 * (whole + 1))
        let rest = Double(to.number - anchor.number) / Double(nextAnchor.number - anchor.number)
        return Double(whole) + rest
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
