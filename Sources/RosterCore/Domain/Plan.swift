/// Plans (nghị quyết, chỉ tiêu): a resolution's numeric targets for a unit's
/// scope over a span of years. The indicators and how each is evaluated are
/// described in docs/REPORTS.md ("progress"); the rules in docs/RULES.md.

/// A decimal as plans write it: digits, optionally a point and one or two
/// digits (`"1800"`, `"90"`, `"0.46"`). Kept as its text, so the canonical
/// JSON stays exactly what was given, and as hundredths for comparisons.
public struct PlanNumber: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    /// The value × 100, exact.
    public let hundredths: Int64

    /// At most 15 digits before the point (the value × 100 fits an Int64 with room to spare).
    public static let maxIntegerDigits = 15

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        var whole: Int64 = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            whole = whole * 10 + Int64(bytes[i] - 48)
            i += 1
            if i > Self.maxIntegerDigits { return nil }
        }
        guard i > 0 else { return nil }
        var fraction: Int64 = 0
        if i < bytes.count {
            guard bytes[i] == UInt8(ascii: "."), bytes.count - i - 1 >= 1, bytes.count - i - 1 <= 2 else { return nil }
            var scale: Int64 = 10
            for b in bytes[(i + 1)...] {
                guard b >= 48, b <= 57 else { return nil }
                fraction += Int64(b - 48) * scale
                scale /= 10
            }
        }
        self.text = text
        self.hundredths = whole * 100 + fraction
    }

    public var description: String { text }

    /// The value as a Double (for comparisons against computed figures).
    public var value: Double { Double(hundredths) / 100 }
}

/// One target of a plan: an indicator with a lower and/or upper bound.
public struct PlanTarget: Equatable, Hashable, Sendable {
    /// The indicator's name as written (`admissions`, `places-with-cell:village`, …);
    /// `Indicator(name:)` reads it, and the rules refuse a name outside the catalogue.
    public var indicator: String
    public var min: PlanNumber?
    public var max: PlanNumber?

    public init(indicator: String, min: PlanNumber? = nil, max: PlanNumber? = nil) {
        self.indicator = indicator
        self.min = min
        self.max = max
    }
}

/// What a plan says, apart from its id and unit.
public struct PlanRecord: Equatable, Sendable {
    public var name: String
    public var from: Int
    public var to: Int
    public var targets: [PlanTarget]

    public init(name: String, from: Int, to: Int, targets: [PlanTarget]) {
        self.name = name
        self.from = from
        self.to = to
        self.targets = targets
    }
}

/// The catalogue of indicators a plan's targets may name.
public enum Indicator: Hashable, Sendable {
    case admissions
    case members
    case membersGrowth
    case grassrootsGoodOrBetter
    case grassrootsExcellent
    case grassrootsWeak
    case membersGoodOrBetter
    case membersExcellent
    case membersUnsatisfactory
    case placesWithCell(PlaceKind)
    case placesWithMembers(PlaceKind)

    static let plain: [(String, Indicator)] = [
        ("admissions", .admissions), ("members", .members), ("members-growth", .membersGrowth),
        ("grassroots-good-or-better", .grassrootsGoodOrBetter), ("grassroots-excellent", .grassrootsExcellent),
        ("grassroots-weak", .grassrootsWeak), ("members-good-or-better", .membersGoodOrBetter),
        ("members-excellent", .membersExcellent), ("members-unsatisfactory", .membersUnsatisfactory),
    ]

    public init?(name: String) {
        if let hit = Indicator.plain.first(where: { $0.0 == name }) {
            self = hit.1
            return
        }
        for (prefix, make) in [("places-with-cell:", Indicator.placesWithCell), ("places-with-members:", Indicator.placesWithMembers)]
        where name.hasPrefix(prefix) {
            guard let kind = PlaceKind(rawValue: String(name.dropFirst(prefix.count))) else { return nil }
            self = make(kind)
            return
        }
        return nil
    }

    public var name: String {
        switch self {
        case .placesWithCell(let k): return "places-with-cell:" + k.rawValue
        case .placesWithMembers(let k): return "places-with-members:" + k.rawValue
        default: return Indicator.plain.first { $0.1 == self }!.0
        }
    }

    /// True when the value is a percentage (printed with one decimal).
    public var isPercent: Bool {
        switch self {
        case .admissions, .members: return false
        default: return true
        }
    }

    /// The catalogue as messages list it.
    public static let catalogue: String =
        (plain.map(\.0) + ["places-with-cell:KIND", "places-with-members:KIND"]).joined(separator: ", ")
        + " (KIND: " + PlaceKind.allCases.map(\.rawValue).joined(separator: ", ") + ")"
}
