#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The simulation: one day at a time from the start day to the end day, it
// keeps the state of every member and unit in compact arrays, draws the
// day's events, checks each against the rules of docs/RULES.md as they stand on
// that day, and writes only legal ones. Events are written in effective
// order, except "late" ones (some confirmations, deaths and corrections),
// which are parked and written some days later in line order.

struct Config {
    var members = 50_000
    var seed: UInt64 = 1
    /// Multiplies the churn (transfers, updates, discipline, exemptions,
    /// transfers in and out, strikings-off, resignations), and with it the
    /// admissions that keep membership on the same course.
    var churn = 1.0
    var startYear = 1990
    var endYear = 2025
    /// Day the summary reports the membership of (and `expected` is for).
    var checkDay = Civil.day(2020, 12, 31)
}

enum MemberState: UInt8 { case none = 0, probationary = 1, full = 2, removed = 3 }

enum Removal: UInt8 { case none = 0, died, transferredOut, struckOff, resigned, expelled }

/// Per-member flags.
enum Flag {
    static let exempted: UInt8 = 1
    static let readmitted: UInt8 = 2
}

/// Education codes: 0 unknown, then the values of docs/FORMAT.md from lowest to highest.
let educationText: [StaticString] = ["unknown", "basic", "intermediate", "college", "university", "postgraduate"]
/// Theory codes: 0 unknown, then the values of docs/FORMAT.md from lowest to highest.
let theoryText: [StaticString] = ["unknown", "none", "elementary", "intermediate", "advanced"]

struct CheckCounts {
    var total = 0, full = 0, probationary = 0, exempted = 0
    var education = [Int](repeating: 0, count: 6)
    var theory = [Int](repeating: 0, count: 5)
}

final class Simulation {
    let cfg: Config
    /// The one random stream, behind a pointer (see Column.swift for why).
    let rng: UnsafeMutablePointer<SplitMix64>
    let lex = Lexicon()
    let units = Units()
    let plan: Plan
    let em: Emitter
    let line: Bytes

    let startDay: Int
    let endDay: Int
    let reformDay: Int

    // Members, indexed by member number (the id is "M" + number).
    let mCell = Column<Int32>(capacity: 1 << 20)
    let mBirth = Column<Int32>(capacity: 1 << 20)
    let mState = Column<MemberState>(capacity: 1 << 20)
    let mRemoval = Column<Removal>(capacity: 1 << 20)
    let mFlags = Column<UInt8>(capacity: 1 << 20)
    let mProbationStart = Column<Int32>(capacity: 1 << 20)
    /// The day from which the member may be treated as full by rules that
    /// need it (expulsion, dismissal): the confirmation's effective day or,
    /// when the confirmation is written late, the day it is written.
    let mFullFrom = Column<Int32>(capacity: 1 << 20)
    let mTouched = Column<Int32>(capacity: 1 << 20)
    let mLeft = Column<Int32>(capacity: 1 << 20)
    let mEducation = Column<UInt8>(capacity: 1 << 20)
    let mTheory = Column<UInt8>(capacity: 1 << 20)
    let mPos = Column<Int32>(capacity: 1 << 20)
    let current = Column<Int32>(capacity: 1 << 20)
    var exemptedCount = 0

    var confirmDue: [[Int32]]
    /// Scheduled deaths (tag 1) and exemptions (tag 2): member << 2 | tag.
    var scheduled: [[Int64]]
    var readmitPool: [(Int32, Int32)] = []
    var readmitCut = 0
    var returnPool: [(Int32, Int32)] = []
    var returnCut = 0

    // Rates for the current year, per day.
    var admissionsPerDay = 0.0
    var rates = YearRates()
    var year = 0
    var today = 0
    var schedulePos = 0
    var checkCounts: CheckCounts?
    /// Sum over the years of admissions planned / membership on 1 January.
    var admissionRateSum = 0.0
    var admissionRateYears = 0
    var endCounts = CheckCounts()

    // Distributions.
    let statusCumInitial = cumulative([0.97, 0.03])

    init(config: Config, out: Output) {
        cfg = config
        rng = UnsafeMutablePointer<SplitMix64>.allocate(capacity: 1)
        rng.initialize(to: SplitMix64(seed: config.seed &* 0x2545_F491_4F6C_DD1D ^ 0x5EED))
        startDay = Civil.day(config.startYear, 1, 1)
        endDay = Civil.day(config.endYear, 12, 31)
        reformDay = Civil.day(2025, 7, 1)
        let dates = DateTable(fromYear: 1880, toYear: config.endYear + 2)
        em = Emitter(out: out, dates: dates, firstDay: startDay, lastDay: endDay,
                     recordedBase: Civil.day(2024, 1, 1) * 86_400)
        line = em.line
        let cellCount = max(70, config.members / 30)
        plan = Planner.plan(cellCount: cellCount, startDay: startDay, lateFrom: Civil.day(config.startYear + 1, 1, 1),
                            lastEstablishDay: Civil.day(min(2024, config.endYear - 1), 12, 31),
                            rng: &rng.pointee, units: units)
        let days = endDay - startDay + 2
        confirmDue = Array(repeating: [], count: days)
        scheduled = Array(repeating: [], count: days)
    }

    // MARK: - The day loop

