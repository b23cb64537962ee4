/// The timeline's moves, persisted so that flows, series, ratings and
/// `--known-at` reports read only the window they ask about instead of
/// replaying every fact since 1990 (docs/ARCHITECTURE.md, "Reading fast").
///
/// Built by the replay that builds the snapshot index, in timeline order
/// (effective, then seq):
///
/// - `records`: one per member event that moves a member or that flows
///   count (arrivals, departures, transfers, confirmations, disciplines),
///   with the member's cell (as joined) and status before and after it;
/// - `unitFacts`: the facts that change the unit tree or the places (which
///   the tree's rules read), with `unitPositions`, the number of records
///   before each;
/// - checkpoints every `interval` records: the direct members of every unit
///   and the probationary members per cell as joined, so that a walk starts
///   at most `interval` records before the window;
/// - `ratings`: the rating facts sorted by year (then timeline order), with
///   the member's cell when rated and the number of unit facts before each;
/// - `blockMinimum`: per 1,024 seqs, the earliest day the facts recorded
///   there touch (their effective day; a retraction's target's) and whether
///   a retraction is among them (two `Int32` per block), so that a
///   `--known-at` report can tell whether the events recorded after its
///   prefix touch the dates it reads.
public struct FlowIndex {
    public let records: MappedArray<FlowRecord>
    public let unitFacts: [Fact]
    public let unitPositions: [Int32]
    /// Flat: per checkpoint `k` (records `k * interval`), the record
    /// position, the unit-fact position, then `unitCount` direct member
    /// counts and `unitCount` probationary counts.
    public let checkpoints: MappedArray<Int32>
    public let interval: Int
    public let unitCount: Int
    public let ratings: MappedArray<RatingRecord>
    public let blockMinimum: [Int32]
    /// The unit tree's side tables the rules read: unit names (messages),
    /// the merge lists; places only by count.
    public let table: FactTable

    public static let seqBlock: Int64 = 1024

    public init(records: MappedArray<FlowRecord>, unitFacts: [Fact], unitPositions: [Int32], checkpoints: MappedArray<Int32>,
                interval: Int, unitCount: Int, ratings: MappedArray<RatingRecord>, blockMinimum: [Int32], table: FactTable) {
        self.records = records
        self.unitFacts = unitFacts
        self.unitPositions = unitPositions
        self.checkpoints = checkpoints
        self.interval = interval
        self.unitCount = unitCount
        self.ratings = ratings
        self.blockMinimum = blockMinimum
        self.table = table
    }

    /// The record types: the member events whose before and after the
    /// reports read.
    public static func isRecorded(_ type: EventType) -> Bool {
        switch type {
        case .memberRegistered, .memberAdmitted, .memberReadmitted, .memberTransferredIn, .memberTransferred,
             .memberTransferredOut, .memberExpelled, .memberStruckOff, .memberResigned, .memberDied,
             .memberConfirmed, .memberDisciplined:
            return true
        default:
            return false
        }
    }

    /// The facts the unit tree's replay needs.
    public static func isUnitFact(_ type: EventType) -> Bool {
        switch type {
        case .unitEstablished, .unitReclassified, .unitMoved, .unitMerged, .unitDissolved, .placeRegistered, .placeClosed:
            return true
        default:
            return false
        }
    }

    static let types = EventType.allCases

    /// What was recorded after the first `limit` of `seqs` facts: the
    /// earliest day it touches (an event's effective day; for a retraction,
    /// the retracted event's) and whether a retraction is among it
    /// (`Int32.max` and false when nothing was). `facts(range)` gives that
    /// day and whether it is a retraction for facts by 0-based index, for
    /// the block `limit` falls in. Nil when a block fails its check.
    public func recordedAfter(limit: Int64, seqs: Int64, facts: (Range<Int>) -> [(day: Int32, retraction: Bool)]?) -> (earliest: Int32, retraction: Bool)? {
        guard limit < seqs else { return (Int32.max, false) }
        var lowest = Int32.max, retraction = false
        let firstBlock = Int(limit / FlowIndex.seqBlock)
        let blockEnd = min(seqs, Int64(firstBlock + 1) * FlowIndex.seqBlock)
        guard let partial = facts(Int(limit)..<Int(blockEnd)) else { return nil }
        for f in partial {
            lowest = min(lowest, f.day)
            retraction = retraction || f.retraction
        }
        guard blockMinimum.count == 2 * Int((seqs + FlowIndex.seqBlock - 1) / FlowIndex.seqBlock) else { return nil }
        var b = firstBlock + 1
        while 2 * b < blockMinimum.count {
            lowest = min(lowest, blockMinimum[2 * b])
            retraction = retraction || blockMinimum[2 * b + 1] != 0
            b += 1
        }
        return (lowest, retraction)
    }

    /// The day a fact touches for `recordedAfter`: its effective day, or
    /// for a retraction the retracted event's.
    public static func touchedDay(_ f: Fact, retracted: (Int64) -> Fact?) -> Int32? {
        guard f.type == .eventRetracted else { return f.effective }
        return retracted(f.retractedSeq)?.effective
    }

