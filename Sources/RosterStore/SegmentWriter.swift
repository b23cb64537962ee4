import Glibc

/// Appends records to the end of the last segment through a write buffer
/// (1 MiB unless configured: one pwrite per buffer, not per record), starts
/// new segments, and moves the end back when a batch is undone.
///
/// After an fsync fails, `brokenBy` holds the error and every later call
/// throws it: the pages the kernel failed to write may be gone, so nothing
/// written since the last good fsync can be trusted, and an fsync is never
/// retried.
final class SegmentWriter {
    private let io: FileIO
    private let logDirectory: String
    private(set) var number: UInt32
    private(set) var path: String
    private var fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    private var flushedEnd: Int64
    private(set) var brokenBy: StoreError?

    /// Opens the segment `number` for appending at `end`.
    init(io: FileIO, logDirectory: String, number: UInt32, end: Int64, bufferSize: Int) throws(StoreError) {
        self.io = io
        self.logDirectory = logDirectory
        self.number = number
        self.path = logDirectory + "/" + SegmentName.fileName(number)
        self.fd = try io.open(path, O_WRONLY)
        self.flushedEnd = end
        self.buffer = .allocate(byteCount: max(bufferSize, 4096), alignment: 16)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Where the next record goes.
    var end: Int64 { flushedEnd + Int64(used) }

    private func checkUsable() throws(StoreError) {
        if let brokenBy { throw brokenBy }
        guard fd >= 0 else { throw .misuse("the segment writer is closed") }
    }

    private func sync(_ fd: Int32, _ path: String) throws(StoreError) {
        do throws(StoreError) {
            try io.sync(fd, path)
        } catch {
            brokenBy = error
            throw error
        }
    }

    /// Appends one record and returns its offset.
    @inline(__always)
    func append(kind: RecordKind, payload: UnsafeRawBufferPointer) throws(StoreError) -> Int64 {
        let size = RecordEncoder.recordSize(payloadCount: payload.count)
        if size > buffer.count - used { try flush() }
        let offset = end
        if size <= buffer.count {
            RecordEncoder.encode(kind: kind, payload: payload, into: buffer.baseAddress! + used)
            used += size
        } else {
            try checkUsable()
            let header = RecordEncoder.header(kind: kind, payload: payload)
            try header.withBytes { (bytes) throws(StoreError) in try io.write(fd, path, bytes, at: offset) }
            try io.write(fd, path, payload, at: offset + Int64(header.count))
            flushedEnd += Int64(size)
        }
        return offset
    }

    /// Writes the buffer to the file.
    func flush() throws(StoreError) {
        try checkUsable()
        guard used > 0 else { return }
        try io.write(fd, path, UnsafeRawBufferPointer(rebasing: buffer[0..<used]), at: flushedEnd)
        flushedEnd += Int64(used)
        used = 0
    }

    /// Writes the buffer and fsyncs the segment.
    func sync() throws(StoreError) {
        try flush()
        try sync(fd, path)
    }

    /// Finishes the current segment (fsync) and continues in a new one with
    /// `header`; the log directory is fsynced so the new file stays.
    func roll(header: SegmentHeader) throws(StoreError) {
        try sync()
        let next = header.number
        let nextPath = logDirectory + "/" + SegmentName.fileName(next)
        let nextFD = try io.open(nextPath, O_WRONLY | O_CREAT | O_EXCL, action: "create segment")
        do throws(StoreError) {
            try header.encoded().withBytes { (bytes) throws(StoreError) in try io.write(nextFD, nextPath, bytes, at: 0) }
            try sync(nextFD, nextPath)
            try syncLogDirectory()
        } catch {
            io.close(nextFD)
            try? io.remove(nextPath)
            throw error
        }
        io.close(fd)
        fd = nextFD
        number = next
        path = nextPath
        flushedEnd = Int64(LogFormat.segmentHeaderSize)
    }

    /// fsync of `log/`, so that a created or removed segment stays so.
    private func syncLogDirectory() throws(StoreError) {
        let directory = try io.open(logDirectory, O_RDONLY | O_DIRECTORY)
        defer { io.close(directory) }
        try sync(directory, logDirectory)
    }

    /// Drops the buffer and moves the end back to `offset` in segment
    /// `target`: later segments are removed, the segment truncated and
    /// fsynced, so a crash cannot bring the undone records back. When
    /// nothing left the buffer since `offset`, the file is not touched at
    /// all: it keeps its modification time, and so the index cache, which
    /// checks it, stays valid after a refused or empty batch.
    func rewind(to target: UInt32, offset: Int64) throws(StoreError) {
        try checkUsable()
        used = 0
        if target == number && flushedEnd == offset { return }
        if target != number {
            io.close(fd)
            fd = -1
            for doomed in stride(from: number, to: target, by: -1) {
                try io.remove(logDirectory + "/" + SegmentName.fileName(doomed))
            }
            try syncLogDirectory()
            number = target
            path = logDirectory + "/" + SegmentName.fileName(target)
            fd = try io.open(path, O_WRONLY)
        }
        try io.truncate(fd, path, to: offset)
        flushedEnd = offset
        try sync(fd, path)
    }

    func close() {
        if fd >= 0 { io.close(fd) }
        fd = -1
    }
}
