/// The ratings shares of a year (docs/REPORTS.md, "Ratings shares"): of the
/// eligible units or members, how many were rated, and the shares rated
/// good or better, excellent and weak, as percents of those rated. The one
/// place these are counted: `report ratings` and the plans' targets use it.

public struct RatingShares: Equatable, Sendable {
    public var eligible = 0
    public var rated = 0
    /// Members only (nil for units): eligible members exempted on 31 December.
    public var exempted: Int?
    public var goodOrBetter = 0
    public var excellent = 0
    public var weak = 0

    public var notRated: Int { eligible - rated }
    public var goodOrBetterTenths: Int? { Percent.tenths(goodOrBetter, of: rated) }
    public var excellentTenths: Int? { Percent.tenths(excellent, of: rated) }
    public var weakTenths: Int? { Percent.tenths(weak, of: rated) }

    public init() {}

    /// Units: `ratings` holds, per eligible unit, its last `UnitRating` of the year (nil: not rated).
    public static func units(_ ratings: some Sequence<UnitRating?>) -> RatingShares {
        var s = RatingShares()
        for r in ratings {
            s.eligible += 1
            guard let r else { continue }
            s.rated += 1
            switch r {
            case .cleanStrongExemplary, .excellent: s.goodOrBetter += 1; s.excellent += 1
            case .cleanStrong, .good: s.goodOrBetter += 1
            case .weak, .unsatisfactory: s.weak += 1
            case .satisfactory: break
            }
        }
        return s
    }

    /// Members: per eligible member, its last `MemberRating` of the year (nil: not rated) and whether it is exempted.
    public static func members(_ ratings: some Sequence<(rating: MemberRating?, exempted: Bool)>) -> RatingShares {
        var s = RatingShares()
        s.exempted = 0
        for (r, exempted) in ratings {
            s.eligible += 1
            if exempted { s.exempted! += 1 }
            guard let r else { continue }
            s.rated += 1
            switch r {
            case .excellent: s.goodOrBetter += 1; s.excellent += 1
            case .good: s.goodOrBetter += 1
            case .unsatisfactory: s.weak += 1
            case .satisfactory: break
            }
        }
        return s
    }
}