    /// The seq of the fact that established `unit` (nil when none did).
    public func establishedSeq(_ unit: Int32) -> Int64? {
        unitFacts.first { $0.type == .unitEstablished && $0.subject == unit }?.seq
    }

    // MARK: Building

    /// Fed with the facts of the replay that builds the snapshot index.
    struct Builder {
        var records: [FlowRecord] = []
        var unitFacts: [Fact] = []
        var unitPositions: [Int32] = []
        var ratings: [RatingRecord] = []
        var checkpoints: [Int32] = []
        var probationary: [Int32]
        var blockMinimum: [Int32] = []
        let interval: Int
        let unitCount: Int
        var pending: (cell: Int32, status: Int8) = (-1, 0)

        init(units: Int, facts: Int) {
            unitCount = units
            probationary = [Int32](repeating: 0, count: units)
            interval = max(256, min(1 << 20, facts / 16))
        }

        mutating func before(_ f: Fact, _ st: LedgerState) {
            if FlowIndex.isRecorded(f.type) {
                if !records.isEmpty && records.count % interval == 0 {
                    checkpoints.append(Int32(records.count))
                    checkpoints.append(Int32(unitFacts.count))
                    for u in 0..<unitCount { checkpoints.append(u < st.units.count ? st.units[u].members : 0) }
                    checkpoints += probationary
                }
                let m = st.members[Int(f.subject)]
                pending = (m.cell, m.status)
            } else if FlowIndex.isUnitFact(f.type) {
                unitFacts.append(f)
                unitPositions.append(Int32(records.count))
            } else if f.type == .unitRated || f.type == .memberRated {
                let member = f.type == .memberRated
                ratings.append(RatingRecord(day: f.effective, year: f.extra, subject: f.subject,
                                            cell: member ? st.members[Int(f.subject)].cell : -1,
                                            unitFacts: Int32(unitFacts.count), member: member ? 1 : 0, code: f.code))
            }
        }

        mutating func after(_ f: Fact, _ st: LedgerState) {
            guard FlowIndex.isRecorded(f.type) else { return }
            let m = st.members[Int(f.subject)]
            records.append(FlowRecord(day: f.effective, cellBefore: pending.cell, cellAfter: m.cell,
                                      type: UInt8(FlowIndex.types.firstIndex(of: f.type)!), code: f.code,
                                      statusBefore: pending.status, statusAfter: m.status))
            if pending.cell >= 0 && pending.status == LedgerState.probationary { probationary[Int(pending.cell)] -= 1 }
            if m.cell >= 0 && m.status == LedgerState.probationary { probationary[Int(m.cell)] += 1 }
        }

        func build(_ table: FactTable) -> FlowIndex {
            // Per block of seqs: the earliest day touched, and whether a retraction is there.
            var lows = [Int32](repeating: 0, count: 2 * ((table.facts.count + Int(FlowIndex.seqBlock) - 1) / Int(FlowIndex.seqBlock)))
            for b in 0..<(lows.count / 2) { lows[2 * b] = Int32.max }
            let facts = table.facts
            for (i, f) in facts.enumerated() {
                let b = i / Int(FlowIndex.seqBlock)
                let day = FlowIndex.touchedDay(f) { s in s >= 1 && s <= Int64(facts.count) ? facts[Int(s - 1)] : nil } ?? Int32.min
                lows[2 * b] = min(lows[2 * b], day)
                if f.type == .eventRetracted { lows[2 * b + 1] = 1 }
            }
            // Stable: within a year, timeline order.
            let sorted = ratings.enumerated().sorted { ($0.element.year, $0.offset) < ($1.element.year, $1.offset) }.map(\.element)
            var side = FactTable()
            side.mergeLists = table.mergeLists
            side.names.units = table.names.units
            side.names.places = Interner(placeholderCount: table.names.places.count)
            return FlowIndex(records: MappedArray(records), unitFacts: unitFacts, unitPositions: unitPositions,
                             checkpoints: MappedArray(checkpoints), interval: interval, unitCount: unitCount,
                             ratings: MappedArray(sorted), blockMinimum: lows, table: side)
        }
    }
}

/// One member event of the timeline as the flow reports read it: 16 bytes,
/// stored as is in the cache.
public struct FlowRecord: Sendable, Equatable {
    public var day: Int32
    /// The cell as joined before and after the event (-1: not a current member).
    public var cellBefore: Int32
    public var cellAfter: Int32
    /// `EventType.allCases` index.
    public var type: UInt8
    /// The fact's code (the reason of a strike-off).
    public var code: Int8
    public var statusBefore: Int8
    public var statusAfter: Int8

    public var eventType: EventType { FlowIndex.types[Int(type)] }
}

/// One rating fact: 24 bytes, stored as is in the cache.
public struct RatingRecord: Sendable, Equatable {
    public var day: Int32
    public var year: Int32
    public var subject: Int32
    /// A member's cell as joined when rated (-1: not current); -1 for units.
    public var cell: Int32
    /// The unit facts before it in timeline order.
    public var unitFacts: Int32
    public var member: Int8
    public var code: Int8
    public var reserved0: Int8 = 0
    public var reserved1: Int8 = 0
}
