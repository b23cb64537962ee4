/// Where a scan stands between records: the seq the next entry gets, and the
/// batch in progress (its number and first seq). A segment header holds the
/// state at the segment's start.
struct ScanState: Equatable {
    var nextSeq: UInt64
    var batch: UInt64
    var batchFirstSeq: UInt64

    init(nextSeq: UInt64, batch: UInt64, batchFirstSeq: UInt64) {
        self.nextSeq = nextSeq
        self.batch = batch
        self.batchFirstSeq = batchFirstSeq
    }

    init(header: SegmentHeader) {
        self.init(nextSeq: header.firstSeq, batch: header.batch, batchFirstSeq: header.batchFirstSeq)
    }

    /// The state just after the commit record HEAD points at.
    init(after head: Head) {
        self.init(nextSeq: head.entries + 1, batch: head.batches + 1, batchFirstSeq: head.entries + 1)
    }

    /// Entries in the batches committed before this point.
    var committedEntries: UInt64 { batchFirstSeq - 1 }

    var summary: String {
        "entry \(nextSeq) in batch \(batch) (begun at entry \(batchFirstSeq))"
    }
}

/// Something wrong found by a scan: the damage, and whether a crash could
/// have left it.
struct ScanProblem: Error {
    var damage: LogDamage
    /// Index in the scanner's segment list.
    var segmentIndex: Int
    /// What a crash while writing can leave at the very end of the log: a
    /// record cut short or garbled (its checksum fails), or a segment whose
    /// header never made it. False for a well-formed record or header that
    /// does not continue the log, which no crash produces.
    var couldBeTornWrite: Bool
    /// The bytes simply stop (rather than being wrong).
    var isTruncation: Bool { damage.isTruncation }
}

/// Walks the records of the log from a position, across segments, checking
/// that each segment header and each commit record continues what came
/// before. Entries get their seq by counting.
final class LogScanner {
    enum Event {
        case entry(seq: UInt64, payload: UnsafeRawBufferPointer, offset: Int64)
        /// A commit record at `offset`, ending at `end`.
        case commit(CommitRecord, offset: Int64, end: Int64)
        /// No more records: the end of the last segment, or the limit.
        case end
        case problem(ScanProblem)
    }

    let segments: [Segment]
    private let reader: SegmentReader
    private let limit: (index: Int, offset: Int64)?
    /// Index of the segment being read.
    private(set) var index: Int
    private(set) var state: ScanState
    /// "00000003", the label of the segment being read.
    private(set) var label: String

    /// Starts at `offset` in `segments[index]` with `state`; with a `limit`,
    /// the scan ends exactly there (a committed end) and anything else is a
    /// problem.
    init(segments: [Segment], io: FileIO, index: Int, offset: Int64, state: ScanState,
         limit: (index: Int, offset: Int64)? = nil, bufferSize: Int = LogFormat.readBufferSize) {
        self.segments = segments
        self.reader = SegmentReader(io: io, bufferSize: bufferSize)
        self.limit = limit
        self.index = index
        self.state = state
        self.label = segments[index].label
        pendingOffset = offset
    }

    /// The offset of the next record in the segment being read.
    var offset: Int64 { pendingOffset ?? reader.offset }

    /// Set until the first segment is opened by the first `next()`.
    private var pendingOffset: Int64?

    private func problem(_ damage: LogDamage, tornWrite: Bool) -> Event {
        .problem(ScanProblem(damage: damage, segmentIndex: index, couldBeTornWrite: tornWrite))
    }

    /// The number of the segment being read.
    private var number: UInt32 { segments[index].number }

    private func vanished() -> Event {
        problem(LogDamage(.segmentVanished, segment: number, offset: 0, expected: SegmentName.fileName(number),
                          file: segments[index].path), tornWrite: true)
    }

    private func open(at offset: Int64) throws(StoreError) -> Bool {
        let end = limit.map { $0.index == index ? $0.offset : .max } ?? .max
        return try reader.open(path: segments[index].path, at: offset, limit: end)
    }

    func next() throws(StoreError) -> Event {
        if let offset = pendingOffset {
            pendingOffset = nil
            guard try open(at: offset) else { return vanished() }
        }
        while true {
            switch try reader.next() {
            case .record(let kind, let payload, let offset):
                switch kind {
                case .entry:
                    let seq = state.nextSeq
                    state.nextSeq += 1
                    return .entry(seq: seq, payload: payload, offset: offset)
                case .commit:
                    guard let found = RecordDecoder.commit(payload) else {
                        return problem(LogDamage(.shortCommit(payload.count), segment: number, offset: offset), tornWrite: false)
                    }
                    let expected = CommitRecord(
                        batch: state.batch, firstSeq: state.batchFirstSeq, lastSeq: state.nextSeq - 1,
                        count: state.nextSeq - state.batchFirstSeq, info: found.info)
                    guard found == expected else {
                        return problem(LogDamage(.commitDoesNotContinue, segment: number, offset: offset, seq: expected.firstSeq,
                                                 expected: LogScanner.describe(expected), found: LogScanner.describe(found)),
                                       tornWrite: false)
                    }
                    state.batch += 1
                    state.batchFirstSeq = state.nextSeq
                    let end = offset + Int64(RecordEncoder.recordSize(payloadCount: payload.count))
                    return .commit(found, offset: offset, end: end)
                }
            case .invalid(let recordProblem, let offset):
                return problem(LogDamage(recordProblem, segment: number, offset: offset), tornWrite: true)
            case .end(let offset):
                if let limit, limit.index == index {
                    if offset == limit.offset { return .end }
                    return problem(LogDamage(.segmentEndsEarly, segment: number, offset: offset, expected: "\(limit.offset)", found: "\(offset)"),
                                   tornWrite: true)
                }
                guard index + 1 < segments.count else { return .end }
                index += 1
                label = segments[index].label
                guard let header = segments[index].header else {
                    return problem(LogDamage(.segmentWithoutHeader, segment: number, offset: 0, expected: "\(LogFormat.segmentHeaderSize)"),
                                   tornWrite: true)
                }
                let starts = ScanState(header: header)
                guard starts == state else {
                    return problem(LogDamage(.segmentDoesNotContinue, segment: number, offset: 16, seq: state.nextSeq,
                                             expected: state.summary, found: starts.summary, otherSegment: segments[index - 1].number),
                                   tornWrite: false)
                }
                guard try open(at: Int64(LogFormat.segmentHeaderSize)) else { return vanished() }
            }
        }
    }

    /// "batch 7: entries 901…1000, count 100"
    static func describe(_ commit: CommitRecord) -> String {
        "batch \(commit.batch): entries \(commit.firstSeq)…\(commit.lastSeq), count \(commit.count)"
    }
}