    func run() {
        let growth = 1.025
        let years = Double(cfg.endYear - cfg.startYear + 1)
        let initial = max(10, Int((Double(cfg.members) / pow(growth, years)).rounded()))
        today = startDay
        while today <= endDay {
            let (y, m, d) = Civil.ymd(today)
            em.release(today)
            establishUnits()
            if today == startDay { year = y; registerOpeningBalance(count: initial) }
            if m == 1 && d == 1 {
                year = y
                startYear(target: Double(cfg.members) / pow(growth, Double(cfg.endYear - y)))
            }
            if today == reformDay && cfg.endYear >= 2025 && cfg.startYear < 2025 { reform() }
            unitChanges()
            admissions()
            transfersIn()
            readmissions()
            confirmations()
            scheduledActions()
            transfers()
            updates()
            exemptionsEnded()
            discipline()
            removals()
            if m == 12 && d >= 10 && d <= 30 { ratings(dayOfDecember: d) }
            if today == cfg.checkDay { checkCounts = countNow() }
            today += 1
        }
        em.releaseAll()
        endCounts = countNow()
    }

    struct YearRates {
        var transfers = 0.0, updates = 0.0, discipline = 0.0, exemptionEnd = 0.0
        var transferOut = 0.0, struckOff = 0.0, resigned = 0.0, expelled = 0.0
        var transferIn = 0.0, readmitted = 0.0
        var cellMerges = 0.0, orgAbsorptions = 0.0, renames = 0.0, reclassifications = 0.0
    }

    /// Plans the year: schedules deaths and exemptions by age, sets the daily
    /// rates, and the admissions that bring membership to `target` by 31 Dec.
    func startYear(target: Double) {
        let k = cfg.churn
        let c = Double(current.count)
        let daysInYear = Double(Civil.isLeap(year) ? 366 : 365)
        var deaths = 0
        let yearEnd = min(endDay, Civil.day(year, 12, 31))
        let span = yearEnd - today + 1
        var deathChance = [Double](repeating: 0.5, count: 200)
        for a in 0..<200 { deathChance[a] = min(0.5, 0.0004 * exp(0.095 * (Double(a) - 30))) }
        for i in 0..<current.count {
            let mem = Int(current[i])
            let days = today - Int(mBirth[mem])
            let age = Double(days) / 365.2425
            if rng.pointee.unit() < deathChance[min(199, days / 365)] {
                let day = today + rng.pointee.below(span)
                scheduled[day - startDay].append(Int64(mem) << 2 | 1)
                deaths += 1
            } else if age >= 62 && mFlags[mem] & Flag.exempted == 0 && rng.pointee.unit() < 0.04 * k {
                let day = today + rng.pointee.below(span)
                scheduled[day - startDay].append(Int64(mem) << 2 | 2)
            }
        }
        var r = YearRates()
        r.transfers = 0.035 * k
        r.updates = 0.024 * k
        r.discipline = 0.003 * k
        r.exemptionEnd = 0.05
        r.transferOut = 0.0025 * k
        r.struckOff = 0.003 * k
        r.resigned = 0.0003 * k
        r.expelled = 0.0004
        r.transferIn = 0.002 * k
        r.readmitted = 0.0002
        r.cellMerges = 0.003
        r.orgAbsorptions = 0.0012
        r.renames = 0.002
        r.reclassifications = 0.003
        rates = r
        let exits = Double(deaths) + c * (r.transferOut + r.struckOff + r.resigned + r.expelled + 0.001)
        let inflow = c * (r.transferIn + r.readmitted)
        let wanted = target - c + exits - inflow
        let admissions = min(max(wanted, 0.01 * c), 0.12 * c + 50)
        admissionsPerDay = admissions / daysInYear
        if c > 0 { admissionRateSum += admissions / c; admissionRateYears += 1 }
    }

    @inline(__always)
    func perDay(_ annualRate: Double, of base: Int) -> Int {
        rng.pointee.randomRound(annualRate * Double(base) / 365.2425)
    }

    // MARK: - Units

    func establishUnits() {
        while schedulePos < plan.schedule.count && Int(plan.schedule[schedulePos].0) <= today {
            let u = plan.schedule[schedulePos].1
            schedulePos += 1
            let p = units.parent[Int(u)]
            if p >= 0 && !units.active[Int(p)] { continue } // its parent ceased first: never established
            units.active[Int(u)] = true
            em.begin(.unitEstablished, today)
            unitField("unit", u)
            line.raw(",\"name\":\"")
            writeUnitName(u, variant: 0)
            line.raw("\",\"kind\":\"")
            line.raw(units.kind[Int(u)].text)
            line.byte(34)
            let cat = units.category[Int(u)]
            if cat != Category.none {
                line.raw(",\"category\":\"")
                line.raw(Category(rawValue: cat)!.text)
                line.byte(34)
            }
            if p >= 0 { unitField("parent", p) }
            line.byte(125) // }
            em.commit()
        }
    }

    @inline(__always)
    func unitField(_ key: StaticString, _ u: Int32) {
        line.raw(",\"")
        line.raw(key)
        line.raw("\":\"")
        units.writeId(u, to: line)
        line.byte(34)
    }

    func place(_ h: UInt64) -> [UInt8] { lex.places[Int(h % UInt64(lex.places.count))] }

    func writeTwoPlaces(_ h: UInt64) {
        line.bytes(place(h))
        line.byte(32)
        var h2 = mix64(h)
        if place(h2) == place(h) { h2 = mix64(h2) }
        line.bytes(place(h2))
    }

