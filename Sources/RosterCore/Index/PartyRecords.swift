/// What party age and badge rounds need beyond a member's state on a day
/// (docs/REPORTS.md, "Party age and badge rounds"): per member its admission
/// date, the days it spent out of the party, and the dated records a badge
/// round reads — the gaps themselves, the badges awarded, the disciplines
/// that hold a badge back.
///
/// `PartyTracker` follows a replay (facts in timeline order, retracted ones
/// already gone) and keeps, per member, the values a member span or a member
/// row carries: admission date, gap days so far, current name. At the end it
/// hands the dated records over grouped by member (`PartyRecords`).

/// One dated fact about a member's party age: a gap `[day, value)`, a badge
/// `value` awarded on `day`, or a discipline (penalty index `value`) on `day`.
public struct PartyRecord: Sendable, Equatable {
    public var member: Int32
    public var day: Int32
    public var value: Int32
    public var kind: Int32

    public static let gap: Int32 = 0
    public static let award: Int32 = 1
    public static let hold: Int32 = 2
}

/// The records of every member, grouped by member, in timeline order within
/// a member: `records[offsets[m] ..< offsets[m + 1]]`.
public struct PartyRecords: Sendable {
    public var offsets: [Int32]
    public var records: [PartyRecord]

    public init(offsets: [Int32], records: [PartyRecord]) {
        self.offsets = offsets
        self.records = records
    }

    /// Groups `records` (in timeline order) by member with a stable counting sort.
    init(grouping records: [PartyRecord], members: Int) {
        var offsets = [Int32](repeating: 0, count: members + 1)
        for r in records { offsets[Int(r.member) + 1] += 1 }
        for i in 0..<members { offsets[i + 1] += offsets[i] }
        var next = offsets
        var sorted = [PartyRecord](repeating: PartyRecord(member: 0, day: 0, value: 0, kind: 0), count: records.count)
        for r in records {
            sorted[Int(next[Int(r.member)])] = r
            next[Int(r.member)] += 1
        }
        self.offsets = offsets
        self.records = sorted
    }

    public func records(of member: Int32) -> ArraySlice<PartyRecord> {
        let m = Int(member)
        guard m + 1 < offsets.count else { return [] }
        return records[Int(offsets[m])..<Int(offsets[m + 1])]
    }
}

/// Follows a replay and keeps, per member, what a member span or row
/// carries beyond the state. The admission date and the gaps are the
/// state's own (`MemberState.admitted`, `LedgerState.gaps`, kept by the
/// rules for `member.awarded`): the tracker only reads them after each fact.
public struct PartyTracker: Sendable {
    /// Admission date per member (day number), `PartyAge.unknown` when unknown.
    public private(set) var admitted: [Int32] = []
    /// Days spent out of the party in closed gaps so far.
    public private(set) var gapDays: [Int32] = []
    /// The current name (a `names.people` index), -1 none.
    public private(set) var name: [Int32] = []
    /// How many of the member's gaps are already logged.
    private var gapsSeen: [Int32] = []
    private var log: [PartyRecord] = []

    public init() {}

    mutating func grow(_ count: Int) {
        guard admitted.count < count else { return }
        let n = count - admitted.count
        admitted.append(contentsOf: repeatElement(PartyAge.unknown, count: n))
        gapDays.append(contentsOf: repeatElement(0, count: n))
        name.append(contentsOf: repeatElement(-1, count: n))
        gapsSeen.append(contentsOf: repeatElement(0, count: n))
    }

