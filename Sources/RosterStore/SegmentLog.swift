import Glibc

/// Knobs of the log; the defaults are the production values.
public struct LogOptions: Sendable {
    /// A new segment starts once the current one holds this many bytes.
    public var segmentSize: Int64
    /// Bytes of records gathered before one write to the file.
    public var writeBufferSize: Int
    /// Test-only fault injection into the system calls.
    var faults: FaultInjector?

    public init(segmentSize: Int64 = 64 << 20,
                writeBufferSize: Int = 1 << 20) {
        self.segmentSize = segmentSize
        self.writeBufferSize = writeBufferSize
    }
}

/// Where a record is: "segment 00000003 at byte 1048576".
public struct EntryLocation: Sendable, Hashable, CustomStringConvertible {
    /// The segment's number as in its file name, "00000003".
    public var segment: String
    /// Byte offset of the record in the segment file.
    public var offset: Int64

    public init(segment: String, offset: Int64) {
        self.segment = segment
        self.offset = offset
    }

    public var description: String { "segment \(segment) at byte \(offset)" }

    /// The segment's number. The log makes every location from a number
    /// (`SegmentName.label`), so the label always reads back.
    var segmentNumber: UInt32 {
        guard let number = UInt32(segment) else { preconditionFailure("a segment label made by SegmentName.label: \(segment)") }
        return number
    }
}

/// A committed batch as its commit record describes it.
public struct BatchSummary: Sendable, Equatable {
    /// 1, 2, 3 …
    public var number: UInt64
    public var firstSeq: UInt64
    /// `firstSeq - 1` for an empty batch.
    public var lastSeq: UInt64
    public var count: UInt64
    /// The caller's bytes given to `commit(info:)`.
    public var info: [UInt8]
    /// Where the commit record is.
    public var location: EntryLocation
}

/// The paths of a ledger directory.
struct LedgerPaths {
    var directory: String
    var format: String { directory + "/" + LogFormat.formatFile }
    var head: String { directory + "/" + LogFormat.headFile }
    var lock: String { directory + "/" + LogFormat.lockFile }
    var log: String { directory + "/" + LogFormat.logDirectory }

    init(_ directory: String) {
        var trimmed = directory.isEmpty ? "." : directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.directory = trimmed
    }
}

/// The durable, append-only log of a ledger: opaque entries in committed
/// batches, in segment files under `DIR/log/` (format in `LogFormat`).
///
/// Readers (`openForReading`) take no lock and see the batches committed
/// when they opened the log. The one writer (`openForWriting`) holds
/// `DIR/lock`, cuts off a torn tail left by a crash (see `recovery`) and
/// appends batches through `beginBatch()`.
///
/// Not thread-safe: use one `SegmentLog` from one thread at a time; open one
/// per thread or process instead.
public final class SegmentLog {
    public let directory: String
    private let paths: LedgerPaths
    private let io: FileIO
    private let options: LogOptions
    private let ledgerID: LedgerID
    /// The segments up to the end of the committed log (and, while a batch is
    /// being written, the ones it added).
    private var segments: [Segment]
    private var committed: Head
    private var lock: LockFile?
    private var writer: SegmentWriter?
    private var batch: ActiveBatch?
    private var batchTokens = 0
    /// Set after a failure that leaves the disk in an unknown state (a failed
    /// fsync, a failed rollback): every later write throws it.
    private var failure: StoreError?
    private var closed = false

    /// What recovery cut off or repaired when the log was opened for writing;
    /// nil when the log ended cleanly (and always for readers).
    public private(set) var recovery: RecoveryReport?

    private struct ActiveBatch {
        var token: Int
        var number: UInt64
        var firstSeq: UInt64
        var nextSeq: UInt64
        var startSegment: UInt32
        var startOffset: Int64
        /// Where each entry whose seq begins an entity-index block was written.
        var blockStarts: [LogPosition] = []
    }

    /// The block starts of the last committed batch (`EntityIndex`).
    private(set) var committedBlockStarts: [LogPosition] = []

    // MARK: Opening