    func writeUnitName(_ u: Int32, variant: Int) {
        let i = Int(u)
        let h = mix64(UInt64(i) &* 0x9E37 ^ cfg.seed ^ UInt64(variant) << 40)
        switch units.role[i] {
        case .root:
            line.raw("Đảng bộ toàn quốc")
        case .province:
            let info = provinceTable[Int(units.province[i])]
            line.raw(info.city ? "Đảng bộ thành phố " : "Đảng bộ tỉnh ")
            line.string(info.name)
        case .district:
            let city = provinceTable[Int(units.province[i])].city
            line.raw(city && h % 3 != 0 ? "Đảng bộ quận " : "Đảng bộ huyện ")
            writeTwoPlaces(h)
        case .bloc:
            line.raw(units.serial[i] == 1 ? "Đảng bộ Khối các cơ quan tỉnh" : "Đảng bộ Khối doanh nghiệp tỉnh")
        case .org:
            line.raw(units.kind[i] == .grassrootsCommittee ? "Đảng bộ " : "Chi bộ ")
            switch Category(rawValue: units.category[i]) ?? .other {
            case .commune: line.raw(h % 4 == 0 ? "phường " : "xã ")
            case .school: line.raw(h % 2 == 0 ? "Trường THPT " : "Trường THCS ")
            case .healthStation: line.raw("Trạm Y tế ")
            case .publicService: line.raw("Trung tâm Dịch vụ công ")
            case .administration: line.raw("Cơ quan Ủy ban nhân dân ")
            case .armedForces: line.raw("Ban Chỉ huy Quân sự ")
            case .police: line.raw("Công an ")
            case .privateEnterprise: line.raw("Công ty Cổ phần ")
            case .stateEnterprise: line.raw("Công ty TNHH MTV ")
            case .stateMinorityEnterprise: line.raw("Tổng công ty Cổ phần ")
            case .foreignInvestedEnterprise: line.raw("Công ty TNHH Liên doanh ")
            case .partyAgency: line.raw("Văn phòng Đảng ủy ")
            case .massOrganization: line.raw("Hội Nông dân ")
            case .press: line.raw("Báo ")
            case .village, .other: break
            }
            writeTwoPlaces(h)
            if variant > 0 { line.raw(" (mới)") }
        case .cell:
            if Category(rawValue: units.category[i]) == .village {
                line.raw(h % 3 == 0 ? "Chi bộ khu phố " : "Chi bộ thôn ")
                writeTwoPlaces(h)
            } else {
                line.raw("Chi bộ ")
                line.int(Int(units.serial[i]))
            }
        }
    }

    func randomActiveCell() -> Int32 {
        for _ in 0..<200 {
            let u = plan.cells[rng.pointee.below(plan.cells.count)]
            if units.active[Int(u)] { return u }
        }
        for u in plan.cells where units.active[Int(u)] { return u }
        fatalError("no active cell")
    }

    func randomActiveCell(inProvince p: Int) -> Int32? {
        let lo = Int(plan.provinceCellLo[p]), hi = Int(plan.provinceCellHi[p])
        for _ in 0..<20 {
            let u = plan.cells[lo + rng.pointee.below(hi - lo)]
            if units.active[Int(u)] { return u }
        }
        return nil
    }

    /// Cell mergers inside a grassroots committee, organisations absorbed
    /// into another one's cell, renamings, reclassifications.
    func unitChanges() {
        let orgCount = plan.orgs.count
        for _ in 0..<perDay(rates.cellMerges, of: plan.cells.count) {
            let oi = rng.pointee.below(orgCount)
            let org = plan.orgs[oi]
            guard units.active[Int(org)], units.kind[Int(org)] == .grassrootsCommittee else { continue }
            let lo = Int(plan.orgCellLo[oi]), hi = Int(plan.orgCellHi[oi])
            let a = plan.cells[lo + rng.pointee.below(hi - lo)], b = plan.cells[lo + rng.pointee.below(hi - lo)]
            guard a != b, units.active[Int(a)], units.active[Int(b)] else { continue }
            em.begin(.unitMerged, today)
            line.raw(",\"units\":[\"")
            units.writeId(a, to: line)
            line.raw("\"]")
            unitField("into", b)
            line.byte(125)
            em.commit()
            units.active[Int(a)] = false
            units.alias[Int(a)] = b
        }
        if today < reformDay {
            for _ in 0..<perDay(rates.orgAbsorptions, of: orgCount) { absorbOrganisation() }
        }
        for _ in 0..<perDay(rates.renames, of: orgCount) {
            let org = plan.orgs[rng.pointee.below(orgCount)]
            guard units.active[Int(org)] else { continue }
            em.begin(.unitRenamed, today)
            unitField("unit", org)
            line.raw(",\"name\":\"")
            writeUnitName(org, variant: 1 + rng.pointee.below(1000))
            line.raw("\"}")
            em.commit()
        }
        for _ in 0..<perDay(rates.reclassifications, of: orgCount) {
            let org = plan.orgs[rng.pointee.below(orgCount)]
            guard units.active[Int(org)] else { continue }
            let next: Category
            switch Category(rawValue: units.category[Int(org)]) {
            case .stateEnterprise: next = .stateMinorityEnterprise
            case .stateMinorityEnterprise: next = .privateEnterprise
            case .administration: next = .publicService
            default: continue
            }
            units.category[Int(org)] = next.rawValue
            em.begin(.unitReclassified, today)
            unitField("unit", org)
            line.raw(",\"category\":\"")
            line.raw(next.text)
            line.raw("\"}")
            em.commit()
        }
    }

