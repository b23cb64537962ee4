/// How form 3 and `report members --where` classify a member on a day: one
/// set of functions, so that the count of a filtered list is always the
/// figure the form prints for the same key (and the snapshot, for the keys
/// they share).

/// Percentages of reports: one decimal, half away from zero, on the exact fraction.
public enum Percent {
    /// `part × 100 / whole` in tenths (563 for 56.3), nil when `whole` is 0.
    public static func tenths(_ part: Int, of whole: Int) -> Int? {
        guard whole != 0 else { return nil }
        return roundedQuotient(part * 1000, whole)
    }

    /// `numerator / denominator` rounded half away from zero.
    public static func roundedQuotient(_ numerator: Int, _ denominator: Int) -> Int {
        let negative = (numerator < 0) != (denominator < 0)
        let n = abs(numerator), d = abs(denominator)
        let q = (2 * n + d) / (2 * d)
        return negative ? -q : q
    }
}

/// The classifications of a member row on a day.
public struct MemberClassifier: Sendable {
    public let day: Day
    public let bands: AgeBands
    let kinh: Int32
    let noReligion: Int32

    /// `yearsBack[k]`: the day k years before `day` (a 29 February becomes
    /// 28 February). Whole years between two days without taking either
    /// apart into year, month and day (a third of form 3's time did that).
    let yearsBack: [Int32]

    public init(day: Day, bands: AgeBands, names: Vocabularies) {
        self.day = day
        self.bands = bands
        kinh = names.ethnicities.index(of: "Kinh") ?? -2
        noReligion = names.religions.index(of: "none") ?? -2
        yearsBack = (0...200).map { day.adding(months: -12 * $0).number }
    }

    /// The largest k with `d <= yearsBack[k]`, nil outside the table.
    @inline(__always)
    func wholeYears(since d: Int32) -> Int? {
        guard d <= yearsBack[0], d > yearsBack[yearsBack.count - 1] else { return nil }
        var k = Int((yearsBack[0] - d) / 366)
        while k + 1 < yearsBack.count && d <= yearsBack[k + 1] { k += 1 }
        return k
    }

    /// Age in whole years on the day (`Day.yearsSince`: born 29 February,
    /// one is a year older on 1 March of a common year, and so is `birth ≤
    /// yearsBack[k]`; tested against it).
    public func age(_ r: MemberRow) -> Int {
        wholeYears(since: r.attributes.birth.number) ?? day.yearsSince(r.attributes.birth)
    }
    public func ageBand(_ r: MemberRow) -> Int { bands.band(forAge: age(r)) }
    /// A known ethnicity other than Kinh.
    public func ethnicMinority(_ r: MemberRow) -> Bool { r.attributes.ethnicity >= 0 && r.attributes.ethnicity != kinh }
    /// A known religion other than `none`.
    public func religious(_ r: MemberRow) -> Bool { r.attributes.religion >= 0 && r.attributes.religion != noReligion }
    /// Party age on the day. Without gaps, reaching k years (admission plus
    /// k years, 29 February → 28 February) by the day is `admitted ≤
    /// yearsBack[k]`, except for an admission on the day after a threshold
    /// (a 29 February against 28 February): that one, and every member with
    /// gaps, takes `PartyAge.years` (tested against it).
    public func partyAge(_ r: MemberRow) -> Int? {
        guard r.admitted != PartyAge.unknown, r.admitted <= day.number else { return nil }
        if r.gapDays == 0, let k = wholeYears(since: r.admitted),
           k + 1 >= yearsBack.count || r.admitted != yearsBack[k + 1] + 1 {
            return k
        }
        return PartyAge.years(admitted: r.admitted, gapDays: r.gapDays, on: day)
    }
    public func period(_ r: MemberRow) -> Int { PartyAge.period(admitted: r.admitted) }
}

/// One `--where KEY=VALUE` of `report members`.
public struct MemberFilter: Sendable {
    public let key: String
    public let value: String
    let test: @Sendable (MemberRow, MemberClassifier, MemberPopulation) -> Bool

    public static let keys = ["status", "age-band", "education", "theory", "gender", "ethnicity", "religion",
                              "ethnic-minority", "religious", "category", "admission-period", "party-age-at-least"]

