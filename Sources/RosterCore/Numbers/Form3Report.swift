/// Form 3, the membership on a day (docs/REPORTS.md, "Statutory forms"):
/// one pass over the members of the scope, classified by `MemberClassifier`
/// (the same functions `report members --where` filters with).

public struct Form3Report: Equatable, Sendable {
    public var at: Day
    public var unit: String?
    public var provenance: Provenance
    public var total = 0
    /// total, women, probationary, ethnicMinority, religious, partyAge30 … partyAge70.
    public var rows: Tally
    public var byAge: Tally
    /// Mean age in tenths of a year (443 for 44.3), nil without members.
    public var averageAgeTenths: Int?
    public var byAdmissionPeriod: Tally
    public var byEducation: Tally
    public var byTheory: Tally

    /// The party ages form 3 counts (at least N years).
    public static let partyAges = [30, 40, 50, 60, 70]
}

extension Reporter {
    public func form3(at day: Day, unit: String?, bands: AgeBands = .standard) throws -> Form3Report {
        let p = try population(at: day, unit: unit)
        let c = MemberClassifier(day: day, bands: bands, names: p.names)
        var total = 0, women = 0, prob = 0, minority = 0, religious = 0, ageSum = 0
        var partyAge = [Int](repeating: 0, count: Form3Report.partyAges.count)
        var ages = [Int](repeating: 0, count: bands.labels.count)
        var periods = [Int](repeating: 0, count: PartyAge.periodLabels.count)
        var edu = [Int](repeating: 0, count: Education.allCases.count + 1)
        var theory = [Int](repeating: 0, count: Theory.allCases.count + 1)
        let female = FactTable.index(Gender.female)
        p.forEachInScope { r in
            total += 1
            if r.attributes.gender == female { women += 1 }
            if r.status == 1 { prob += 1 }
            if c.ethnicMinority(r) { minority += 1 }
            if c.religious(r) { religious += 1 }
            if let years = c.partyAge(r) {
                for (i, n) in Form3Report.partyAges.enumerated() where years >= n { partyAge[i] += 1 }
            }
            let age = c.age(r)
            ageSum += age
            ages[bands.band(forAge: age)] += 1
            periods[c.period(r)] += 1
            edu[r.attributes.education >= 0 ? Int(r.attributes.education) : Education.allCases.count] += 1
            theory[r.attributes.theory >= 0 ? Int(r.attributes.theory) : Theory.allCases.count] += 1
        }
        func tally(_ keys: [String], _ counts: [Int]) -> Tally { Tally(zip(keys, counts).map { (key: $0, count: $1) }) }
        var rows: [(key: String, count: Int)] = [("total", total), ("women", women), ("probationary", prob),
                                                 ("ethnicMinority", minority), ("religious", religious)]
        for (i, n) in Form3Report.partyAges.enumerated() { rows.append(("partyAge\(n)", partyAge[i])) }
        return Form3Report(
            at: day, unit: unit, provenance: provenance, total: total, rows: Tally(rows),
            byAge: tally(bands.labels, ages),
            averageAgeTenths: total == 0 ? nil : Percent.roundedQuotient(ageSum * 10, total),
            byAdmissionPeriod: tally(PartyAge.periodLabels, periods),
            byEducation: tally(Education.allCases.map(\.rawValue) + ["unknown"], edu),
            byTheory: tally(Theory.allCases.map(\.rawValue) + ["unknown"], theory))
    }
}

/// `report members`: the members behind a figure.
public struct MembersReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var member: String
        public var name: String?
        public var unit: String
        public var status: MemberStatus
        public var exempted: Bool
        public var birthDate: Day
        public var gender: Gender?
        public var education: Education?
        public var theory: Theory?
        public var ethnicity: String?
        public var religion: String?
        public var admitted: Day?
        public var partyAge: Int?
    }
    public var at: Day
    public var unit: String?
    public var provenance: Provenance
    /// The filters as given (key, value), in order.
    public var filters: [(key: String, value: String)]
    public var rows: [Row]
}

extension Reporter {
    /// `filters` are `KEY=VALUE` texts (`MemberFilter.parse`).
    public func members(at day: Day, unit: String?, filters texts: [String], bands: AgeBands = .standard) throws -> MembersReport {
        let p = try population(at: day, unit: unit)
        let c = MemberClassifier(day: day, bands: bands, names: p.names)
        var filters: [MemberFilter] = []
        for t in texts {
            switch MemberFilter.parse(t, bands: bands, names: p.names) {
            case .success(let f): filters.append(f)
            case .failure(let e): throw e
            }
        }
        var picked: [MemberRow] = []
        p.forEachInScope { r in
            if filters.allSatisfy({ $0.matches(r, c, p) }) { picked.append(r) }
        }
        let directory = try names(members: picked.map(\.member), people: picked.map(\.name))
        var rows: [MembersReport.Row] = picked.map { r in
            let a = r.attributes
            return MembersReport.Row(
                member: directory.members[r.member] ?? "#\(r.member)",
                name: r.name >= 0 ? directory.people[r.name] : nil,
                unit: p.names.units[p.resolvedCell[Int(r.cell)]],
                status: r.status == 0 ? .full : .probationary, exempted: r.exempted,
                birthDate: a.birth,
                gender: a.gender >= 0 ? Gender.allCases[Int(a.gender)] : nil,
                education: a.education >= 0 ? Education.allCases[Int(a.education)] : nil,
                theory: a.theory >= 0 ? Theory.allCases[Int(a.theory)] : nil,
                ethnicity: a.ethnicity >= 0 ? p.names.ethnicities[a.ethnicity] : nil,
                religion: a.religion >= 0 ? p.names.religions[a.religion] : nil,
                admitted: r.admitted != PartyAge.unknown ? Day(number: r.admitted) : nil,
                partyAge: c.partyAge(r))
        }
        rows.sort { $0.member.unicodeScalars.lexicographicallyPrecedes($1.member.unicodeScalars) }
        return MembersReport(at: day, unit: unit, provenance: provenance,
                             filters: filters.map { (key: $0.key, value: $0.value) }, rows: rows)
    }
}