    /// An organisation ceases: its cells merge into a cell of another
    /// organisation of the same province, then (a committee) it is dissolved.
    func absorbOrganisation() {
        let oi = rng.pointee.below(plan.orgs.count)
        let org = plan.orgs[oi]
        guard units.active[Int(org)] else { return }
        let p = Int(units.province[Int(org)])
        guard let into = randomActiveCell(inProvince: p) else { return }
        let lo = Int(plan.orgCellLo[oi]), hi = Int(plan.orgCellHi[oi])
        if plan.cells[lo..<hi].contains(into) { return }
        if units.kind[Int(org)] == .grassrootsCell && units.parent[Int(into)] == org { return }
        var merged: [Int32] = []
        for i in lo..<hi where units.active[Int(plan.cells[i])] { merged.append(plan.cells[i]) }
        if !merged.isEmpty {
            em.begin(.unitMerged, today)
            line.raw(",\"units\":[")
            for (j, c) in merged.enumerated() {
                if j > 0 { line.byte(44) }
                line.byte(34); units.writeId(c, to: line); line.byte(34)
            }
            line.byte(93)
            unitField("into", into)
            line.byte(125)
            em.commit()
            for c in merged {
                units.active[Int(c)] = false
                units.alias[Int(c)] = into
            }
        }
        if units.active[Int(org)] {
            em.begin(.unitDissolved, today)
            unitField("unit", org)
            line.byte(125)
            em.commit()
            units.active[Int(org)] = false
        }
    }

    /// 1 July 2025: 63 provinces merge into 34; communes merge three into
    /// one; the district level goes: its organisations move up to the
    /// (merged) province and the emptied districts are dissolved.
    func reform() {
        var survivorOf = [Int](repeating: -1, count: provinceTable.count)
        var indexOfCode: [Int: Int] = [:]
        for (i, p) in provinceTable.enumerated() { indexOfCode[p.code] = i }
        for (i, p) in provinceTable.enumerated() {
            survivorOf[i] = p.mergesInto.map { indexOfCode[$0]! } ?? i
        }
        for s in 0..<provinceTable.count where survivorOf[s] == s {
            let group = (0..<provinceTable.count).filter { $0 != s && survivorOf[$0] == s }
            if group.isEmpty { continue }
            em.begin(.unitMerged, today)
            line.raw(",\"units\":[")
            for (j, g) in group.enumerated() {
                if j > 0 { line.byte(44) }
                line.byte(34); units.writeId(plan.provinces[g], to: line); line.byte(34)
            }
            line.byte(93)
            unitField("into", plan.provinces[s])
            line.raw(",\"decision\":\"202-NQ/TW\"}")
            em.commit()
            for g in group {
                units.active[Int(plan.provinces[g])] = false
                for b in plan.blocs[g] { units.parent[Int(b)] = plan.provinces[s] }
                for d in plan.districts[g] { units.parent[Int(d)] = plan.provinces[s] }
            }
            for b in 0..<2 {
                let into = plan.blocs[s][b]
                let others = group.map { plan.blocs[$0][b] }.filter { units.active[Int($0)] }
                guard units.active[Int(into)], !others.isEmpty else { continue }
                em.begin(.unitMerged, today)
                line.raw(",\"units\":[")
                for (j, u) in others.enumerated() {
                    if j > 0 { line.byte(44) }
                    line.byte(34); units.writeId(u, to: line); line.byte(34)
                }
                line.byte(93)
                unitField("into", into)
                line.byte(125)
                em.commit()
                for u in others { units.active[Int(u)] = false }
            }
        }
        // Organisations under each district.
        var byDistrict: [Int32: [Int32]] = [:]
        for org in plan.orgs where units.active[Int(org)] && units.role[Int(units.parent[Int(org)])] == .district {
            byDistrict[units.parent[Int(org)], default: []].append(org)
        }
        for (p, ds) in plan.districts.enumerated() {
            let target = plan.provinces[survivorOf[p]]
            for d in ds where units.active[Int(d)] {
                let orgs = byDistrict[d] ?? []
                let communes = orgs.filter {
                    units.kind[Int($0)] == .grassrootsCommittee && units.category[Int($0)] == Category.commune.rawValue
                }
                var i = 0
                while i + 1 < communes.count {
                    let n = min(3, communes.count - i)
                    em.begin(.unitMerged, today)
                    line.raw(",\"units\":[")
                    for j in 1..<n {
                        if j > 1 { line.byte(44) }
                        line.byte(34); units.writeId(communes[i + j], to: line); line.byte(34)
                    }
                    line.byte(93)
                    unitField("into", communes[i])
                    line.byte(125)
                    em.commit()
                    for j in 1..<n { units.active[Int(communes[i + j])] = false }
                    i += n
                }
                for org in orgs where units.active[Int(org)] {
                    em.begin(.unitMoved, today)
                    unitField("unit", org)
                    unitField("parent", target)
                    line.byte(125)
                    em.commit()
                    units.parent[Int(org)] = target
                }
                em.begin(.unitDissolved, today)
                unitField("unit", d)
                line.byte(125)
                em.commit()
                units.active[Int(d)] = false
            }
        }
    }

    static let oldRatings: [StaticString] = ["clean-strong-exemplary", "clean-strong", "good", "satisfactory", "weak"]
    static let oldRatingCum = cumulative([10, 55, 25, 8, 2])
    static let newRatings: [StaticString] = ["excellent", "good", "satisfactory", "unsatisfactory"]
    static let newRatingCum = cumulative([18, 70, 10, 2])