    /// Parses `KEY=VALUE`; nil with the reason when the key or value is not one the report knows.
    public static func parse(_ text: String, bands: AgeBands, names: Vocabularies) -> Result<MemberFilter, ReportError> {
        guard let eq = text.firstIndex(of: "=") else {
            return .failure(ReportError("--where: expected KEY=VALUE, found \"\(text)\"; keys: \(keys.joined(separator: ", "))"))
        }
        let key = String(text[..<eq]), value = String(text[text.index(after: eq)...])
        func bad(_ expected: [String]) -> Result<MemberFilter, ReportError> {
            .failure(ReportError("--where \(key): expected one of \(expected.joined(separator: ", ")), found \"\(value)\""))
        }
        func make(_ test: @escaping @Sendable (MemberRow, MemberClassifier, MemberPopulation) -> Bool) -> Result<MemberFilter, ReportError> {
            .success(MemberFilter(key: key, value: value, test: test))
        }
        func vocabulary<V: CaseIterable & RawRepresentable>(_ type: V.Type, _ pick: @escaping @Sendable (Attributes) -> Int8) -> Result<MemberFilter, ReportError> where V.RawValue == String {
            let values = V.allCases.map(\.rawValue)
            if value == "unknown" { return make { r, _, _ in pick(r.attributes) < 0 } }
            guard let i = values.firstIndex(of: value) else { return bad(values + ["unknown"]) }
            let code = Int8(i)
            return make { r, _, _ in pick(r.attributes) == code }
        }
        func boolean(_ test: @escaping @Sendable (MemberRow, MemberClassifier) -> Bool) -> Result<MemberFilter, ReportError> {
            guard value == "true" || value == "false" else { return bad(["true", "false"]) }
            let want = value == "true"
            return make { r, c, _ in test(r, c) == want }
        }
        switch key {
        case "status":
            switch value {
            case "full": return make { r, _, _ in r.status == 0 }
            case "probationary": return make { r, _, _ in r.status == 1 }
            case "exempted": return make { r, _, _ in r.exempted }
            default: return bad(["full", "probationary", "exempted"])
            }
        case "age-band":
            guard let band = bands.labels.firstIndex(of: value) else { return bad(bands.labels) }
            return make { r, c, _ in c.ageBand(r) == band }
        case "education": return vocabulary(Education.self) { $0.education }
        case "theory": return vocabulary(Theory.self) { $0.theory }
        case "gender": return vocabulary(Gender.self) { $0.gender }
        case "ethnicity":
            let i: Int32 = value == "unknown" ? -1 : (names.ethnicities.index(of: value) ?? -3)
            return make { r, _, _ in r.attributes.ethnicity == i }
        case "religion":
            let i: Int32 = value == "unknown" ? -1 : (names.religions.index(of: value) ?? -3)
            return make { r, _, _ in r.attributes.religion == i }
        case "ethnic-minority": return boolean { r, c in c.ethnicMinority(r) }
        case "religious": return boolean { r, c in c.religious(r) }
        case "category":
            let values = UnitCategory.allCases.map(\.rawValue)
            let slot: Int8
            if value == "unknown" { slot = Int8(values.count) } else {
                guard let i = values.firstIndex(of: value) else { return bad(values + ["unknown"]) }
                slot = Int8(i)
            }
            return make { r, _, p in p.categorySlot[Int(r.cell)] == slot }
        case "admission-period":
            guard let i = PartyAge.periodLabels.firstIndex(of: value) else { return bad(PartyAge.periodLabels) }
            return make { r, c, _ in c.period(r) == i }
        case "party-age-at-least":
            guard let n = Int(value), n >= 0 else {
                return .failure(ReportError("--where party-age-at-least: expected a whole number of years, found \"\(value)\""))
            }
            return make { r, c, _ in (c.partyAge(r) ?? -1) >= n }
        default:
            return .failure(ReportError("--where: unknown key \"\(key)\"; keys: \(keys.joined(separator: ", "))"))
        }
    }

    public func matches(_ r: MemberRow, _ c: MemberClassifier, _ p: MemberPopulation) -> Bool { test(r, c, p) }
}