    /// Creates an empty ledger at `directory` (and the missing directories
    /// above it). Refuses when a ledger is already there, or any other file.
    public static func create(directory: String) throws(StoreError) {
        try create(directory: directory, options: LogOptions())
    }

    static func create(directory: String, options: LogOptions) throws(StoreError) {
        let io = FileIO(faults: options.faults)
        let paths = LedgerPaths(directory)
        switch io.kind(of: paths.directory) {
        case nil:
            try makeDirectories(paths.directory, io: io)
        case .directory:
            if io.kind(of: paths.format) != nil { throw .alreadyExists("a ledger already exists at \(paths.directory)") }
            let names = try io.list(paths.directory)
            guard names.isEmpty else {
                throw .alreadyExists("\(paths.directory) is not empty (it holds \(names.sorted().prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : "")): a ledger is created in a new or empty directory")
            }
        default:
            throw .alreadyExists("\(paths.directory) exists and is not a directory")
        }
        let id = LedgerID.random()
        try io.makeDirectory(paths.log)
        let first = paths.log + "/" + SegmentName.fileName(1)
        let fd = try io.open(first, O_WRONLY | O_CREAT | O_EXCL, action: "create segment")
        defer { io.close(fd) }
        let header = SegmentHeader(number: 1, firstSeq: 1, batch: 1, batchFirstSeq: 1, ledgerID: id)
        try header.encoded().withBytes { (bytes) throws(StoreError) in try io.write(fd, first, bytes, at: 0) }
        try io.sync(fd, first)
        try io.syncDirectory(paths.log)
        io.close(try io.open(paths.lock, O_RDWR | O_CREAT, action: "create the lock file"))
        try io.prepareReplacement(paths.head, Head.empty.encoded())
        try io.installReplacement(paths.head, directory: paths.directory)
        // FORMAT last: until it exists, there is no ledger here.
        try io.prepareReplacement(paths.format, FormatFile.encoded(ledgerID: id))
        try io.installReplacement(paths.format, directory: paths.directory)
        try io.syncDirectory(parent(of: paths.directory))
    }

    /// Opens a ledger to read it. Takes no lock; sees the batches committed
    /// at this moment.
    public static func openForReading(directory: String) throws(StoreError) -> SegmentLog {
        try SegmentLog(directory: directory, options: LogOptions(), writing: false)
    }

    /// Opens a ledger to append to it: takes the lock (waiting while another
    /// writer holds it), then cuts off any torn tail (see `recovery`).
    public static func openForWriting(directory: String) throws(StoreError) -> SegmentLog {
        try openForWriting(directory: directory, options: LogOptions())
    }

    public static func openForWriting(directory: String, options: LogOptions) throws(StoreError) -> SegmentLog {
        try SegmentLog(directory: directory, options: options, writing: true)
    }

    static func openForReading(directory: String, options: LogOptions) throws(StoreError) -> SegmentLog {
        try SegmentLog(directory: directory, options: options, writing: false)
    }

    private init(directory: String, options: LogOptions, writing: Bool) throws(StoreError) {
        let paths = LedgerPaths(directory)
        let io = FileIO(faults: options.faults)
        self.directory = paths.directory
        self.paths = paths
        self.io = io
        self.options = options
        guard let format = try io.readFileIfPresent(paths.format) else { throw .noLedger(directory: paths.directory) }
        ledgerID = try FormatFile.parse(format, path: paths.format)
        if writing {
            // A write past RLIMIT_FSIZE fails with EFBIG (a StoreError) only
            // when the process ignores SIGXFSZ: that is the executable's
            // choice (Sources/roster/main.swift), not a library's.
            do throws(StoreError) {
                for path in [paths.directory, paths.log] where access(path, W_OK) != 0 {
                    throw FileIO.error(errno, "write in", path)
                }
                lock = try LockFile.acquire(path: paths.lock, io: io)
            } catch {
                throw error.withMessage { "cannot open the ledger at \(paths.directory) for writing: \($0)" }
            }
        }
        let inspection = try Recovery.inspect(paths: paths, ledgerID: ledgerID, io: io)
        segments = inspection.segments
        committed = inspection.committed
        if writing {
            let (report, remaining) = try Recovery.repair(inspection, paths: paths, io: io)
            recovery = report
            segments = remaining
            writer = try SegmentWriter(io: io, logDirectory: paths.log, number: committed.segment,
                                       end: committed.end, bufferSize: options.writeBufferSize)
        }
    }