    /// Each grassroots organisation is rated once a year, between 10 and 30
    /// December; a few ratings are entered wrong, then retracted and re-entered.
    func ratings(dayOfDecember d: Int) {
        var oi = d - 10
        while oi < plan.orgs.count {
            let org = plan.orgs[oi]
            oi += 21
            guard units.active[Int(org)] else { continue }
            let old = year <= 2012
            let table = old ? Simulation.oldRatings : Simulation.newRatings
            let r = rng.pointee.pick(cumulative: old ? Simulation.oldRatingCum : Simulation.newRatingCum)
            let wrong = rng.pointee.chance(0.001)
            let first = wrong ? (r + 1 + rng.pointee.below(table.count - 1)) % table.count : r
            let id = writeRating(org, table[first])
            em.commit()
            if wrong {
                let release = today + 5 + rng.pointee.below(40)
                writeRetraction(of: id)
                em.commit(releaseOn: release)
                _ = writeRating(org, table[r])
                em.commit(releaseOn: release)
            }
        }
    }

    func writeRating(_ org: Int32, _ rating: StaticString) -> Int {
        let id = em.begin(.unitRated, today)
        unitField("unit", org)
        line.raw(",\"year\":")
        line.int(year)
        line.raw(",\"rating\":\"")
        line.raw(rating)
        line.raw("\"}")
        return id
    }

    func writeRetraction(of id: Int) {
        em.begin(.retracted, today)
        line.raw(",\"target\":\"E")
        line.int(id)
        line.raw("\",\"reason\":\"nhập sai\"}")
    }

    // MARK: - Members

    @inline(__always)
    func memberField(_ m: Int) {
        line.raw(",\"member\":\"M")
        line.int(m)
        line.byte(34)
    }

    func newMember(cell: Int32, birth: Int, state: MemberState, probationStart: Int) -> Int {
        let m = mCell.count
        mCell.append(cell)
        mBirth.append(Int32(birth))
        mState.append(state)
        mRemoval.append(.none)
        mFlags.append(0)
        mProbationStart.append(Int32(probationStart))
        mFullFrom.append(Int32(state == .full ? today : Int(Int32.max)))
        mTouched.append(Int32(today))
        mLeft.append(0)
        mEducation.append(0)
        mTheory.append(0)
        mPos.append(Int32(current.count))
        current.append(Int32(m))
        return m
    }

    func makeCurrent(_ m: Int) {
        mPos[m] = Int32(current.count)
        current.append(Int32(m))
    }

    func dropCurrent(_ m: Int) {
        let i = Int(mPos[m])
        let last = current.removeLast()
        if Int(last) != m {
            current[i] = last
            mPos[Int(last)] = Int32(i)
        }
        mPos[m] = -1
    }

    /// A random current member not yet touched today (nil after a few misses).
    func pickMember(_ accept: (Int) -> Bool = { _ in true }) -> Int? {
        guard !current.isEmpty else { return nil }
        for _ in 0..<40 {
            let m = Int(current[rng.pointee.below(current.count)])
            if Int(mTouched[m]) != today && accept(m) { return m }
        }
        return nil
    }

    /// Writes `"person":{…}`: name, birth date, gender, ethnicity, religion;
    /// all but the birth date are a pure function of (seed, member).
    func writePerson(_ m: Int) {
        var h = SplitMix64(seed: mix64(UInt64(m) ^ (cfg.seed &* 0xD1B5_4A32_D192_ED03)))
        let female = h.chance(0.38)
        line.raw(",\"person\":{\"name\":\"")
        line.bytes(lex.family[h.pick(cumulative: lex.familyCum)])
        line.byte(32)
        let middle = female ? lex.femaleMiddle : lex.maleMiddle
        line.bytes(middle[h.below(middle.count)])
        line.byte(32)
        let given = female ? lex.femaleGiven : lex.maleGiven
        line.bytes(given[h.below(given.count)])
        line.raw("\",\"birthDate\":\"")
        em.date(Int(mBirth[m]))
        line.raw(female ? "\",\"gender\":\"female\",\"ethnicity\":\"" : "\",\"gender\":\"male\",\"ethnicity\":\"")
        line.bytes(lex.ethnicity[h.pick(cumulative: lex.ethnicityCum)])
        line.raw("\",\"religion\":\"")
        line.bytes(lex.religion[h.pick(cumulative: lex.religionCum)])
        line.raw("\"}")
    }

    func writeQualifications(_ m: Int) {
        let e = Int(mEducation[m]), t = Int(mTheory[m])
        if e > 0 { line.raw(",\"education\":\""); line.raw(educationText[e]); line.byte(34) }
        if t > 0 { line.raw(",\"theory\":\""); line.raw(theoryText[t]); line.byte(34) }
    }

    /// A birth date making the person exactly `age` (whole years) on `day`,
    /// never a 29 February (so that no reading of "age" can differ).
    func birthDate(age: Int, on day: Int) -> Int {
        let latest = Civil.addMonths(day, -12 * age)          // turns `age` on `day`
        let earliest = Civil.addMonths(day, -12 * (age + 1)) + 1
        for _ in 0..<8 {
            let b = rng.pointee.inRange(earliest, latest)
            let (_, bm, bd) = Civil.ymd(b)
            if bm == 2 && bd == 29 { continue }
            if Civil.age(birth: b, on: day) == age { return b }
        }
        return latest - 1 > earliest && Civil.age(birth: latest - 1, on: day) == age ? latest - 1 : latest
    }

