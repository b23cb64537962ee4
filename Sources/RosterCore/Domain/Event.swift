/// A person's identity attributes as given on admission, registration or
/// transfer in.
public struct Person: Equatable, Sendable {
    public var name: String
    public var birthDate: Day
    public var gender: Gender
    public var ethnicity: String?
    public var religion: String?

    public init(name: String, birthDate: Day, gender: Gender, ethnicity: String? = nil, religion: String? = nil) {
        self.name = name
        self.birthDate = birthDate
        self.gender = gender
        self.ethnicity = ethnicity
        self.religion = religion
    }
}

/// The attributes a `member.updated` changes from its effective date on;
/// nil means unchanged.
public struct MemberUpdate: Equatable, Sendable {
    public var name: String?
    public var gender: Gender?
    public var ethnicity: String?
    public var religion: String?
    public var birthDate: Day?
    public var education: Education?
    public var theory: Theory?

    public init(name: String? = nil, gender: Gender? = nil, ethnicity: String? = nil, religion: String? = nil,
                birthDate: Day? = nil, education: Education? = nil, theory: Theory? = nil) {
        self.name = name
        self.gender = gender
        self.ethnicity = ethnicity
        self.religion = religion
        self.birthDate = birthDate
        self.education = education
        self.theory = theory
    }
}

/// What an event says, by type (SPEC §2). Ids of members and units are the
/// strings of the interchange format.
public enum EventBody: Equatable, Sendable {
    /// `place`: the place the unit is organised in (a cell in a village, a school, …).
    case unitEstablished(unit: String, name: String, kind: UnitKind, category: UnitCategory?, parent: String?, place: String? = nil)
    case unitRenamed(unit: String, name: String)
    /// `place` re-sites the unit; absent, the unit keeps its place.
    case unitReclassified(unit: String, kind: UnitKind?, category: UnitCategory?, place: String? = nil)
    case unitMoved(unit: String, parent: String)
    case unitMerged(units: [String], into: String)
    case unitDissolved(unit: String)
    case unitRated(unit: String, year: Int, rating: UnitRating)

    case memberRegistered(member: String, unit: String, person: Person, status: MemberStatus, admitted: Day?, education: Education?, theory: Theory?)
    case memberAdmitted(member: String, unit: String, person: Person, education: Education?, theory: Theory?)
    case memberReadmitted(member: String, unit: String)
    case memberConfirmed(member: String)
    case memberTransferred(member: String, unit: String)
    case memberTransferredIn(member: String, unit: String, person: Person, status: MemberStatus, admitted: Day?, from: String?, education: Education?, theory: Theory?)
    case memberTransferredOut(member: String, to: String?)
    case memberExpelled(member: String)
    case memberStruckOff(member: String, reason: StrikeOffReason)
    case memberResigned(member: String)
    case memberDied(member: String)
    case memberDisciplined(member: String, penalty: Penalty)
    case memberRated(member: String, year: Int, rating: MemberRating)
    case memberUpdated(member: String, update: MemberUpdate)
    case memberExempted(member: String)
    case memberExemptionEnded(member: String)
    /// A party badge for `badge` years of party age.
    case memberAwarded(member: String, badge: Int)

    case placeRegistered(place: String, name: String, kind: PlaceKind, unit: String)
    case placeClosed(place: String)
    case planAdopted(plan: String, unit: String, name: String, from: Int, to: Int, targets: [PlanTarget])

    case eventRetracted(target: String, reason: String)

    public var type: EventType {
        switch self {
        case .unitEstablished: .unitEstablished
        case .unitRenamed: .unitRenamed
        case .unitReclassified: .unitReclassified
        case .unitMoved: .unitMoved
        case .unitMerged: .unitMerged
        case .unitDissolved: .unitDissolved
        case .unitRated: .unitRated
        case .memberRegistered: .memberRegistered
        case .memberAdmitted: .memberAdmitted
        case .memberReadmitted: .memberReadmitted
        case .memberConfirmed: .memberConfirmed
        case .memberTransferred: .memberTransferred
        case .memberTransferredIn: .memberTransferredIn
        case .memberTransferredOut: .memberTransferredOut
        case .memberExpelled: .memberExpelled
        case .memberStruckOff: .memberStruckOff
        case .memberResigned: .memberResigned
        case .memberDied: .memberDied
        case .memberDisciplined: .memberDisciplined
        case .memberRated: .memberRated
        case .memberUpdated: .memberUpdated
        case .memberExempted: .memberExempted
        case .memberExemptionEnded: .memberExemptionEnded
        case .memberAwarded: .memberAwarded
        case .placeRegistered: .placeRegistered
        case .placeClosed: .placeClosed
        case .planAdopted: .planAdopted
        case .eventRetracted: .eventRetracted
        }
    }

    /// The member the event is about, if it is a member event.
    public var member: String? {
        switch self {
        case .memberRegistered(let m, _, _, _, _, _, _), .memberAdmitted(let m, _, _, _, _),
             .memberReadmitted(let m, _), .memberConfirmed(let m), .memberTransferred(let m, _),
             .memberTransferredIn(let m, _, _, _, _, _, _, _), .memberTransferredOut(let m, _),
             .memberExpelled(let m), .memberStruckOff(let m, _), .memberResigned(let m), .memberDied(let m),
             .memberDisciplined(let m, _), .memberRated(let m, _, _), .memberUpdated(let m, _),
             .memberExempted(let m), .memberExemptionEnded(let m), .memberAwarded(let m, _):
            return m
        default:
            return nil
        }
    }

    /// The place the event is about or names (registered, closed, a unit organised in it).
    public var place: String? {
        switch self {
        case .placeRegistered(let p, _, _, _), .placeClosed(let p): return p
        case .unitEstablished(_, _, _, _, _, let p), .unitReclassified(_, _, _, let p): return p
        default: return nil
        }
    }

    /// Every unit the event names (the unit acted on, a parent, a target cell, merged units).
    public var units: [String] {
        switch self {
        case .unitEstablished(let u, _, _, _, let p, _): return p.map { [u, $0] } ?? [u]
        case .unitRenamed(let u, _), .unitReclassified(let u, _, _, _), .unitDissolved(let u), .unitRated(let u, _, _):
            return [u]
        case .unitMoved(let u, let p): return [u, p]
        case .unitMerged(let us, let into): return us + [into]
        case .memberRegistered(_, let u, _, _, _, _, _), .memberAdmitted(_, let u, _, _, _),
             .memberReadmitted(_, let u), .memberTransferred(_, let u), .memberTransferredIn(_, let u, _, _, _, _, _, _),
             .placeRegistered(_, _, _, let u), .planAdopted(_, let u, _, _, _, _):
            return [u]
        default: return []
        }
    }
}

/// One event of the log: the common fields of SPEC §2 and its body.
public struct Event: Equatable, Sendable {
    public var id: String
    public var effective: Day
    /// When it was entered (transaction time); nil only before the ledger assigns it.
    public var recorded: Timestamp?
    public var actor: String?
    public var decision: String?
    public var note: String?
    public var body: EventBody

    public var type: EventType { body.type }

    public init(id: String, effective: Day, recorded: Timestamp? = nil, actor: String? = nil,
                decision: String? = nil, note: String? = nil, body: EventBody) {
        self.id = id
        self.effective = effective
        self.recorded = recorded
        self.actor = actor
        self.decision = decision
        self.note = note
        self.body = body
    }
}
