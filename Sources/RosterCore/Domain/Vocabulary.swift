/// The closed vocabularies of SPEC §2. Each raw value is the exact string of
/// the interchange format; `allCases` order is the order reports print keys in.

public enum UnitKind: String, CaseIterable, Sendable {
    case committee
    case grassrootsCommittee = "grassroots-committee"
    case grassrootsCell = "grassroots-cell"
    case subCommittee = "sub-committee"
    case cell

    /// A unit where members belong (chi bộ): `grassroots-cell` or `cell`.
    public var holdsMembers: Bool { self == .grassrootsCell || self == .cell }
    /// A grassroots organisation (tổ chức cơ sở đảng).
    public var isGrassroots: Bool { self == .grassrootsCommittee || self == .grassrootsCell }
}

public enum UnitCategory: String, CaseIterable, Sendable {
    case partyAgency = "party-agency"
    case administration
    case publicService = "public-service"
    case press
    case massOrganization = "mass-organization"
    case stateEnterprise = "state-enterprise"
    case stateMinorityEnterprise = "state-minority-enterprise"
    case privateEnterprise = "private-enterprise"
    case foreignInvestedEnterprise = "foreign-invested-enterprise"
    case commune
    case village
    case school
    case healthStation = "health-station"
    case armedForces = "armed-forces"
    case police
    case other
}

public enum UnitRating: String, CaseIterable, Sendable {
    case cleanStrongExemplary = "clean-strong-exemplary"
    case cleanStrong = "clean-strong"
    case excellent
    case good
    case satisfactory
    case unsatisfactory
    case weak
}

public enum MemberRating: String, CaseIterable, Sendable {
    case excellent, good, satisfactory, unsatisfactory
}

public enum MemberStatus: String, CaseIterable, Sendable {
    case full, probationary
}

public enum Gender: String, CaseIterable, Sendable {
    case male, female
}

public enum Education: String, CaseIterable, Sendable {
    case postgraduate, university, college, intermediate, basic
}

public enum Theory: String, CaseIterable, Sendable {
    case advanced, intermediate, elementary, none
}

public enum StrikeOffReason: String, CaseIterable, Sendable {
    case abandonedActivities = "abandoned-activities"
    case notTransferred = "not-transferred"
    case probationNotConfirmed = "probation-not-confirmed"
    case other
}

public enum Penalty: String, CaseIterable, Sendable {
    case reprimand, warning, dismissal
}

/// Where the party should be present (thôn, bản, tổ dân phố, trường học,
/// trạm y tế, cơ quan, doanh nghiệp).
public enum PlaceKind: String, CaseIterable, Sendable {
    case village
    case school
    case healthStation = "health-station"
    case agency
    case enterprise
    case other
}

/// The party badges (Huy hiệu Đảng), by years of party age.
public enum Badge {
    public static let years: [Int] = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]

    /// The index of `years` in `Badge.years`, or nil when no badge is awarded at that age.
    public static func index(of years: Int) -> Int? { Badge.years.firstIndex(of: years) }
}

/// Every event type of SPEC §2, by its `type` string.
public enum EventType: String, CaseIterable, Sendable {
    case unitEstablished = "unit.established"
    case unitRenamed = "unit.renamed"
    case unitReclassified = "unit.reclassified"
    case unitMoved = "unit.moved"
    case unitMerged = "unit.merged"
    case unitDissolved = "unit.dissolved"
    case unitRated = "unit.rated"
    case memberRegistered = "member.registered"
    case memberAdmitted = "member.admitted"
    case memberReadmitted = "member.readmitted"
    case memberConfirmed = "member.confirmed"
    case memberTransferred = "member.transferred"
    case memberTransferredIn = "member.transferred-in"
    case memberTransferredOut = "member.transferred-out"
    case memberExpelled = "member.expelled"
    case memberStruckOff = "member.struck-off"
    case memberResigned = "member.resigned"
    case memberDied = "member.died"
    case memberDisciplined = "member.disciplined"
    case memberRated = "member.rated"
    case memberUpdated = "member.updated"
    case memberExempted = "member.exempted"
    case memberExemptionEnded = "member.exemption-ended"
    case memberAwarded = "member.awarded"
    case placeRegistered = "place.registered"
    case placeClosed = "place.closed"
    case planAdopted = "plan.adopted"
    case eventRetracted = "event.retracted"

    /// A `member.*` type: its fact's `subject` is a member (decided without
    /// building the raw string, for hot loops).
    @inline(__always)
    public var isMemberEvent: Bool {
        switch self {
        case .unitEstablished, .unitRenamed, .unitReclassified, .unitMoved, .unitMerged, .unitDissolved,
             .unitRated, .eventRetracted, .placeRegistered, .placeClosed, .planAdopted:
            return false
        default:
            return true
        }
    }

    /// What a fact's `subject` indexes: a member, a unit, a place, a plan,
    /// or (for retractions) a seq.
    public enum Subject: Sendable { case member, unit, place, plan, seq }

    public var subject: Subject {
        switch self {
        case .placeRegistered, .placeClosed: return .place
        case .planAdopted: return .plan
        case .eventRetracted: return .seq
        default: return isMemberEvent ? .member : .unit
        }
    }
}
