import RosterCore

/// A random valid history: units, admissions, late confirmations, transfers,
/// removals of every kind, readmissions, exemptions, updates, unit moves,
/// mergers, dissolutions, ratings and a retraction with its correction —
/// as JSON lines in log order with increasing `recorded` times. It simulates
/// the rules itself, so every prefix of the lines is a valid ledger.
/// Shared by the test targets.
public struct RandomHistory {
    var lines: [String] = []
    var rng: SplitMix64
    var seconds: Int64 = 1_600_000_000
    var nextID = 0

    struct Member { var cell: String; var full: Bool; var since: Day; var exempt: Bool; var frozen: Bool }
    var members: [String: Member] = [:]
    var former: [String: Day] = [:]
    var readmitted: Set<String> = []
    var cells: [String] = []
    var committees: [String] = []
    var grassroots: [String] = []     // grassroots-committees (hold cells)
    var parentOf: [String: String] = [:]
    var delayed: [(due: Int, line: String)] = []
    /// Party age as the generator knows it (for `member.awarded`).
    var partyAdmitted: [String: Day] = [:]
    var partyGaps: [String: [PartyAge.Gap]] = [:]
    var partyLeft: [String: Day] = [:]
    var badgesHeld: [String: Set<Int>] = [:]

    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func emit(_ type: String, _ day: Day, _ fields: String, delayBy: Int = 0) {
        nextID += 1
        let line = #"{"id":"r\#(nextID)","type":"\#(type)","effective":"\#(day)",\#(fields)"#
        if delayBy > 0 {
            delayed.append((lines.count + delayBy, line))
        } else {
            push(line)
        }
    }

