/// The state of the organisation on one day, and the one place that says
/// what each event may do to it (the rules of SPEC §3). `apply` is the
/// Decider's `evolve` that refuses: it either changes the state as the event
/// says or throws a `RuleViolation` that explains why it cannot.

/// Why an event cannot happen at its place in the timeline.
public struct RuleViolation: Error, Sendable, CustomStringConvertible {
    /// The position in the log of the offending event (1-based seq).
    public var seq: Int64
    /// `member.confirmed M-7: probation began 2020-03-01; confirmation needs 12 months (earliest 2021-03-01)`
    public var message: String
    public var description: String { message }
}

public struct MemberState: Sendable {
    /// The cell the member belongs to; -1 when not a current member. The cell
    /// may since have been merged away: `LedgerState.cell(of:)` follows that.
    public var cell: Int32 = -1
    public var known = false
    public var status: Int8 = 0           // MemberStatus index: 0 full, 1 probationary
    public var exempted = false
    public var probationStart: Int32 = 0
    public var leftOn: Int32 = Int32.min  // the day of the last removal
    public var leftBy: EventType? = nil
    public var readmittedOn: Int32 = Int32.min
    /// The admission date (see `PartyAge`); Int32.min when unknown.
    public var admitted: Int32 = Int32.min
    /// The badges held: bit i for `Badge.years[i]`.
    public var badges: UInt16 = 0
    public var attributes = Attributes()
    public var isCurrent: Bool { cell >= 0 }
}

public struct UnitState: Sendable {
    public var known = false
    public var active = false
    public var parent: Int32 = -1
    public var kind: Int8 = 0             // UnitKind index
    public var category: Int8 = -1        // own UnitCategory index; -1 inherits
    public var members: Int32 = 0         // direct members
    public var children: [Int32] = []     // active direct sub-units
    public var mergedInto: Int32 = -1
    public var endedOn: Int32 = Int32.min
    public var endedBy: EventType? = nil
    /// The place the unit is organised in (`Vocabularies.places`); -1 none.
    public var place: Int32 = -1

    public var unitKind: UnitKind { UnitKind.allCases[Int(kind)] }
}

public struct PlaceState: Sendable {
    public var known = false
    public var open = false
    public var kind: Int8 = 0             // PlaceKind index
    /// The unit responsible for the place as registered; it may since have
    /// ceased: `LedgerState.placeUnit` follows mergers and dissolutions.
    public var unit: Int32 = -1
    /// The active units organised in the place.
    public var hosted: Int32 = 0
    public var registeredOn: Int32 = Int32.min
    public var closedOn: Int32 = Int32.min
    /// Index into `FactTable.placeNames`.
    public var name: Int32 = -1

    public var placeKind: PlaceKind { PlaceKind.allCases[Int(kind)] }
}

public struct LedgerState: Sendable {
    public var members: [MemberState] = []
    public var units: [UnitState] = []
    public var places: [PlaceState] = []
    /// The unit of each plan adopted so far (`Vocabularies.plans`); -1 not adopted.
    public var plans: [Int32] = []
    /// Closed gaps out of the party, by member, as pairs of day numbers
    /// [from, to) in date order; only members who had one are here.
    public var gaps: [Int32: [Int32]] = [:]
    /// Whether the rule "admission age 18 to 60" also applies to readmission.
    /// SPEC §3 states it for `member.admitted`; the conformance history
    /// readmits a 65-year-old without a decision, so it is off (docs/DECISIONS.md).
    public var ageRuleOnReadmission = false

    public init() {}

    static let fullStatus: Int8 = 0
    static let probationary: Int8 = 1
    static let cellKinds: Set<Int8> = [FactTable.index(UnitKind.grassrootsCell), FactTable.index(UnitKind.cell)]

    /// Sizes the state for the ids the table has interned.
    mutating func grow(_ names: Vocabularies) {
        if members.count < names.members.count {
            members.append(contentsOf: repeatElement(MemberState(), count: names.members.count - members.count))
        }
        if units.count < names.units.count {
            units.append(contentsOf: repeatElement(UnitState(), count: names.units.count - units.count))
        }
        if places.count < names.places.count {
            places.append(contentsOf: repeatElement(PlaceState(), count: names.places.count - places.count))
        }
        if plans.count < names.plans.count {
            plans.append(contentsOf: repeatElement(-1, count: names.plans.count - plans.count))
        }
    }