    func educationFor(year y: Int) -> UInt8 {
        let t = min(1, max(0, Double(y - 1990) / 35))
        // unknown, basic, intermediate, college, university, postgraduate
        let w = [0.06 - 0.04 * t, 0.40 - 0.30 * t, 0.22 - 0.07 * t, 0.08 + 0.02 * t, 0.22 + 0.33 * t, 0.02 + 0.06 * t]
        return UInt8(rng.pointee.pick(cumulative: cumulative(w)))
    }

    static let initialTheoryCum = cumulative([0.04, 0.30, 0.38, 0.22, 0.06])
    static let newTheoryCum = cumulative([0.03, 0.45, 0.45, 0.06, 0.01])

    /// Schedules the confirmation (or the striking-off of a probationer not
    /// confirmed) 12 months after probation began, plus a few weeks.
    func scheduleConfirmation(_ m: Int, probationStart: Int) {
        let earliest = Civil.addMonths(probationStart, 12)
        let due = earliest + (rng.pointee.chance(0.4) ? 0 : rng.pointee.below(90))
        if due <= endDay { confirmDue[due - startDay].append(Int32(m)) }
    }

    func registerOpeningBalance(count: Int) {
        for _ in 0..<count {
            let r = rng.pointee.unit()
            let age = r < 0.20 ? rng.pointee.inRange(18, 30) : r < 0.55 ? rng.pointee.inRange(31, 45)
                : r < 0.83 ? rng.pointee.inRange(46, 60) : rng.pointee.inRange(61, 85)
            let probationary = age <= 45 && rng.pointee.chance(0.04)
            let birth = birthDate(age: age, on: today)
            var admitted = -1
            if probationary {
                admitted = today - 1 - rng.pointee.below(330)
                if Civil.age(birth: birth, on: admitted) < 18 { admitted = -1 }
            } else if rng.pointee.chance(0.5) {
                let admissionAge = min(age, 18 + rng.pointee.below(18))
                let a = Civil.addMonths(birth, 12 * admissionAge) + rng.pointee.below(300)
                if a < today { admitted = a }
            }
            let state: MemberState = probationary ? .probationary : .full
            let m = newMember(cell: randomActiveCell(), birth: birth, state: state,
                              probationStart: probationary ? (admitted >= 0 ? admitted : today) : 0)
            mEducation[m] = educationFor(year: 1990)
            mTheory[m] = UInt8(rng.pointee.pick(cumulative: Simulation.initialTheoryCum))
            em.begin(.registered, today)
            memberField(m)
            unitField("unit", mCell[m])
            writePerson(m)
            line.raw(probationary ? ",\"status\":\"probationary\"" : ",\"status\":\"full\"")
            if admitted >= 0 { line.raw(",\"admitted\":\""); em.date(admitted); line.byte(34) }
            writeQualifications(m)
            line.byte(125)
            em.commit()
            if probationary { scheduleConfirmation(m, probationStart: Int(mProbationStart[m])) }
        }
    }

    func admissions() {
        let n = rng.pointee.randomRound(admissionsPerDay)
        for _ in 0..<n {
            let r = rng.pointee.unit()
            let age = r < 0.72 ? rng.pointee.inRange(18, 30) : r < 0.96 ? rng.pointee.inRange(31, 45) : rng.pointee.inRange(46, 59)
            let birth = birthDate(age: age, on: today)
            let m = newMember(cell: randomActiveCell(), birth: birth, state: .probationary, probationStart: today)
            mEducation[m] = educationFor(year: year)
            mTheory[m] = UInt8(rng.pointee.pick(cumulative: Simulation.newTheoryCum))
            em.begin(.admitted, today)
            memberField(m)
            unitField("unit", mCell[m])
            writePerson(m)
            writeQualifications(m)
            line.byte(125)
            em.commit()
            scheduleConfirmation(m, probationStart: today)
        }
    }

    func transfersIn() {
        let n = perDay(rates.transferIn, of: current.count)
        for _ in 0..<n {
            // Someone who left for another party organisation may come back.
            while returnCut < returnPool.count && Int(returnPool[returnCut].1) + 60 <= today { returnCut += 1 }
            if returnCut > 0 && rng.pointee.chance(0.2) {
                let (mm, left) = returnPool[rng.pointee.below(returnCut)]
                let m = Int(mm)
                if mState[m] == .removed && mRemoval[m] == .transferredOut && mLeft[m] == left {
                    mState[m] = .full
                    mRemoval[m] = .none
                    mFullFrom[m] = Int32(today)
                    mTouched[m] = Int32(today)
                    mCell[m] = randomActiveCell()
                    makeCurrent(m)
                    writeTransferIn(m, status: "full", admitted: -1)
                    continue
                }
            }
            let age = rng.pointee.inRange(22, 55)
            let birth = birthDate(age: age, on: today)
            let probationary = rng.pointee.chance(0.12)
            var admitted = -1
            if probationary {
                admitted = today - 30 - rng.pointee.below(270)
                if Civil.age(birth: birth, on: admitted) < 18 { admitted = today }
            } else if rng.pointee.chance(0.5) {
                admitted = Civil.addMonths(birth, 12 * (18 + rng.pointee.below(age - 20))) + rng.pointee.below(200)
                if admitted >= today { admitted = -1 }
            }
            let m = newMember(cell: randomActiveCell(), birth: birth, state: probationary ? .probationary : .full,
                              probationStart: probationary ? max(admitted, 0) : 0)
            mEducation[m] = educationFor(year: year)
            mTheory[m] = UInt8(rng.pointee.pick(cumulative: Simulation.initialTheoryCum))
            if mTheory[m] == 0 { mTheory[m] = 2 }
            writeTransferIn(m, status: probationary ? "probationary" : "full", admitted: admitted)
            if probationary { scheduleConfirmation(m, probationStart: admitted) }
        }
    }