    mutating func push(_ line: String) {
        seconds += 1
        lines.append(line + #","recorded":"\#(Timestamp(seconds: seconds).text)"}"#)
        while let i = delayed.firstIndex(where: { $0.due <= lines.count }) {
            let l = delayed.remove(at: i).line
            seconds += 1
            lines.append(l + #","recorded":"\#(Timestamp(seconds: seconds).text)"}"#)
        }
    }

    static let categories = ["commune", "school", "press", "police", "administration"]

    public mutating func generate(days: Int = 3000, perDay: Double = 0.35) -> [String] {
        var day = Day(iso: "2008-01-01")!
        emit("unit.established", day, #""unit":"P","name":"Tỉnh","kind":"committee""#)
        for c in 0..<3 {
            let id = "D\(c)"
            committees.append(id)
            emit("unit.established", day, #""unit":"\#(id)","name":"Huyện \#(c)","kind":"committee","parent":"P""#)
            for g in 0..<2 {
                let gid = "\(id)G\(g)"
                grassroots.append(gid)
                parentOf[gid] = id
                emit("unit.established", day, #""unit":"\#(gid)","name":"Đảng bộ \#(gid)","kind":"grassroots-committee","parent":"\#(id)","category":"\#(Self.categories.randomElement(using: &rng)!)""#)
                for k in 0..<2 {
                    let cid = "\(gid)C\(k)"
                    cells.append(cid)
                    parentOf[cid] = gid
                    emit("unit.established", day, #""unit":"\#(cid)","name":"Chi bộ \#(k)","kind":"cell","parent":"\#(gid)""#)
                }
            }
            let gc = "\(id)GC"
            cells.append(gc)
            parentOf[gc] = id
            emit("unit.established", day, #""unit":"\#(gc)","name":"Chi bộ cơ sở","kind":"grassroots-cell","parent":"\#(id)""#)
        }
        for i in 0..<40 {
            let cell = cells.randomElement(using: &rng)!
            let full = i % 5 != 0
            emit("member.registered", day, #""member":"M\#(i)","unit":"\#(cell)","status":"\#(full ? "full" : "probationary")","person":\#(person(day)),"education":"\#(Education.allCases.randomElement(using: &rng)!.rawValue)""# + admittedLongAgo(day, full: full, member: "M\(i)"))
            members["M\(i)"] = Member(cell: cell, full: full, since: day, exempt: false, frozen: false)
        }
        var memberCount = 40
        var retractionDone = false
        for _ in 0..<days {
            day = day.adding(days: 1)
            guard Double.random(in: 0..<1, using: &rng) < perDay else { continue }
            let active = members.filter { !$0.value.frozen }.keys.sorted()
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<25:
                let id = "M\(memberCount)"; memberCount += 1
                let cell = cells.randomElement(using: &rng)!
                emit("member.admitted", day, #""member":"\#(id)","unit":"\#(cell)","person":\#(person(day)),"theory":"\#(Theory.allCases.randomElement(using: &rng)!.rawValue)""#)
                members[id] = Member(cell: cell, full: false, since: day, exempt: false, frozen: false)
                partyAdmitted[id] = day
                if !retractionDone && memberCount > 60 {
                    // A wrong admission, retracted and corrected in the same stretch.
                    let wrongID = "r\(nextID)"
                    emit("event.retracted", day, #""target":"\#(wrongID)","reason":"wrong cell""#)
                    let other = cells.filter { $0 != cell }.randomElement(using: &rng)!
                    emit("member.admitted", day, #""member":"\#(id)","unit":"\#(other)","person":\#(person(day))"#)
                    members[id]!.cell = other
                    retractionDone = true
                }
            case 25..<40:
                // Confirm a probationer; sometimes recorded late (and then left alone).
                if let m = active.first(where: { !members[$0]!.full && members[$0]!.since.adding(months: 12) <= day }) {
                    let late = Bool.random(using: &rng)
                    emit("member.confirmed", day, #""member":"\#(m)""#, delayBy: late ? Int.random(in: 1...15, using: &rng) : 0)
                    members[m]!.full = true
                    if late { members[m]!.frozen = true }
                }
            case 40..<60:
                if let m = active.randomElement(using: &rng) {
                    let to = cells.filter { $0 != members[m]!.cell }.randomElement(using: &rng)!
                    emit("member.transferred", day, #""member":"\#(m)","unit":"\#(to)""#)
                    members[m]!.cell = to
                }
            case 60..<72:
                if let m = active.randomElement(using: &rng) {
                    let kinds = members[m]!.full ? ["member.expelled", "member.resigned", "member.died", "member.transferred-out", "member.struck-off"]
                                                 : ["member.resigned", "member.died", "member.transferred-out", "member.struck-off"]
                    let kind = kinds.randomElement(using: &rng)!
                    let extra = kind == "member.struck-off" ? #","reason":"\#(StrikeOffReason.allCases.randomElement(using: &rng)!.rawValue)""# : ""
                    emit(kind, day, #""member":"\#(m)""# + extra)
                    members[m] = nil
                    if ["member.expelled", "member.struck-off", "member.resigned"].contains(kind) { partyLeft[m] = day }
                    if kind != "member.died" { former[m] = day }
                }
            case 72..<76:
                if let (m, left) = former.sorted(by: { $0.key < $1.key }).first(where: { !readmitted.contains($0.key) && $0.value.adding(months: 36) <= day }) {
                    let cell = cells.randomElement(using: &rng)!
                    if Bool.random(using: &rng) {
                        emit("member.readmitted", day, #""member":"\#(m)","unit":"\#(cell)""#)
                        readmitted.insert(m)
                        members[m] = Member(cell: cell, full: false, since: day, exempt: false, frozen: false)
                    } else {
                        emit("member.transferred-in", day, #""member":"\#(m)","unit":"\#(cell)","status":"full","person":\#(person(day))"# + admittedLongAgo(day, full: true, member: m))
                        members[m] = Member(cell: cell, full: true, since: day, exempt: false, frozen: false)
                    }
                    former[m] = nil
                    if let l = partyLeft[m] { partyGaps[m, default: []].append(PartyAge.Gap(from: l, to: day)); partyLeft[m] = nil }
                    _ = left
                }
            case 76..<82:
                if let m = active.randomElement(using: &rng) {
                    if members[m]!.exempt {
                        emit("member.exemption-ended", day, #""member":"\#(m)""#)
                    } else {
                        emit("member.exempted", day, #""member":"\#(m)""#)
                    }
                    members[m]!.exempt.toggle()
                }
            case 82..<88:
                if let m = active.randomElement(using: &rng) {
                    emit("member.updated", day, #""member":"\#(m)","education":"\#(Education.allCases.randomElement(using: &rng)!.rawValue)""#)
                }
            case 88..<92:
                // A grassroots organisation moves to another committee.
                let g = grassroots.randomElement(using: &rng)!
                let to = committees.filter { $0 != parentOf[g] }.randomElement(using: &rng)!
                emit("unit.moved", day, #""unit":"\#(g)","parent":"\#(to)""#)
                parentOf[g] = to
            case 92..<94:
                // Two cells of one grassroots committee merge.
                let pairs = cells.filter { parentOf[$0].map { grassroots.contains($0) } ?? false }
                if let a = pairs.randomElement(using: &rng),
                   let b = pairs.filter({ $0 != a && parentOf[$0] == parentOf[a] }).first {
                    emit("unit.merged", day, #""units":["\#(a)"],"into":"\#(b)""#)
                    for (k, v) in members where v.cell == a { members[k]!.cell = b }
                    cells.removeAll { $0 == a }
                }
            case 95..<96:
                award(day, active)
            case 94..<95:
                // A new cell, sometimes dissolved again while empty.
                let g = grassroots.randomElement(using: &rng)!
                let id = "N\(nextID)"
                emit("unit.established", day, #""unit":"\#(id)","name":"Chi bộ mới","kind":"cell","parent":"\#(g)""#)
                if Bool.random(using: &rng) {
                    emit("unit.dissolved", day.adding(days: 1), #""unit":"\#(id)""#)
                } else {
                    cells.append(id)
                    parentOf[id] = g
                }
            case 96..<98:
                // A discipline (holds a badge back); dismissal only for full members.
                if let m = active.randomElement(using: &rng) {
                    let penalties = members[m]!.full ? ["reprimand", "warning", "dismissal"] : ["reprimand", "warning"]
                    emit("member.disciplined", day, #""member":"\#(m)","penalty":"\#(penalties.randomElement(using: &rng)!)""#)
                }
            default:
                let year = day.year
                if let m = active.randomElement(using: &rng) {
                    emit("member.rated", day, #""member":"\#(m)","year":\#(year),"rating":"\#(MemberRating.allCases.randomElement(using: &rng)!.rawValue)""#)
                }
                emit("unit.rated", day, #""unit":"\#(grassroots.randomElement(using: &rng)!)","year":\#(year),"rating":"\#(UnitRating.allCases.randomElement(using: &rng)!.rawValue)""#)
                award(day, active)
            }
        }
        for d in delayed.sorted(by: { $0.due < $1.due }) {
            seconds += 1
            lines.append(d.line + #","recorded":"\#(Timestamp(seconds: seconds).text)"}"#)
        }
        delayed = []
        return lines
    }

    /// A party badge for a member with a known admission date: the highest
    /// one it may get on `day` (from 24 months before reaching it), not yet held.
    mutating func award(_ day: Day, _ active: [String]) {
        func badge(_ m: String) -> Int? {
            guard let a = partyAdmitted[m] else { return nil }
            let age = PartyAge(admitted: a, gaps: partyGaps[m] ?? [])
            return Badge.years.last(where: { !(badgesHeld[m] ?? []).contains($0) && age.earliestAward($0)! <= day })
        }
        guard let m = active.filter({ badge($0) != nil }).randomElement(using: &rng), let b = badge(m) else { return }
        emit("member.awarded", day, #""member":"\#(m)","badge":\#(b)"#)
        badgesHeld[m, default: []].insert(b)
    }

    /// `,"admitted":"…"`: an admission decades back, so that party ages,
    /// badge rounds and form 3's admission periods have something to count;
    /// sometimes none (an unknown admission date). Probationers' admissions
    /// are recent (probation runs from it).
    mutating func admittedLongAgo(_ day: Day, full: Bool, member: String) -> String {
        guard Int.random(in: 0..<10, using: &rng) < 8 else { return "" }
        let months = full ? Int.random(in: 13...(12 * 72), using: &rng) : Int.random(in: 0...6, using: &rng)
        partyAdmitted[member] = day.adding(months: -months)
        return #","admitted":"\#(day.adding(months: -months))""#
    }

    mutating func person(_ day: Day) -> String {
        let birth = day.adding(months: -12 * Int.random(in: 22...55, using: &rng) - Int.random(in: 0...11, using: &rng))
        let gender = Bool.random(using: &rng) ? "male" : "female"
        let eth = ["Kinh", "Tày", "Mường"].randomElement(using: &rng)!
        let religion = ["", #","religion":"none""#, #","religion":"Công giáo""#].randomElement(using: &rng)!
        return #"{"name":"Người \#(nextID)","birthDate":"\#(birth)","gender":"\#(gender)","ethnicity":"\#(eth)"\#(religion)}"#
    }
}