    /// Observes a fact the replay has just applied to `state`.
    public mutating func observe(_ f: Fact, _ table: FactTable, _ state: LedgerState) {
        guard f.type.isMemberEvent else { return }
        let m = Int(f.subject)
        if m >= admitted.count { grow(table.names.members.count) }
        admitted[m] = state.members[m].admitted
        switch f.type {
        case .memberAdmitted, .memberRegistered, .memberTransferredIn:
            name[m] = table.attributeNames[Int(f.extra)]
        case .memberUpdated:
            let n = table.updateNames.indices.contains(Int(f.extra)) ? table.updateNames[Int(f.extra)] : -1
            if n >= 0 { name[m] = n }
        case .memberDisciplined:
            log.append(PartyRecord(member: f.subject, day: f.effective, value: Int32(f.code), kind: PartyRecord.hold))
        case .memberAwarded:
            log.append(PartyRecord(member: f.subject, day: f.effective, value: f.extra, kind: PartyRecord.award))
        default:
            break
        }
        if f.type == .memberReadmitted || f.type == .memberTransferredIn, let flat = state.gaps[f.subject],
           flat.count / 2 > Int(gapsSeen[m]) {
            for k in Int(gapsSeen[m])..<(flat.count / 2) {
                let (g0, g1) = (flat[2 * k], flat[2 * k + 1])
                gapDays[m] += g1 - g0
                log.append(PartyRecord(member: f.subject, day: g0, value: g1, kind: PartyRecord.gap))
            }
            gapsSeen[m] = Int32(flat.count / 2)
        }
    }

    /// The dated records, grouped by member.
    public func records(members: Int) -> PartyRecords {
        PartyRecords(grouping: log, members: max(members, admitted.count))
    }
}

/// What the reports add to the party-age arithmetic: the age on a day in
/// O(1) from a member span, the admission periods of form 3, the rounds.
extension PartyAge {
    /// An unknown date.
    public static let unknown = Int32.min

    public static var badges: [Int] { Badge.years }

    /// Whole years of party age on `day` for a member current on `day` whose
    /// closed gaps before it add up to `gapDays`; nil without an admission
    /// date or before it. The same as `years(on:)` with the gaps themselves:
    /// for a current member every gap before `day` is closed, and
    /// "reach(N) ≤ day" is "admission + N years ≤ day − gap days" (the gaps
    /// that begin after reach(N) fit between it and `day`). Tested against
    /// `years(on:)`.
    public static func years(admitted: Int32, gapDays: Int32, on day: Day) -> Int? {
        guard admitted != unknown, admitted <= day.number else { return nil }
        let start = Day(number: admitted)
        let limit = Day(number: day.number - gapDays)
        guard start <= limit else { return 0 }
        var n = max(0, limit.year - start.year)
        while n > 0 && start.adding(months: 12 * n) > limit { n -= 1 }
        return n
    }

    /// Form 3's admission periods, and `unknown`.
    public static let periodLabels = ["before-1945-08-19", "1945-08-19..1954-07-20", "1954-07-21..1975-04-30",
                                      "from-1975-05-01", "unknown"]
    static let periodStarts: [Int32] = [Day(iso: "1945-08-19")!.number, Day(iso: "1954-07-21")!.number,
                                        Day(iso: "1975-05-01")!.number]

    /// The index of the admission period in `periodLabels`.
    public static func period(admitted: Int32) -> Int {
        guard admitted != unknown else { return 4 }
        var i = 0
        while i < periodStarts.count && admitted >= periodStarts[i] { i += 1 }
        return i
    }

    /// The four round days (month, day).
    public static let roundDays: [(month: Int, day: Int)] = [(2, 3), (5, 19), (9, 2), (11, 7)]

    /// The round before `round`, or nil when `round` is not a round day.
    public static func previousRound(_ round: Day) -> Day? {
        let c = round.components
        guard let i = roundDays.firstIndex(where: { $0.month == c.month && $0.day == c.day }) else { return nil }
        if i == 0 { return Day(year: c.year - 1, month: 11, day: 7) }
        return Day(year: c.year, month: roundDays[i - 1].month, day: roundDays[i - 1].day)
    }

    /// Months a discipline holds a badge: reprimand 6, warning 9, dismissal 12 (by `Penalty` index).
    public static func holdMonths(penalty: Int32) -> Int {
        let p = Penalty.allCases[Int(penalty)]
        switch p {
        case .reprimand: return 6
        case .warning: return 9
        case .dismissal: return 12
        }
    }
}
