import Glibc

/// What the writer's recovery did when it opened the log. The description is
/// a sentence for the operator.
public struct RecoveryReport: Sendable, Equatable, CustomStringConvertible {
    /// The segment that now ends the log: it holds the last commit record.
    public var segment: String
    /// Its new length: the byte just after the last commit record.
    public var offset: Int64
    /// Bytes cut off after that point, removed segments included.
    public var bytesRemoved: Int64
    /// Whole records removed: entries of a batch that was never committed.
    public var recordsRemoved: Int
    /// Whether the cut bytes ended in a torn or garbled record.
    public var removedTornRecord: Bool
    /// Segments after `segment`, removed entirely.
    public var segmentsRemoved: [String]
    /// When HEAD lagged the log (a crash after a commit record was fsynced,
    /// before HEAD was replaced): the entries HEAD recorded. HEAD now records
    /// `committedEntries`.
    public var headEntriesBefore: UInt64?
    /// Committed entries after recovery.
    public var committedEntries: UInt64

    public var description: String {
        var parts: [String] = []
        if bytesRemoved > 0 {
            var what = "\(recordsRemoved) whole record\(recordsRemoved == 1 ? "" : "s") of an uncommitted batch"
            if removedTornRecord { what += " and a torn record" }
            var sentence = "cut \(bytesRemoved) bytes after the last commit record, at byte \(offset) of segment \(segment): \(what)"
            if !segmentsRemoved.isEmpty {
                sentence += "; removed segment\(segmentsRemoved.count == 1 ? "" : "s") \(segmentsRemoved.joined(separator: ", "))"
            }
            parts.append(sentence)
        }
        if let before = headEntriesBefore {
            parts.append("HEAD recorded \(before) committed entries but the log holds \(committedEntries) (a crash after the commit, before HEAD was updated): HEAD now records \(committedEntries)")
        }
        return parts.joined(separator: "; ")
    }
}

/// The log as found on disk: what HEAD says, what the log says, and what
/// lies after the last commit record.
struct Inspection {
    var segments: [Segment]
    /// As HEAD records it.
    var head: Head
    /// As the log says: HEAD, or further when HEAD lags.
    var committed: Head
    /// Whole records after the last commit record.
    var recordsAfterCommit: Int
    /// The torn or garbled record that ends the log, if any.
    var tornRecord: ScanProblem?
}

/// Finding the committed end of the log, telling a torn tail from damage,
/// and (for the writer) cutting the tail off.
enum Recovery {
    /// Reads HEAD and the segment headers, checks that the commit record HEAD
    /// points at is there, and scans what follows it. Reads only the end of
    /// the log, not all of it; every record is checked when it is read.
    static func inspect(paths: LedgerPaths, ledgerID: LedgerID, io: FileIO) throws(StoreError) -> Inspection {
        guard let headBytes = try io.readFileIfPresent(paths.head) else {
            throw .damaged(LogDamage(.headMissing, expected: LogFormat.headFile, file: paths.head))
        }
        let head = try Head.parse(headBytes, path: paths.head)
        var segments = try Segment.loadAll(logDirectory: paths.log, ledgerID: ledgerID, io: io)
        if let failure = try checkHead(head, segments: segments, io: io) {
            throw try diagnose(head: head, segments: segments, io: io, failure: failure)
        }
        let scanner = LogScanner(segments: segments, io: io, index: Int(head.segment) - 1, offset: head.end,
                                 state: ScanState(after: head))
        var committed = head
        var records = 0
        var torn: ScanProblem? = nil
        scan: while true {
            switch try scanner.next() {
            case .entry:
                records += 1
            case .commit(let commit, _, let end):
                committed = Head(batches: commit.batch, entries: commit.lastSeq,
                                 segment: segments[scanner.index].number, end: end, info: commit.info)
                records = 0
            case .end:
                break scan
            case .problem(let problem):
                guard problem.couldBeTornWrite else { throw .damaged(problem.damage) }
                if problem.segmentIndex < segments.count - 1 {
                    // Only the last segment can end torn, unless the writer
                    // removed the later ones (an abort) while we were reading.
                    let now = try Segment.loadAll(logDirectory: paths.log, ledgerID: ledgerID, io: io)
                    guard now.count <= problem.segmentIndex + 1 else { throw .damaged(problem.damage) }
                    segments = Array(segments[...problem.segmentIndex])
                }
                torn = problem
                break scan
            }
        }
        return Inspection(segments: segments, head: head, committed: committed, recordsAfterCommit: records, tornRecord: torn)
    }