    /// The member's party age as the state knows it: the admission date and
    /// the gaps closed so far.
    public func partyAge(of m: Int32) -> PartyAge {
        let s = members[Int(m)]
        var gapList: [PartyAge.Gap] = []
        if let flat = gaps[m] {
            var i = 0
            while i + 1 < flat.count {
                gapList.append(PartyAge.Gap(from: Day(number: flat[i]), to: Day(number: flat[i + 1])))
                i += 2
            }
        }
        return PartyAge(admitted: s.admitted == Int32.min ? nil : Day(number: s.admitted), gaps: gapList)
    }

    /// True when the member holds the badge of `years` (awarded on or before the state's date).
    public func holdsBadge(_ m: Int32, years: Int) -> Bool {
        guard let i = Badge.index(of: years) else { return false }
        return members[Int(m)].badges & (1 << UInt16(i)) != 0
    }

    /// The unit a place now belongs to: its registered unit, followed into
    /// the survivor of a merger and to the parent of a dissolved unit (a move
    /// needs nothing: the place stays with its unit). -1 when none is left.
    public func placeUnit(_ p: Int32) -> Int32 {
        var u = places[Int(p)].unit
        var guardSteps = units.count + 1
        while u >= 0, !units[Int(u)].active, guardSteps > 0 {
            u = units[Int(u)].endedBy == .unitMerged ? units[Int(u)].mergedInto : units[Int(u)].parent
            guardSteps -= 1
        }
        return u
    }

    /// The unit a member's cell has become (following mergers).
    public mutating func resolve(_ unit: Int32) -> Int32 {
        var u = unit
        while u >= 0, units[Int(u)].mergedInto >= 0 { u = units[Int(u)].mergedInto }
        // Path compression: every merged unit on the way points straight at the survivor.
        var v = unit
        while v >= 0, v != u {
            let next = units[Int(v)].mergedInto
            units[Int(v)].mergedInto = u
            v = next
        }
        return u
    }

    /// The unit a member's cell has become, without compressing paths.
    public func resolved(_ unit: Int32) -> Int32 {
        var u = unit
        while u >= 0, units[Int(u)].mergedInto >= 0 { u = units[Int(u)].mergedInto }
        return u
    }

    /// True when `unit` is `ancestor` or lies below it (on the current tree).
    public func isWithin(_ unit: Int32, _ ancestor: Int32) -> Bool {
        var u = unit
        var guardSteps = units.count + 1
        while u >= 0, guardSteps > 0 {
            if u == ancestor { return true }
            u = units[Int(u)].parent
            guardSteps -= 1
        }
        return false
    }

    public func subtreeMembers(_ unit: Int32) -> Int {
        var total = Int(units[Int(unit)].members)
        for c in units[Int(unit)].children { total += subtreeMembers(c) }
        return total
    }

    public func forEachInSubtree(_ unit: Int32, _ body: (Int32) -> Void) {
        body(unit)
        for c in units[Int(unit)].children { forEachInSubtree(c, body) }
    }

    // MARK: - The rules