    deinit { close() }

    /// Aborts an open batch, releases the lock, closes the files.
    public func close() {
        if let batch { abort(token: batch.token) }
        writer?.close()
        writer = nil
        lock?.release()
        lock = nil
        closed = true
    }

    // MARK: State

    /// Committed entries: the seq of the last one.
    public var entryCount: UInt64 { committed.entries }

    /// Committed batches.
    public var batchCount: UInt64 { committed.batches }

    /// The info of the last committed batch; [] when nothing is committed.
    public var lastCommitInfo: [UInt8] { committed.info }

    /// Whether this log holds the writer's lock (opened for writing, not closed).
    public var holdsLock: Bool { lock?.isHeld ?? false }

    // MARK: Reading

    /// Calls `body` with every committed entry from `seq` on, in order. The
    /// payload points into a read buffer: valid only during the call. Every
    /// record read is checked (checksum, batch chain); damage throws
    /// `StoreError.damaged` naming the segment and the byte.
    public func forEachEntry(
        startingAt seq: UInt64 = 1,
        _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer, _ location: EntryLocation) throws -> Void
    ) throws {
        try scan(startingAt: seq, entry: body, batchEnd: { _ in })
    }

    /// `forEachEntry`, also calling `batchEnd` after the last entry of each
    /// batch that ends at or after `seq` (empty batches included).
    public func forEachEntry(
        startingAt seq: UInt64 = 1,
        batchEnd: (_ batch: BatchSummary) throws -> Void,
        _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer, _ location: EntryLocation) throws -> Void
    ) throws {
        try scan(startingAt: seq, entry: body, batchEnd: batchEnd)
    }

    /// Calls `body` with every committed batch, reading and checking the
    /// whole log on the way.
    public func forEachBatch(_ body: (_ batch: BatchSummary) throws -> Void) throws {
        try scan(startingAt: 1, entry: { _, _, _ in }, batchEnd: body)
    }

    private func scan(
        startingAt seq: UInt64,
        entry body: (UInt64, UnsafeRawBufferPointer, EntryLocation) throws -> Void,
        batchEnd: (BatchSummary) throws -> Void
    ) throws {
        guard !closed else { throw StoreError.misuse("the log at \(directory) is closed") }
        let start = max(seq, 1)
        let end = (index: Int(committed.segment) - 1, offset: committed.end)
        // The last segment that begins before `start` (not at it: an empty
        // batch committed just before `start` may sit in the segment before).
        var index = 0
        while index < end.index, let header = segments[index + 1].header, header.firstSeq < start { index += 1 }
        guard let header = segments[index].header else {
            throw StoreError.damaged(LogDamage(.segmentWithoutHeader, segment: segments[index].number, offset: 0,
                                               expected: "\(LogFormat.segmentHeaderSize)"))
        }
        let scanner = LogScanner(segments: segments, io: io, index: index, offset: Int64(LogFormat.segmentHeaderSize),
                                 state: ScanState(header: header), limit: end)
        while true {
            switch try scanner.next() {
            case .entry(let seq, let payload, let offset):
                if seq >= start { try body(seq, payload, EntryLocation(segment: scanner.label, offset: offset)) }
            case .commit(let commit, let offset, _):
                if commit.firstSeq >= start || commit.lastSeq >= start {
                    try batchEnd(BatchSummary(number: commit.batch, firstSeq: commit.firstSeq, lastSeq: commit.lastSeq,
                                              count: commit.count, info: commit.info,
                                              location: EntryLocation(segment: scanner.label, offset: offset)))
                }
            case .end:
                return
            case .problem(let problem):
                throw StoreError.damaged(problem.damage)
            }
        }
    }

    /// Calls `body` with the committed entries from `start` (a position an
    /// entity index recorded) through seq `last`, and `commit` with the info
    /// of every commit record passed on the way. Every record read is checked
    /// as `forEachEntry` checks it; a position that does not fit the log
    /// throws `StoreError.damaged` like any other damage.
    func forEachEntry(
        from start: LogPosition, through last: UInt64,
        commit: (_ info: [UInt8], _ lastSeq: UInt64) throws -> Void,
        _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try forEachEntry(from: start, through: last, commit: commit) { seq, payload, _, _ in try body(seq, payload) }
    }

    /// `forEachEntry(from:through:)`, also giving each entry's segment
    /// number and byte offset.
    func forEachEntry(
        from start: LogPosition, through last: UInt64,
        commit: (_ info: [UInt8], _ lastSeq: UInt64) throws -> Void,
        _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer, _ segment: UInt32, _ offset: Int64) throws -> Void
    ) throws {
        guard !closed else { throw StoreError.misuse("the log at \(directory) is closed") }
        let index = Int(start.segment) - 1
        guard start.segment >= 1, index < Int(committed.segment), index < segments.count,
              start.offset >= Int64(LogFormat.segmentHeaderSize), last >= start.seq, last <= committed.entries,
              start.batchFirstSeq <= start.seq, start.batch >= 1 else {
            throw StoreError.damaged(LogDamage(.positionOutsideLog, segment: start.segment, offset: start.offset, seq: start.seq,
                                               expected: "seq 1…\(committed.entries) in segments \(SegmentName.label(1))…\(SegmentName.label(committed.segment))",
                                               found: "\(start)"))
        }
        let end = (index: Int(committed.segment) - 1, offset: committed.end)
        let scanner = LogScanner(segments: segments, io: io, index: index, offset: start.offset,
                                 state: ScanState(nextSeq: start.seq, batch: start.batch, batchFirstSeq: start.batchFirstSeq),
                                 limit: end, bufferSize: 256 << 10)
        while true {
            switch try scanner.next() {
            case .entry(let seq, let payload, let offset):
                try body(seq, payload, scanner.segments[scanner.index].number, offset)
                if seq == last { return }
            case .commit(let record, _, _):
                try commit(record.info, record.lastSeq)
            case .end:
                throw StoreError.damaged(LogDamage(.logEndsBeforeSeq, segment: scanner.segments[scanner.index].number, offset: scanner.offset,
                                                   seq: last, expected: "seq \(last)", found: "\(start)"))
            case .problem(let problem):
                throw StoreError.damaged(problem.damage)
            }
        }
    }

    // MARK: Writing

    private func checkWritable() throws(StoreError) {
        if let failure {
            throw failure.withMessage { "the log at \(directory) refuses writes after an earlier failure (reopen it): \($0)" }
        }
        guard !closed else { throw .misuse("the log at \(directory) is closed") }
        guard writer != nil else { throw .misuse("the log at \(directory) was opened for reading: open it for writing to append") }
    }

    /// Starts a batch. One batch at a time; nothing of it is visible or
    /// durable until `commit`.
    public func beginBatch() throws(StoreError) -> BatchWriter {
        try checkWritable()
        guard batch == nil else { throw .misuse("a batch is already open on the log at \(directory): commit or abort it first") }
        batchTokens += 1
        batch = ActiveBatch(token: batchTokens, number: committed.batches + 1, firstSeq: committed.entries + 1,
                            nextSeq: committed.entries + 1, startSegment: committed.segment, startOffset: committed.end)
        return BatchWriter(log: self, token: batchTokens)
    }

    private func activeBatch(_ token: Int) throws(StoreError) -> ActiveBatch {
        try checkWritable()
        guard let batch, batch.token == token else {
            throw .misuse("this batch is over: it was committed, aborted, or rolled back after an error")
        }
        return batch
    }

    func nextSeq(token: Int) -> UInt64 {
        if let batch, batch.token == token { return batch.nextSeq }
        return committed.entries + 1
    }

    /// Starts a new segment when the current one is full.
    private func rollIfNeeded(_ batch: ActiveBatch) throws(StoreError) {
        guard let writer, writer.end >= options.segmentSize, writer.end > LogFormat.segmentHeaderSize else { return }
        let header = SegmentHeader(number: writer.number + 1, firstSeq: batch.nextSeq, batch: batch.number,
                                   batchFirstSeq: batch.firstSeq, ledgerID: ledgerID)
        try writer.roll(header: header)
        segments.append(Segment(number: header.number, path: writer.path, header: header))
    }

    @inline(__always)
    func append(token: Int, _ payload: UnsafeRawBufferPointer) throws(StoreError) {
        let current = try activeBatch(token)
        guard payload.count <= LogFormat.maxPayloadSize else {
            throw .misuse("an entry of \(payload.count) bytes is larger than the limit of \(LogFormat.maxPayloadSize) bytes")
        }
        do throws(StoreError) {
            try rollIfNeeded(current)
            if current.nextSeq % LogPosition.blockSize == 1 {
                batch!.blockStarts.append(LogPosition(seq: current.nextSeq, segment: writer!.number, offset: writer!.end,
                                                      batch: current.number, batchFirstSeq: current.firstSeq))
            }
            _ = try writer!.append(kind: .entry, payload: payload)
            batch!.nextSeq += 1
        } catch {
            throw undo(after: error)
        }
    }

    func commit(token: Int, info: [UInt8]) throws(StoreError) {
        let current = try activeBatch(token)
        guard info.count <= LogFormat.maxCommitInfoSize else {
            throw .misuse("commit info of \(info.count) bytes is larger than the limit of \(LogFormat.maxCommitInfoSize) bytes")
        }
        let record = CommitRecord(batch: current.number, firstSeq: current.firstSeq, lastSeq: current.nextSeq - 1,
                                  count: current.nextSeq - current.firstSeq, info: info)
        let writer = self.writer!
        do throws(StoreError) {
            try rollIfNeeded(current)
            try RecordEncoder.commitPayload(record).withBytes { (bytes) throws(StoreError) in
                _ = try writer.append(kind: .commit, payload: bytes)
            }
            try writer.sync()
        } catch {
            throw undo(after: error)
        }
        // The batch is durable in the log. Now HEAD.
        let head = Head(batches: record.batch, entries: record.lastSeq, segment: writer.number, end: writer.end, info: info)
        do throws(StoreError) {
            try io.prepareReplacement(paths.head, head.encoded())
            try io.rename(paths.head + ".tmp", paths.head)
        } catch {
            // HEAD is unchanged: take the batch back out so that the failed
            // commit leaves nothing behind.
            throw undo(after: error.withMessage { "cannot record the commit in HEAD: \($0)" })
        }
        committed = head
        committedBlockStarts = current.blockStarts
        batch = nil
        do throws(StoreError) {
            try io.syncDirectory(paths.directory)
        } catch {
            failure = error
            throw error.withMessage { "batch \(record.batch) is in the log, but making HEAD durable failed; treat this as a crash and reopen the ledger: \($0)" }
        }
    }

    /// Reads back the entries of the open batch from `seq` on: the write
    /// buffer is flushed (not synced) and the records are read from the
    /// segment files, checked as every read is.
    func forEachBatchEntry(token: Int, startingAt seq: UInt64,
                           _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer) throws -> Void) throws {
        let current = try activeBatch(token)
        guard let writer,
              let first = segments.firstIndex(where: { $0.number == current.startSegment }),
              let last = segments.firstIndex(where: { $0.number == writer.number }) else {
            throw StoreError.misuse("the open batch's segments are not known")
        }
        do throws(StoreError) {
            try writer.flush()
        } catch {
            throw undo(after: error)
        }
        let scanner = LogScanner(segments: segments, io: io, index: first, offset: current.startOffset,
                                 state: ScanState(nextSeq: current.firstSeq, batch: current.number, batchFirstSeq: current.firstSeq),
                                 limit: (last, writer.end))
        while true {
            switch try scanner.next() {
            case .entry(let s, let payload, _):
                if s >= seq { try body(s, payload) }
            case .commit(_, let offset, _):
                throw StoreError.damaged(LogDamage(.commitInOpenBatch, segment: scanner.segments[scanner.index].number, offset: offset,
                                                   expected: "an entry", found: "a commit record"))
            case .end:
                return
            case .problem(let problem):
                throw StoreError.damaged(problem.damage)
            }
        }
    }

    func abort(token: Int) {
        guard let batch, batch.token == token else { return }
        self.batch = nil
        guard writer != nil, failure == nil else { return }
        do throws(StoreError) {
            try rewind(to: batch)
        } catch {
            failure = error
        }
    }

    /// After a failed write: removes the open batch from the disk and returns
    /// the error to throw, saying whether the committed ledger is intact.
    private func undo(after error: StoreError) -> StoreError {
        guard let current = batch else { return error }
        batch = nil
        if let broken = writer?.brokenBy {
            failure = broken
            return error.withMessage { "\($0); an fsync failed, so the log refuses further writes (reopen the ledger; recovery keeps only committed batches)" }
        }
        do throws(StoreError) {
            try rewind(to: current)
        } catch {
            failure = error
            return error.withMessage { "\($0); undoing the batch failed too (\(error)): the log refuses further writes; reopen the ledger, recovery removes the uncommitted records" }
        }
        return error.withMessage { "\($0); batch \(current.number) was rolled back, the committed ledger is unchanged" }
    }

    private func rewind(to batch: ActiveBatch) throws(StoreError) {
        try writer!.rewind(to: batch.startSegment, offset: batch.startOffset)
        segments.removeAll { $0.number > batch.startSegment }
    }

    // MARK: Test support

    /// Simulates the process dying mid-batch: what was appended reaches the
    /// file (as the page cache would keep it), nothing is undone, the lock is
    /// dropped.
    func crashForTesting() {
        try? writer?.flush()
        batch = nil
        writer?.close()
        writer = nil
        lock?.release()
        lock = nil
        closed = true
    }

    // MARK: Directories

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func makeDirectories(_ path: String, io: FileIO) throws(StoreError) {
        let above = parent(of: path)
        if above != path, io.kind(of: above) == nil { try makeDirectories(above, io: io) }
        try io.makeDirectory(path)
    }
}