    /// nil when the commit record HEAD points at is in the log; otherwise
    /// what is wrong.
    private static func checkHead(_ head: Head, segments: [Segment], io: FileIO) throws(StoreError) -> LogDamage.HeadCheck? {
        let index = Int(head.segment) - 1
        guard index < segments.count else { return .segmentMissing(segment: head.segment) }
        let segment = segments[index]
        guard segment.header != nil else { return .segmentWithoutHeader(segment: segment.number) }
        guard head.batches > 0 else { return nil }
        let size = Int(head.end - head.commitOffset)
        guard let fd = try io.openIfPresent(segment.path, O_RDONLY) else { return .segmentMissing(segment: segment.number) }
        defer { io.close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        let count = try bytes.withMutableBytes { (buffer) throws(StoreError) -> Int in
            try io.read(fd, segment.path, into: buffer, at: head.commitOffset)
        }
        let (batch, number, offset) = (head.batches, segment.number, head.commitOffset)
        guard count == size else { return .commitCutShort(batch: batch, segment: number, offset: offset) }
        return bytes.withUnsafeBytes { buffer -> LogDamage.HeadCheck? in
            guard case .record(.commit, let payload, size) = RecordDecoder.decode(buffer.baseAddress!, available: size),
                  let commit = RecordDecoder.commit(payload)
            else { return .commitAbsent(batch: batch, segment: number, offset: offset) }
            guard commit.batch == head.batches, commit.lastSeq == head.entries, commit.info == head.info else {
                return .commitDiffers(batch: batch, segment: number, offset: offset)
            }
            return nil
        }
    }

    /// Scans the end of the log from the segment HEAD names (or the last one)
    /// to say precisely why the log does not reach what HEAD records.
    static func diagnose(head: Head, segments: [Segment], io: FileIO, failure: LogDamage.HeadCheck) throws(StoreError) -> StoreError {
        var index = min(Int(head.segment), segments.count) - 1
        while index > 0 && segments[index].header == nil { index -= 1 }
        guard let header = segments[index].header else {
            return .damaged(LogDamage(.segmentWithoutHeader, segment: segments[index].number, offset: 0,
                                      expected: "\(LogFormat.segmentHeaderSize)"))
        }
        let scanner = LogScanner(segments: segments, io: io, index: index, offset: Int64(LogFormat.segmentHeaderSize),
                                 state: ScanState(header: header))
        var batches = header.batch - 1
        var entries = header.batchFirstSeq - 1
        /// The log ends short of HEAD: where it ends, and why (`cause`).
        func shortfall(segment: UInt32, offset: Int64, cause: LogDamage?, missing: UInt32? = nil) -> LogDamage {
            let byBatch = entries == head.entries
            return LogDamage(.logShorterThanHead, segment: segment, offset: offset, seq: byBatch ? nil : entries + 1,
                             expected: byBatch ? "\(head.batches) committed batches" : "\(head.entries) committed entries",
                             found: byBatch ? "batch \(batches)" : "entry \(entries)", otherSegment: missing, cause: cause)
        }
        while true {
            switch try scanner.next() {
            case .entry:
                continue
            case .commit(let commit, _, let end):
                if commit.batch >= head.batches {
                    let segment = segments[scanner.index].number
                    func point(_ batch: UInt64, _ entry: UInt64, _ segment: UInt32, _ end: Int64, _ info: [UInt8]) -> String {
                        "batch \(batch) ending at entry \(entry) in segment \(SegmentName.label(segment)) at byte \(end) with info \(Hex.encode(info))"
                    }
                    return .damaged(LogDamage(.headMismatch, segment: segment, offset: end, seq: commit.lastSeq,
                                              expected: point(head.batches, head.entries, head.segment, head.end, head.info),
                                              found: point(commit.batch, commit.lastSeq, segment, end, commit.info),
                                              headCheck: failure))
                }
                batches = commit.batch
                entries = commit.lastSeq
            case .problem(let problem):
                guard problem.couldBeTornWrite, problem.segmentIndex == segments.count - 1 else {
                    return .damaged(problem.damage)
                }
                return .damaged(shortfall(segment: problem.damage.segment ?? segments[scanner.index].number,
                                          offset: problem.damage.offset ?? scanner.offset, cause: problem.damage))
            case .end:
                return .damaged(shortfall(segment: segments[scanner.index].number, offset: scanner.offset, cause: nil,
                                          missing: Int(head.segment) > segments.count ? head.segment : nil))
            }
        }
    }

    /// Cuts the log back to the end of its last commit record (removing later
    /// segments and truncating), fsyncs, and rewrites HEAD when it lags.
    /// Returns what it did (nil: nothing) and the segments that remain.
    static func repair(_ inspection: Inspection, paths: LedgerPaths, io: FileIO) throws(StoreError) -> (RecoveryReport?, [Segment]) {
        let committed = inspection.committed
        let keep = Int(committed.segment)
        let later = inspection.segments[keep...]
        var removedBytes: Int64 = 0
        for segment in later.reversed() {
            if let fd = try io.openIfPresent(segment.path, O_RDONLY) {
                removedBytes += (try? io.size(fd, segment.path)) ?? 0
                io.close(fd)
            }
            try io.remove(segment.path)
        }
        if !later.isEmpty { try io.syncDirectory(paths.log) }

        let last = inspection.segments[keep - 1]
        let fd = try io.open(last.path, O_RDWR)
        defer { io.close(fd) }
        let size = try io.size(fd, last.path)
        guard size >= committed.end else {
            throw .damaged(LogDamage(.truncatedWhileOpening, segment: last.number, offset: size, expected: "\(committed.end)", found: "\(size)"))
        }
        if size > committed.end {
            removedBytes += size - committed.end
            try io.truncate(fd, last.path, to: committed.end)
        }
        let headLags = committed != inspection.head
        if removedBytes > 0 || headLags { try io.sync(fd, last.path) }
        if headLags {
            // Everything HEAD will vouch for must be durable first.
            for segment in inspection.segments[(Int(inspection.head.segment) - 1)..<(keep - 1)] {
                let other = try io.open(segment.path, O_RDONLY)
                defer { io.close(other) }
                try io.sync(other, segment.path)
            }
            try io.prepareReplacement(paths.head, committed.encoded())
            try io.installReplacement(paths.head, directory: paths.directory)
        }
        let remaining = Array(inspection.segments[..<keep])
        guard removedBytes > 0 || headLags else { return (nil, remaining) }
        let report = RecoveryReport(
            segment: last.label, offset: committed.end, bytesRemoved: removedBytes,
            recordsRemoved: inspection.recordsAfterCommit, removedTornRecord: inspection.tornRecord != nil,
            segmentsRemoved: later.map(\.label), headEntriesBefore: headLags ? inspection.head.entries : nil,
            committedEntries: committed.entries)
        return (report, remaining)
    }
}