    func writeTransferIn(_ m: Int, status: StaticString, admitted: Int) {
        em.begin(.transferredIn, today)
        memberField(m)
        unitField("unit", mCell[m])
        writePerson(m)
        line.raw(",\"status\":\"")
        line.raw(status)
        line.byte(34)
        if admitted >= 0 { line.raw(",\"admitted\":\""); em.date(admitted); line.byte(34) }
        line.raw(",\"from\":\"")
        line.bytes(lex.from[rng.pointee.below(lex.from.count)])
        line.byte(34)
        writeQualifications(m)
        line.byte(125)
        em.commit()
    }

    func readmissions() {
        let n = perDay(rates.readmitted, of: current.count)
        guard n > 0 else { return }
        let cutoff = Civil.addMonths(today, -36)
        while readmitCut < readmitPool.count && Int(readmitPool[readmitCut].1) <= cutoff { readmitCut += 1 }
        for _ in 0..<n where readmitCut > 0 {
            let (mm, left) = readmitPool[rng.pointee.below(readmitCut)]
            let m = Int(mm)
            guard mState[m] == .removed, mFlags[m] & Flag.readmitted == 0, mLeft[m] == left,
                  mRemoval[m] != .died, mRemoval[m] != .transferredOut,
                  Civil.addMonths(Int(left), 36) <= today,
                  Civil.age(birth: Int(mBirth[m]), on: today) <= 59 else { continue }
            mState[m] = .probationary
            mRemoval[m] = .none
            mFlags[m] |= Flag.readmitted
            mProbationStart[m] = Int32(today)
            mFullFrom[m] = Int32.max
            mTouched[m] = Int32(today)
            mCell[m] = randomActiveCell()
            makeCurrent(m)
            em.begin(.readmitted, today)
            memberField(m)
            unitField("unit", mCell[m])
            line.byte(125)
            em.commit()
            scheduleConfirmation(m, probationStart: today)
        }
    }

    func confirmations() {
        let due = confirmDue[today - startDay]
        confirmDue[today - startDay] = []
        for mm in due {
            let m = Int(mm)
            guard mState[m] == .probationary, Civil.addMonths(Int(mProbationStart[m]), 12) <= today else { continue }
            if rng.pointee.chance(0.02) {
                remove(m, .struckOff, reason: "probation-not-confirmed")
                continue
            }
            mState[m] = .full
            mTouched[m] = Int32(today)
            em.begin(.confirmed, today)
            memberField(m)
            line.byte(125)
            if rng.pointee.chance(0.35) {
                let release = today + 7 + rng.pointee.below(54)
                em.commit(releaseOn: release)
                mFullFrom[m] = Int32(release)
            } else {
                em.commit()
                mFullFrom[m] = Int32(today)
            }
        }
    }

    func scheduledActions() {
        let list = scheduled[today - startDay]
        scheduled[today - startDay] = []
        for x in list {
            let m = Int(x >> 2)
            guard mState[m] == .probationary || mState[m] == .full else { continue }
            if x & 3 == 1 {
                if Int(mTouched[m]) == today {
                    // Another event of this member today: die tomorrow, so
                    // that a late-written event stays the day's last.
                    if today < endDay { scheduled[today + 1 - startDay].append(x) }
                    continue
                }
                remove(m, .died, reason: "", lateChance: 0.2)
            } else if mFlags[m] & Flag.exempted == 0 && Int(mTouched[m]) != today {
                mFlags[m] |= Flag.exempted
                exemptedCount += 1
                mTouched[m] = Int32(today)
                em.begin(.exempted, today)
                memberField(m)
                line.byte(125)
                em.commit()
            }
        }
    }

    func transfers() {
        for _ in 0..<perDay(rates.transfers, of: current.count) {
            guard let m = pickMember() else { continue }
            let from = units.resolve(mCell[m])
            var to: Int32 = -1
            for _ in 0..<8 {
                let c = rng.pointee.chance(0.6) ? randomActiveCell(inProvince: Int(units.province[Int(from)])) ?? randomActiveCell()
                    : randomActiveCell()
                if c != from { to = c; break }
            }
            guard to >= 0 else { continue }
            mCell[m] = to
            mTouched[m] = Int32(today)
            em.begin(.transferred, today)
            memberField(m)
            unitField("unit", to)
            line.byte(125)
            em.commit()
        }
    }

