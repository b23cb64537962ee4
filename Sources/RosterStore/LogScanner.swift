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

/// Something wrong found by a scan, with a located message.
struct ScanProblem: Error {
    var message: String
    /// Index in the scanner's segment list.
    var segmentIndex: Int
    var offset: Int64
    /// What a crash while writing can leave at the very end of the log: a
    /// record cut short or garbled (its checksum fails), or a segment whose
    /// header never made it. False for a well-formed record or header that
    /// does not continue the log, which no crash produces.
    var couldBeTornWrite: Bool
    /// The bytes simply stop (rather than being wrong).
    var isTruncation: Bool
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

    private func problem(_ message: String, offset: Int64, tornWrite: Bool, truncation: Bool = false) -> Event {
        .problem(ScanProblem(message: message, segmentIndex: index, offset: offset,
                             couldBeTornWrite: tornWrite, isTruncation: truncation))
    }

    private func open(at offset: Int64) throws(StoreError) -> Bool {
        let end = limit.map { $0.index == index ? $0.offset : .max } ?? .max
        return try reader.open(path: segments[index].path, at: offset, limit: end)
    }

    func next() throws(StoreError) -> Event {
        if let offset = pendingOffset {
            pendingOffset = nil
            guard try open(at: offset) else {
                return problem("segment \(label) is missing: \(segments[index].path) disappeared", offset: 0, tornWrite: true, truncation: true)
            }
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
                        return problem(RecordProblem.shortCommit(payload.count).describe(segment: label, offset: offset), offset: offset, tornWrite: false)
                    }
                    let expected = CommitRecord(
                        batch: state.batch, firstSeq: state.batchFirstSeq, lastSeq: state.nextSeq - 1,
                        count: state.nextSeq - state.batchFirstSeq, info: found.info)
                    guard found == expected else {
                        return problem("commit record in segment \(label) at byte \(offset) does not continue the log: expected \(LogScanner.describe(expected)), found \(LogScanner.describe(found))",
                                       offset: offset, tornWrite: false)
                    }
                    state.batch += 1
                    state.batchFirstSeq = state.nextSeq
                    let end = offset + Int64(RecordEncoder.recordSize(payloadCount: payload.count))
                    return .commit(found, offset: offset, end: end)
                }
            case .invalid(let recordProblem, let offset):
                return problem(recordProblem.describe(segment: label, offset: offset), offset: offset,
                               tornWrite: true, truncation: recordProblem.isTruncation)
            case .end(let offset):
                if let limit, limit.index == index {
                    if offset == limit.offset { return .end }
                    return problem("segment \(label) ends at byte \(offset), before the committed end at byte \(limit.offset)",
                                   offset: offset, tornWrite: true, truncation: true)
                }
                guard index + 1 < segments.count else { return .end }
                index += 1
                label = segments[index].label
                guard let header = segments[index].header else {
                    return problem("segment \(label) has no header", offset: 0, tornWrite: true, truncation: true)
                }
                let starts = ScanState(header: header)
                guard starts == state else {
                    return problem("segment \(label) does not continue segment \(segments[index - 1].label): expected it to start at \(state.summary), its header says \(starts.summary)",
                                   offset: 0, tornWrite: false)
                }
                guard try open(at: Int64(LogFormat.segmentHeaderSize)) else {
                    return problem("segment \(label) is missing: \(segments[index].path) disappeared", offset: 0, tornWrite: true, truncation: true)
                }
            }
        }
    }

    /// "batch 7: entries 901…1000, count 100"
    static func describe(_ commit: CommitRecord) -> String {
        "batch \(commit.batch): entries \(commit.firstSeq)…\(commit.lastSeq), count \(commit.count)"
    }
}
