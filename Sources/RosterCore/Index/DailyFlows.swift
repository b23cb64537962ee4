/// The whole ledger's arrivals and departures by effective day, as running
/// totals: the flows of any period (D1, D2] for the whole ledger are two
/// lookups, and form 1 of a whole country needs no replay. (A scope's flows
/// depend on the tree on each day, and are replayed.)
public struct DailyFlows: Sendable, Equatable {
    /// The keys counted, in column order.
    public static let keys = ["registered", "admitted", "readmitted", "transferredIn",
                              "died", "expelled", "struckOff", "struckOffProbationary", "resigned", "transferredOut"]
    static let arrivals = 0..<4
    /// The day of row 1; row 0 is "before any day".
    public var firstDay: Int32
    /// Row i (0 … days): the totals of the events effective before `firstDay + i`, `keys.count` each.
    public var totals: [Int32]

    public init(firstDay: Int32, totals: [Int32]) {
        self.firstDay = firstDay
        self.totals = totals
    }

    var days: Int { totals.count / Self.keys.count - 1 }

    /// The totals of the events effective on or before `day`.
    public func through(_ day: Day) -> [Int] {
        let k = Self.keys.count
        let row = max(0, min(days, Int(day.number) - Int(firstDay) + 1))
        return (0..<k).map { Int(totals[row * k + $0]) }
    }

    /// Members at the end of `day`: arrivals less departures (without the
    /// probationary share of the struck off, already in `struckOff`).
    public func members(through day: Day) -> Int {
        let t = through(day)
        var n = 0
        for (i, key) in Self.keys.enumerated() where key != "struckOffProbationary" {
            n += Self.arrivals.contains(i) ? t[i] : -t[i]
        }
        return n
    }

    /// The column of the key of `type` (nil for events that are not flows of the whole ledger).
    static func column(_ type: EventType) -> Int? {
        switch type {
        case .memberRegistered: return 0
        case .memberAdmitted: return 1
        case .memberReadmitted: return 2
        case .memberTransferredIn: return 3
        case .memberDied: return 4
        case .memberExpelled: return 5
        case .memberStruckOff: return 6
        case .memberResigned: return 8
        case .memberTransferredOut: return 9
        default: return nil
        }
    }

    /// Counts, fed with the facts of a replay in timeline order.
    struct Builder {
        var events: [(day: Int32, column: Int)] = []

        mutating func observe(_ f: Fact, _ state: LedgerState) {
            guard let c = DailyFlows.column(f.type) else { return }
            events.append((f.effective, c))
            if f.type == .memberStruckOff && state.members[Int(f.subject)].status == LedgerState.probationary {
                events.append((f.effective, 7))
            }
        }

        func build() -> DailyFlows {
            let k = DailyFlows.keys.count
            guard let first = events.map(\.day).min(), let last = events.map(\.day).max() else {
                return DailyFlows(firstDay: 0, totals: [Int32](repeating: 0, count: k))
            }
            let days = Int(last - first) + 1
            var totals = [Int32](repeating: 0, count: (days + 1) * k)
            for e in events { totals[(Int(e.day - first) + 1) * k + e.column] += 1 }
            for row in 1...days { for c in 0..<k { totals[row * k + c] += totals[(row - 1) * k + c] } }
            return DailyFlows(firstDay: first, totals: totals)
        }
    }
}

extension Form1Report {
    /// Form 1 of the whole ledger from the daily totals.
    static func column(_ flows: DailyFlows, from: Day, to: Day) -> [(key: String, count: Int)] {
        let a = flows.through(from), b = flows.through(to)
        func n(_ key: String) -> Int { let i = DailyFlows.keys.firstIndex(of: key)!; return b[i] - a[i] }
        var rows: [(key: String, count: Int)] = [("start", flows.members(through: from))]
        let increase = increaseKeys.filter { $0 != "movedIn" }.map(n).reduce(0, +)
        rows.append(("increase", increase))
        rows += increaseKeys.map { ($0, $0 == "movedIn" ? 0 : n($0)) }
        let decrease = decreaseKeys.filter { $0 != "movedOut" && $0 != "struckOffProbationary" }.map(n).reduce(0, +)
        rows.append(("decrease", decrease))
        rows += decreaseKeys.map { ($0, $0 == "movedOut" ? 0 : n($0)) }
        rows.append(("end", flows.members(through: to)))
        return rows
    }
}
