/// The numbers of every report (docs/REPORTS.md), as values. Computing them is a pure
/// function of a timeline and a query; rendering them is RosterReports' job.

/// The ledger head a report was computed from.
public struct LedgerHead: Equatable, Sendable {
    public var seq: Int64
    public var hash: Digest32
    public init(seq: Int64, hash: Digest32) { self.seq = seq; self.hash = hash }
}

/// Keys and counts in the order a report prints them.
public struct Tally: Equatable, Sendable {
    public var entries: [(key: String, count: Int)]
    public init(_ entries: [(key: String, count: Int)]) { self.entries = entries }
    public subscript(key: String) -> Int { entries.first { $0.key == key }?.count ?? 0 }
    public var total: Int { entries.reduce(0) { $0 + $1.count } }
    public static func == (a: Tally, b: Tally) -> Bool {
        a.entries.map(\.key) == b.entries.map(\.key) && a.entries.map(\.count) == b.entries.map(\.count)
    }
}

/// Where the numbers come from: the ledger head and the knowledge time.
public struct Provenance: Equatable, Sendable {
    public var ledger: LedgerHead
    /// `--known-at` as given, or nil for "as known now".
    public var knownAt: String?
    /// The scope unit's name on the report's date, for headings a person
    /// reads ("Đảng bộ phường Bắc Sơn (G01)"); never in JSON, whose `unit`
    /// is the id.
    public var unitName: String? = nil
    public init(ledger: LedgerHead, knownAt: String?, unitName: String? = nil) {
        self.ledger = ledger
        self.knownAt = knownAt
        self.unitName = unitName
    }
}

/// Upper bounds of the age bands: `18-30`, `31-35`, …, `61+` by default.
public struct AgeBands: Equatable, Sendable {
    public var upperBounds: [Int]
    public static let standard = AgeBands(upperBounds: [30, 35, 40, 45, 50, 55, 60])!

    public init?(upperBounds: [Int]) {
        guard !upperBounds.isEmpty, upperBounds.first! >= 18,
              zip(upperBounds, upperBounds.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.upperBounds = upperBounds
    }

    public var labels: [String] {
        var labels: [String] = []
        var low = 18
        for b in upperBounds {
            labels.append("\(low)-\(b)")
            low = b + 1
        }
        labels.append("\(low)+")
        return labels
    }

    public func band(forAge age: Int) -> Int {
        for (i, b) in upperBounds.enumerated() where age <= b { return i }
        return upperBounds.count
    }
}

public struct SnapshotReport: Equatable, Sendable {
    public var at: Day
    public var unit: String?
    public var provenance: Provenance
    public var total = 0, full = 0, probationary = 0, exempted = 0
    public var byAge: Tally
    public var byEducation: Tally
    public var byTheory: Tally
    public var byGender: Tally
    public var byEthnicity: Tally
    public var byReligion: Tally
    public var byCategory: Tally
    public var grassroots = 0
    public var unitsByKind: Tally
    public var grassrootsByCategory: Tally
}

public struct FlowsReport: Equatable, Sendable {
    public var from: Day, to: Day
    public var unit: String?
    public var provenance: Provenance
    public var start = 0, end = 0
    public var inflow: Tally      // registered, admitted, readmitted, transferredIn, movedIn
    public var outflow: Tally     // expelled, struckOff, resigned, died, transferredOut, movedOut
    public var struckOffByReason: Tally
    public var confirmed = 0, disciplined = 0
    public var units: Tally       // established, dissolved, merged, movedIn, movedOut, reclassified
    /// Of `struckOff`, those who were probationary when struck off (form 1).
    public var struckOffProbationary = 0

    /// start + in − out = end.
    public var balances: Bool { start + inflow.total - outflow.total == end }
}

public struct CompareReport: Equatable, Sendable {
    public var from: SnapshotReport
    public var to: SnapshotReport
    public var flows: FlowsReport
}

public struct RatingsReport: Equatable, Sendable {
    public var year: Int
    public var unit: String?
    public var provenance: Provenance
    public var unitsRated = 0
    public var unitsByRating: Tally
    public var membersRated = 0
    public var membersByRating: Tally
    /// The shares of the grassroots organisations and of the members eligible on 31 December.
    public var unitShares = RatingShares()
    public var memberShares = RatingShares()
}

/// A query that cannot be answered (exit 1): an unknown or inactive scope unit, …
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