    /// Education and theory upgrades; a few are entered wrong, then
    /// retracted and re-entered with the right value (same effective day).
    func updates() {
        for _ in 0..<perDay(rates.updates, of: current.count) {
            guard let m = pickMember({ Double(self.today - Int(self.mBirth[$0])) < 58 * 365.2425 }) else { continue }
            let e = Int(mEducation[m]), t = Int(mTheory[m])
            var field = rng.pointee.chance(0.5) ? 0 : 1
            if field == 0 && e == 5 { field = 1 }
            if field == 1 && t == 4 { field = 0 }
            if field == 0 && e == 5 { continue }
            let value: Int
            if field == 0 {
                value = e == 0 ? 1 + rng.pointee.below(4) : e + 1
                mEducation[m] = UInt8(value)
            } else {
                value = t == 0 ? 2 + rng.pointee.below(2) : t + 1
                mTheory[m] = UInt8(value)
            }
            mTouched[m] = Int32(today)
            let names = field == 0 ? educationText : theoryText
            let wrong = rng.pointee.chance(0.005)
            let first = wrong ? 1 + (value + rng.pointee.below(names.count - 2)) % (names.count - 1) : value
            let id = writeUpdate(m, field: field, value: names[first == value ? value : first])
            em.commit()
            if wrong {
                let release = today + 3 + rng.pointee.below(40)
                writeRetraction(of: id)
                em.commit(releaseOn: release)
                _ = writeUpdate(m, field: field, value: names[value])
                em.commit(releaseOn: release)
            }
        }
    }

    func writeUpdate(_ m: Int, field: Int, value: StaticString) -> Int {
        let id = em.begin(.updated, today)
        memberField(m)
        line.raw(field == 0 ? ",\"education\":\"" : ",\"theory\":\"")
        line.raw(value)
        line.raw("\"}")
        return id
    }

    func exemptionsEnded() {
        for _ in 0..<perDay(rates.exemptionEnd, of: exemptedCount) {
            for _ in 0..<60 {
                let m = Int(current[rng.pointee.below(current.count)])
                guard mFlags[m] & Flag.exempted != 0, Int(mTouched[m]) != today else { continue }
                mFlags[m] &= ~Flag.exempted
                exemptedCount -= 1
                mTouched[m] = Int32(today)
                em.begin(.exemptionEnded, today)
                memberField(m)
                line.byte(125)
                em.commit()
                break
            }
        }
    }

    func discipline() {
        for _ in 0..<perDay(rates.discipline, of: current.count) {
            guard let m = pickMember() else { continue }
            let r = rng.pointee.unit()
            var penalty: StaticString = r < 0.65 ? "reprimand" : r < 0.95 ? "warning" : "dismissal"
            if r >= 0.95 && !(mState[m] == .full && Int(mFullFrom[m]) < today) { penalty = "warning" }
            mTouched[m] = Int32(today)
            em.begin(.disciplined, today)
            memberField(m)
            line.raw(",\"penalty\":\"")
            line.raw(penalty)
            line.raw("\"}")
            em.commit()
        }
    }

    func removals() {
        let c = current.count
        for _ in 0..<perDay(rates.transferOut, of: c) {
            if let m = pickMember() { remove(m, .transferredOut, reason: "") }
        }
        for _ in 0..<perDay(rates.struckOff, of: c) {
            guard let m = pickMember() else { continue }
            let r = rng.pointee.unit()
            remove(m, .struckOff, reason: r < 0.55 ? "abandoned-activities" : r < 0.85 ? "not-transferred" : "other")
        }
        for _ in 0..<perDay(rates.resigned, of: c) {
            if let m = pickMember() { remove(m, .resigned, reason: "") }
        }
        for _ in 0..<perDay(rates.expelled, of: c) {
            if let m = pickMember({ self.mState[$0] == .full && Int(self.mFullFrom[$0]) < self.today }) {
                remove(m, .expelled, reason: "")
            }
        }
    }

    func remove(_ m: Int, _ how: Removal, reason: StaticString, lateChance: Double = 0) {
        let wasFull = mState[m] == .full
        if mFlags[m] & Flag.exempted != 0 { mFlags[m] &= ~Flag.exempted; exemptedCount -= 1 }
        mState[m] = .removed
        mRemoval[m] = how
        mLeft[m] = Int32(today)
        mTouched[m] = Int32(today)
        dropCurrent(m)
        switch how {
        case .died:
            em.begin(.died, today); memberField(m)
        case .transferredOut:
            em.begin(.transferredOut, today); memberField(m)
            line.raw(",\"to\":\""); line.bytes(lex.to[rng.pointee.below(lex.to.count)]); line.byte(34)
            if wasFull { returnPool.append((Int32(m), Int32(today))) }
        case .struckOff:
            em.begin(.struckOff, today); memberField(m)
            line.raw(",\"reason\":\""); line.raw(reason); line.byte(34)
            readmitPool.append((Int32(m), Int32(today)))
        case .resigned:
            em.begin(.resigned, today); memberField(m)
            readmitPool.append((Int32(m), Int32(today)))
        case .expelled:
            em.begin(.expelled, today); memberField(m)
            line.raw(",\"decision\":\"")
            line.int(1 + rng.pointee.below(400))
            line.raw("-QĐ/UBKT\"")
            readmitPool.append((Int32(m), Int32(today)))
        case .none:
            fatalError("remove without a removal")
        }
        line.byte(125)
        if lateChance > 0 && rng.pointee.chance(lateChance) {
            em.commit(releaseOn: today + 10 + rng.pointee.below(80))
        } else {
            em.commit()
        }
    }

    func countNow() -> CheckCounts {
        var c = CheckCounts()
        for i in 0..<current.count {
            let m = Int(current[i])
            c.total += 1
            if mState[m] == .full { c.full += 1 } else { c.probationary += 1 }
            if mFlags[m] & Flag.exempted != 0 { c.exempted += 1 }
            c.education[Int(mEducation[m])] += 1
            c.theory[Int(mTheory[m])] += 1
        }
        return c
    }
}
