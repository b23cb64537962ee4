// The organisation tree: every unit the history will ever establish is
// planned up front (ids, kinds, parents, establishment days), then the
// simulation switches units on and off. Struct-of-arrays, indexed by Int32.

enum Kind: UInt8 {
    case committee, grassrootsCommittee, grassrootsCell, cell

    var text: StaticString {
        switch self {
        case .committee: return "committee"
        case .grassrootsCommittee: return "grassroots-committee"
        case .grassrootsCell: return "grassroots-cell"
        case .cell: return "cell"
        }
    }
}

enum Role: UInt8 { case root, province, district, bloc, org, cell }

final class Units {
    let idBytes = Column<UInt8>()
    let idStart = Column<Int32>()
    let idLength = Column<UInt8>()
    let kind = Column<Kind>()
    let role = Column<Role>()
    let parent = Column<Int32>()
    let established = Column<Int32>()
    let active = Column<Bool>()
    /// The unit's own category (Category.none: inherited).
    let category = Column<UInt8>()
    /// Index into `provinceTable` of the province the unit was planned in.
    let province = Column<Int16>()
    /// For a cell that ceased by merger: the cell its members went to.
    let alias = Column<Int32>()
    /// A number used to vary names (serial within the parent).
    let serial = Column<Int32>()

    var count: Int { kind.count }

    @discardableResult
    func add(id: String, kind k: Kind, role r: Role, parent p: Int32, established e: Int,
             category c: UInt8, province pr: Int, serial s: Int) -> Int32 {
        let u = Int32(kind.count)
        idStart.append(Int32(idBytes.count))
        idBytes.append(contentsOf: id.utf8)
        idLength.append(UInt8(id.utf8.count))
        kind.append(k)
        role.append(r)
        parent.append(p)
        established.append(Int32(e))
        active.append(false)
        category.append(c)
        province.append(Int16(pr))
        alias.append(-1)
        serial.append(Int32(s))
        return u
    }

    /// Writes the unit's id (no quotes).
    @inline(__always)
    func writeId(_ u: Int32, to b: Bytes) {
        let i = Int(u)
        b.bytes(idBytes.base + Int(idStart[i]), Int(idLength[i]))
    }

    /// The cell a member of `u` is in now: follows mergers.
    @inline(__always)
    func resolve(_ u: Int32) -> Int32 {
        var x = u
        while alias[Int(x)] >= 0 { x = alias[Int(x)] }
        if x != u { alias[Int(u)] = x }
        return x
    }

    /// Own category or the nearest ancestor's.
    func effectiveCategory(_ u: Int32) -> UInt8 {
        var x = u
        while x >= 0 {
            let c = category[Int(x)]
            if c != Category.none { return c }
            x = parent[Int(x)]
        }
        return Category.none
    }
}

/// The planned tree and the lists the simulation samples from.
struct Plan {
    var root: Int32 = 0
    var provinces: [Int32] = []
    var districts: [[Int32]] = []
    var blocs: [[Int32]] = []
    /// Grassroots organisations.
    var orgs: [Int32] = []
    /// For each org, its cells as a range of `cells` (a grassroots-cell is its own one cell).
    var orgCellLo: [Int32] = []
    var orgCellHi: [Int32] = []
    /// Every unit that holds members (`cell` or `grassroots-cell`).
    var cells: [Int32] = []
    var provinceCellLo: [Int32] = []
    var provinceCellHi: [Int32] = []
    /// (day, unit) in establishment order, parents first.
    var schedule: [(Int32, Int32)] = []
}

enum Planner {
    static let blocCategories: [(Category, Double, Int)] = [
        // category, weight, bloc (0: agencies, 1: enterprises)
        (.partyAgency, 20, 0), (.administration, 25, 0), (.massOrganization, 10, 0), (.press, 5, 0),
        (.stateEnterprise, 20, 1), (.stateMinorityEnterprise, 8, 1), (.foreignInvestedEnterprise, 7, 1),
        (.privateEnterprise, 5, 1),
    ]
    static let districtCategories: [(Category, Double)] = [
        (.commune, 50), (.school, 12), (.healthStation, 5), (.publicService, 7), (.administration, 8),
        (.armedForces, 5), (.police, 4), (.privateEnterprise, 5), (.stateEnterprise, 2), (.other, 2),
    ]