/// One batch being appended. Entries get consecutive seqs; nothing is
/// visible to readers or durable until `commit(info:)` returns. If the batch
/// is dropped without a commit, it is aborted.
public final class BatchWriter {
    private let log: SegmentLog
    private let token: Int

    init(log: SegmentLog, token: Int) {
        self.log = log
        self.token = token
    }

    deinit { log.abort(token: token) }

    /// The seq the next appended entry gets.
    public var nextSeq: UInt64 { log.nextSeq(token: token) }

    /// Appends one entry (buffered). A failed write (disk full) rolls the
    /// whole batch back and throws; the committed ledger is unchanged.
    @inline(__always)
    public func append(_ payload: UnsafeRawBufferPointer) throws(StoreError) {
        try log.append(token: token, payload)
    }

    public func append(_ payload: [UInt8]) throws(StoreError) {
        try payload.withBytes { (bytes) throws(StoreError) in try log.append(token: token, bytes) }
    }

    /// Writes the commit record carrying `info`, fsyncs, and updates HEAD.
    /// When it returns, the batch is durable and visible to new readers.
    public func commit(info: [UInt8]) throws(StoreError) {
        try log.commit(token: token, info: info)
    }

    /// Calls `body` with the entries appended to this batch from `seq` on,
    /// read back from the segment files.
    public func forEachEntry(startingAt seq: UInt64,
                             _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer) throws -> Void) throws {
        try log.forEachBatchEntry(token: token, startingAt: seq, body)
    }

    /// After `commit`: where the batch's entries that begin an entity-index
    /// block were written.
    var blockStarts: [LogPosition] { log.committedBlockStarts }

    /// Removes everything appended in this batch.
    public func abort() {
        log.abort(token: token)
    }
}