    /// Applies one fact, or throws why it may not happen.
    public mutating func apply(_ f: Fact, _ table: FactTable) throws(RuleViolation) {
        let names = table.names
        let day = Day(number: f.effective)
        func fail(_ text: String) -> RuleViolation {
            RuleViolation(seq: f.seq, message: text)
        }
        /// The event as messages name it: built only when a rule fails (for
        /// every fact of a replay it cost a sixth of the replay).
        func label() -> String {
            if f.type.isMemberEvent {
                return "\(f.type.rawValue) \(names.members[f.subject])"
            } else if f.type.subject == .place {
                return "\(f.type.rawValue) \(names.places[f.subject])"
            } else if f.type.subject == .plan {
                return "\(f.type.rawValue) \(names.plans[f.subject])"
            } else if f.type == .unitMerged {
                return "\(f.type.rawValue) \(table.mergeLists[Int(f.extra)].map { names.units[$0] }.joined(separator: ", ")) into \(names.units[f.object])"
            } else {
                return "\(f.type.rawValue) \(names.units[f.subject])"
            }
        }
        func unitName(_ u: Int32) -> String { names.units[u] }

        func requireActiveUnit(_ u: Int32, role: String = "unit") throws(RuleViolation) {
            let s = units[Int(u)]
            if !s.known {
                throw fail("\(label()): \(role) \(unitName(u)) does not exist on \(day)")
            }
            if !s.active {
                let how = s.endedBy == .unitMerged ? "merged into \(unitName(resolved(u)))" : "dissolved"
                throw fail("\(label()): \(role) \(unitName(u)) is not active on \(day) (\(how) on \(Day(number: s.endedOn)))")
            }
        }
        func requireCell(_ u: Int32, role: String = "unit") throws(RuleViolation) {
            try requireActiveUnit(u, role: role)
            let kind = units[Int(u)].unitKind
            if !kind.holdsMembers {
                throw fail("\(label()): \(role) \(unitName(u)) is a \(kind.rawValue); members belong to a cell (grassroots-cell or cell)")
            }
        }
        func requireCurrent(_ m: Int32) throws(RuleViolation) -> MemberState {
            let s = members[Int(m)]
            if s.isCurrent { return s }
            if !s.known { throw fail("\(label()): \(names.members[m]) is not a member on \(day) (no admission, registration or transfer in before it)") }
            throw fail("\(label()): \(names.members[m]) is not a current member on \(day) (left on \(Day(number: s.leftOn)) by \(s.leftBy?.rawValue ?? "removal"))")
        }
        func checkAdmissionAge(_ birth: Day) throws(RuleViolation) {
            let age = day.yearsSince(birth)
            if age < 18 {
                throw fail("\(label()): aged \(age) on \(day) (born \(birth)); admission needs age 18 to 60")
            }
            if age > 60 && !f.hasDecision {
                throw fail("\(label()): aged \(age) on \(day) (born \(birth)); admission over 60 needs the approving decision in \"decision\"")
            }
        }
        /// A `place` on a unit event names an open place.
        func requireOpenPlace(_ p: Int32) throws(RuleViolation) {
            let s = places[Int(p)]
            if !s.known {
                throw fail("\(label()): place \(names.places[p]) does not exist on \(day)")
            }
            if !s.open {
                throw fail("\(label()): place \(names.places[p]) is closed (on \(Day(number: s.closedOn)))")
            }
        }
        /// The unit is no longer organised in its place (it ceased or moved to another).
        func unhost(_ u: Int32) {
            let p = units[Int(u)].place
            if p >= 0 { places[Int(p)].hosted -= 1 }
        }
        /// Ends a gap out of the party when the member left by a removal that starts one.
        func closeGap(_ m: Int32) {
            let s = members[Int(m)]
            if let by = s.leftBy, PartyAge.startsGap(by), s.leftOn != Int32.min {
                gaps[m, default: []] += [s.leftOn, f.effective]
            }
        }
        func join(_ m: Int32, _ cell: Int32) {
            members[Int(m)].cell = cell
            units[Int(cell)].members += 1
        }
        func leave(_ m: Int32) {
            let cell = resolve(members[Int(m)].cell)
            units[Int(cell)].members -= 1
            members[Int(m)].cell = -1
            members[Int(m)].exempted = false
            members[Int(m)].leftOn = f.effective
            members[Int(m)].leftBy = f.type
        }

        switch f.type {
        case .unitEstablished:
            let u = f.subject
            if units[Int(u)].known {
                throw fail("\(label()): unit \(unitName(u)) already exists")
            }
            if f.object >= 0 { try requireActiveUnit(f.object, role: "parent") }
            if f.extra >= 0 { try requireOpenPlace(f.extra) }
            units[Int(u)] = UnitState(known: true, active: true, parent: f.object, kind: f.code, category: f.code2)
            if f.object >= 0 { units[Int(f.object)].children.append(u) }
            if f.extra >= 0 {
                units[Int(u)].place = f.extra
                places[Int(f.extra)].hosted += 1
            }

        case .unitRenamed, .unitRated:
            try requireActiveUnit(f.subject)

        case .unitReclassified:
            try requireActiveUnit(f.subject)
            let u = Int(f.subject)
            if f.code >= 0 {
                let kind = UnitKind.allCases[Int(f.code)]
                if units[u].members > 0 && !kind.holdsMembers {
                    throw fail("\(label()): \(unitName(f.subject)) holds \(units[u].members) members on \(day), so it must stay a cell kind (grassroots-cell or cell), not \(kind.rawValue)")
                }
                units[u].kind = f.code
            }
            if f.code2 >= 0 { units[u].category = f.code2 }
            if f.extra >= 0 {
                try requireOpenPlace(f.extra)
                unhost(f.subject)
                units[u].place = f.extra
                places[Int(f.extra)].hosted += 1
            }

        case .unitMoved:
            let u = f.subject, p = f.object
            try requireActiveUnit(u)
            try requireActiveUnit(p, role: "parent")
            if isWithin(p, u) {
                throw fail("\(label()): \(unitName(p)) lies within \(unitName(u)) on \(day); a unit may not become its own ancestor")
            }
            let old = units[Int(u)].parent
            if old >= 0 { units[Int(old)].children.removeAll { $0 == u } }
            units[Int(u)].parent = p
            units[Int(p)].children.append(u)

        case .unitMerged:
            let list = table.mergeLists[Int(f.extra)]
            let into = f.object
            try requireActiveUnit(into, role: "target")
            var seen = Set<Int32>()
            for u in list {
                if !seen.insert(u).inserted { throw fail("\(label()): \(unitName(u)) is listed twice") }
                if u == into { throw fail("\(label()): \(unitName(u)) cannot be merged into itself") }
                try requireActiveUnit(u)
                if isWithin(into, u) {
                    throw fail("\(label()): \(unitName(into)) lies within \(unitName(u)) on \(day); a unit may not be merged into its own subtree")
                }
            }
            let holding = list.filter { units[Int($0)].members > 0 }
            if !holding.isEmpty && !units[Int(into)].unitKind.holdsMembers {
                throw fail("\(label()): \(holding.map(unitName).joined(separator: ", ")) hold members on \(day), so the target must be a cell (grassroots-cell or cell), not a \(units[Int(into)].unitKind.rawValue)")
            }
            for u in list {
                let s = units[Int(u)]
                if s.parent >= 0 { units[Int(s.parent)].children.removeAll { $0 == u } }
                for c in s.children {
                    units[Int(c)].parent = into
                    units[Int(into)].children.append(c)
                }
                units[Int(into)].members += s.members
                units[Int(u)].members = 0
                units[Int(u)].children = []
                units[Int(u)].active = false
                unhost(u)
                units[Int(u)].mergedInto = into
                units[Int(u)].endedOn = f.effective
                units[Int(u)].endedBy = .unitMerged
            }

        case .unitDissolved:
            let u = f.subject
            try requireActiveUnit(u)
            let s = units[Int(u)]
            if s.members > 0 {
                throw fail("\(label()): \(unitName(u)) still has \(s.members) members on \(day); only an empty unit can be dissolved")
            }
            if !s.children.isEmpty {
                throw fail("\(label()): \(unitName(u)) still has active sub-units on \(day): \(s.children.map(unitName).joined(separator: ", "))")
            }
            if s.parent >= 0 { units[Int(s.parent)].children.removeAll { $0 == u } }
            units[Int(u)].active = false
            units[Int(u)].endedOn = f.effective
            units[Int(u)].endedBy = .unitDissolved
            unhost(u)

        case .memberRegistered, .memberAdmitted:
            let m = f.subject
            if members[Int(m)].known {
                throw fail("\(label()): member id \(names.members[m]) already exists; a returning member is member.readmitted or member.transferred-in")
            }
            try requireCell(f.object)
            let a = table.attributes[Int(f.extra)]
            var s = MemberState()
            s.known = true
            s.attributes = a
            if f.type == .memberAdmitted {
                try checkAdmissionAge(a.birth)
                s.status = Self.probationary
                s.probationStart = f.effective
                s.admitted = f.effective
            } else {
                if f.date2 != Int32.min && f.date2 > f.effective {
                    throw fail("\(label()): admitted \(Day(number: f.date2)) is after the registration's effective date \(day)")
                }
                s.status = f.code
                s.probationStart = f.date2 != Int32.min ? f.date2 : f.effective
                s.admitted = f.date2
            }
            members[Int(m)] = s
            join(m, f.object)

        case .memberReadmitted:
            let m = f.subject
            let s = members[Int(m)]
            if !s.known { throw fail("\(label()): \(names.members[m]) was never a member; a new member is member.admitted") }
            if s.isCurrent { throw fail("\(label()): \(names.members[m]) is a current member on \(day)") }
            if s.readmittedOn != Int32.min {
                throw fail("\(label()): \(names.members[m]) was already readmitted on \(Day(number: s.readmittedOn)); readmission is allowed once")
            }
            let earliest = Day(number: s.leftOn).adding(months: 36)
            if day < earliest {
                throw fail("\(label()): left on \(Day(number: s.leftOn)); readmission needs 36 months (earliest \(earliest))")
            }
            try requireCell(f.object)
            if ageRuleOnReadmission { try checkAdmissionAge(s.attributes.birth) }
            closeGap(m)
            members[Int(m)].status = Self.probationary
            members[Int(m)].probationStart = f.effective
            members[Int(m)].readmittedOn = f.effective
            join(m, f.object)

        case .memberConfirmed:
            let s = try requireCurrent(f.subject)
            if s.status != Self.probationary {
                throw fail("\(label()): \(names.members[f.subject]) is already a full member on \(day)")
            }
            let earliest = Day(number: s.probationStart).adding(months: 12)
            if day < earliest {
                throw fail("\(label()): probation began \(Day(number: s.probationStart)); confirmation needs 12 months (earliest \(earliest))")
            }
            members[Int(f.subject)].status = Self.fullStatus

        case .memberTransferred:
            let s = try requireCurrent(f.subject)
            try requireCell(f.object, role: "target")
            let from = resolve(s.cell)
            if from == f.object {
                throw fail("\(label()): \(names.members[f.subject]) is already in \(unitName(f.object)) on \(day); a transfer needs another cell")
            }
            units[Int(from)].members -= 1
            join(f.subject, f.object)

        case .memberTransferredIn:
            let m = f.subject
            let s = members[Int(m)]
            if s.isCurrent {
                throw fail("\(label()): \(names.members[m]) is already a current member on \(day) (in \(unitName(resolved(s.cell)))); a move inside the ledger is member.transferred")
            }
            try requireCell(f.object)
            if f.date2 != Int32.min && f.date2 > f.effective {
                throw fail("\(label()): admitted \(Day(number: f.date2)) is after the transfer's effective date \(day)")
            }
            var n = s
            n.known = true
            // The person is restated whole; a returning member keeps the
            // education and theory the event does not give.
            var a = table.attributes[Int(f.extra)]
            if s.known {
                if a.education < 0 { a.education = s.attributes.education }
                if a.theory < 0 { a.theory = s.attributes.theory }
            }
            n.attributes = a
            n.status = f.code
            n.exempted = false
            n.probationStart = f.date2 != Int32.min ? f.date2 : f.effective
            // A given admission date replaces the known one; none keeps it.
            if f.date2 != Int32.min { n.admitted = f.date2 }
            if s.known { closeGap(m) }
            members[Int(m)] = n
            join(m, f.object)

        case .memberTransferredOut, .memberResigned, .memberDied, .memberStruckOff:
            _ = try requireCurrent(f.subject)
            leave(f.subject)

        case .memberExpelled:
            let s = try requireCurrent(f.subject)
            if s.status != Self.fullStatus {
                throw fail("\(label()): \(names.members[f.subject]) is a probationary member on \(day); only a full member can be expelled (a probationer is struck off)")
            }
            leave(f.subject)

        case .memberDisciplined:
            let s = try requireCurrent(f.subject)
            if f.code == FactTable.index(Penalty.dismissal) && s.status != Self.fullStatus {
                throw fail("\(label()): \(names.members[f.subject]) is a probationary member on \(day); only a full member can get the penalty dismissal")
            }

        case .memberRated:
            _ = try requireCurrent(f.subject)

        case .memberUpdated:
            let s = try requireCurrent(f.subject)
            members[Int(f.subject)].attributes = table.updates[Int(f.extra)].applied(to: s.attributes)

        case .memberExempted:
            let s = try requireCurrent(f.subject)
            if s.exempted { throw fail("\(label()): \(names.members[f.subject]) is already exempted on \(day)") }
            members[Int(f.subject)].exempted = true

        case .memberExemptionEnded:
            let s = try requireCurrent(f.subject)
            if !s.exempted { throw fail("\(label()): \(names.members[f.subject]) is not exempted on \(day)") }
            members[Int(f.subject)].exempted = false

        case .memberAwarded:
            let s = try requireCurrent(f.subject)
            let badge = Int(f.extra)
            guard let bit = Badge.index(of: badge) else {
                throw fail("\(label()): \(badge) is not a party badge (badges are awarded at \(Badge.years.map(String.init).joined(separator: ", ")) years)")
            }
            if s.badges & (1 << UInt16(bit)) != 0 {
                throw fail("\(label()): \(names.members[f.subject]) already holds the \(badge)-year badge")
            }
            let age = partyAge(of: f.subject)
            if let reached = age.reach(badge), let earliest = age.earliestAward(badge), day < earliest {
                throw fail("\(label()): admitted \(age.admitted!), reaches \(badge) years of party age on \(reached); the badge can be awarded from 24 months before (earliest \(earliest))")
            }
            members[Int(f.subject)].badges |= 1 << UInt16(bit)

        case .placeRegistered:
            let p = f.subject
            if places[Int(p)].known {
                throw fail("\(label()): place \(names.places[p]) already exists")
            }
            try requireActiveUnit(f.object)
            places[Int(p)] = PlaceState(known: true, open: true, kind: f.code, unit: f.object, hosted: 0,
                                        registeredOn: f.effective, closedOn: Int32.min, name: f.extra)

        case .placeClosed:
            let p = f.subject
            let s = places[Int(p)]
            if !s.known {
                throw fail("\(label()): place \(names.places[p]) does not exist on \(day)")
            }
            if !s.open {
                throw fail("\(label()): place \(names.places[p]) is already closed (on \(Day(number: s.closedOn)))")
            }
            if s.hosted > 0 {
                // Only when refusing: name the units still organised in it.
                var hosting: [String] = []
                for (u, us) in units.enumerated() where us.active && us.place == p { hosting.append(unitName(Int32(u))) }
                hosting.sort { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                throw fail("\(label()): \(hosting.joined(separator: ", ")) \(hosting.count == 1 ? "is" : "are") still organised in it on \(day); a place closes only when no active unit is organised in it")
            }
            places[Int(p)].open = false
            places[Int(p)].closedOn = f.effective

        case .planAdopted:
            let p = f.subject
            if plans[Int(p)] >= 0 {
                throw fail("\(label()): plan \(names.plans[p]) already exists")
            }
            try requireActiveUnit(f.object)
            let plan = table.plans[Int(f.extra)]
            if plan.from > plan.to {
                throw fail("\(label()): from \(plan.from) is after to \(plan.to)")
            }
            for (i, t) in plan.targets.enumerated() {
                if Indicator(name: t.indicator) == nil {
                    throw fail("\(label()): targets[\(i)]: unknown indicator \"\(t.indicator)\" (the catalogue: \(Indicator.catalogue))")
                }
                if t.min == nil && t.max == nil {
                    throw fail("\(label()): targets[\(i)] (\(t.indicator)) gives neither min nor max")
                }
                if let lo = t.min, let hi = t.max, lo.hundredths > hi.hundredths {
                    throw fail("\(label()): targets[\(i)] (\(t.indicator)): min \(lo) is greater than max \(hi)")
                }
            }
            plans[Int(p)] = f.object

        case .eventRetracted:
            break  // retractions act on knowledge, not on the timeline
        }
    }
}