    /// Plans a tree for about `cellCount` cells, spread over the provinces by
    /// population; about 8 % of organisations and 5 % of cells are established
    /// later than `startDay` (before `lastEstablishDay`).
    static func plan(cellCount: Int, startDay: Int, lateFrom: Int, lastEstablishDay: Int,
                     rng: inout SplitMix64, units: Units) -> Plan {
        var plan = Plan()
        let blocCum = cumulative(blocCategories.map { $0.1 })
        let districtCum = cumulative(districtCategories.map { $0.1 })
        plan.root = units.add(id: "VN", kind: .committee, role: .root, parent: -1, established: startDay,
                              category: Category.none, province: -1, serial: 0)
        let totalWeight = provinceTable.reduce(0) { $0 + $1.weight }
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        func lateDay(after: Int, rng: inout SplitMix64) -> Int {
            let lo = max(after, lateFrom)
            return rng.inRange(lo, lastEstablishDay)
        }
        for (pi, info) in provinceTable.enumerated() {
            let pcode = "P" + pad(info.code, 2)
            let p = units.add(id: pcode, kind: .committee, role: .province, parent: plan.root,
                              established: startDay, category: Category.none, province: pi, serial: 0)
            plan.provinces.append(p)
            let target = max(2, Int((Double(cellCount) * info.weight / totalWeight).rounded()))
            // First decide the organisations: (category, bloc or -1, cell count).
            var orgSpecs: [(Category, Int, Int)] = []
            var cells = 0
            while cells < target {
                let inBloc = rng.chance(0.15)
                let cat: Category
                var bloc = -1
                if inBloc {
                    let k = rng.pick(cumulative: blocCum)
                    cat = blocCategories[k].0
                    bloc = blocCategories[k].2
                } else {
                    cat = districtCategories[rng.pick(cumulative: districtCum)].0
                }
                let singleCell: Bool
                switch cat {
                case .commune: singleCell = rng.chance(0.15)
                case .healthStation, .school: singleCell = rng.chance(0.8)
                default: singleCell = rng.chance(0.45)
                }
                let n = singleCell ? 1 : 2 + rng.below(7)
                orgSpecs.append((cat, bloc, n))
                cells += n
            }
            let districtOrgs = orgSpecs.filter { $0.1 < 0 }.count
            let maxDistricts = max(7, Int((info.weight * 8).rounded()))
            let districtCount = max(1, min(maxDistricts, districtOrgs / 30))
            var ds: [Int32] = []
            for d in 0..<districtCount {
                ds.append(units.add(id: pcode + "-H" + pad(d + 1, 2), kind: .committee, role: .district,
                                    parent: p, established: startDay, category: Category.none,
                                    province: pi, serial: d + 1))
            }
            var bs: [Int32] = []
            for b in 0..<2 {
                bs.append(units.add(id: pcode + "-K" + String(b + 1), kind: .committee, role: .bloc,
                                    parent: p, established: startDay,
                                    category: b == 0 ? Category.administration.rawValue : Category.stateEnterprise.rawValue,
                                    province: pi, serial: b + 1))
            }
            plan.districts.append(ds)
            plan.blocs.append(bs)
            plan.provinceCellLo.append(Int32(plan.cells.count))
            for (oi, spec) in orgSpecs.enumerated() {
                let (cat, bloc, n) = spec
                let parent = bloc >= 0 ? bs[bloc] : ds[rng.below(ds.count)]
                let late = rng.chance(0.08)
                let orgDay = late ? lateDay(after: startDay, rng: &rng) : startDay
                let oid = pcode + "-G" + pad(oi + 1, 5)
                let org = units.add(id: oid, kind: n == 1 ? .grassrootsCell : .grassrootsCommittee, role: .org,
                                    parent: parent, established: orgDay, category: cat.rawValue,
                                    province: pi, serial: oi + 1)
                plan.orgs.append(org)
                plan.orgCellLo.append(Int32(plan.cells.count))
                if n == 1 {
                    plan.cells.append(org)
                } else {
                    for c in 0..<n {
                        let cellLate = !late && c >= 2 && rng.chance(0.25)
                        let cellDay = cellLate ? lateDay(after: orgDay, rng: &rng) : orgDay
                        let cellCat = cat == .commune ? Category.village.rawValue : Category.none
                        let cu = units.add(id: oid + "-C" + String(c + 1), kind: .cell, role: .cell,
                                           parent: org, established: cellDay, category: cellCat,
                                           province: pi, serial: c + 1)
                        plan.cells.append(cu)
                    }
                }
                plan.orgCellHi.append(Int32(plan.cells.count))
            }
            plan.provinceCellHi.append(Int32(plan.cells.count))
        }
        // Establishment order: by day, parents before children (creation order).
        var order: [(Int32, Int32)] = []
        order.reserveCapacity(units.count)
        for u in 0..<units.count { order.append((units.established[u], Int32(u))) }
        order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        plan.schedule = order
        return plan
    }
}
