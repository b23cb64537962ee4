import Glibc

/// Reads one segment file front to back in large chunks (pread, 4 MiB) and
/// hands out its records in place: a payload points into the reader's buffer
/// and stays valid until the next call to `next()`. No mmap, so a writer
/// truncating an uncommitted tail under a reader cannot fault it.
final class SegmentReader {
    enum Step {
        case record(kind: RecordKind, payload: UnsafeRawBufferPointer, offset: Int64)
        /// The file (or the limit) ends here, between records.
        case end(offset: Int64)
        case invalid(RecordProblem, offset: Int64)
    }

    private let io: FileIO
    private var buffer: UnsafeMutableRawBufferPointer
    private var fd: Int32 = -1
    private(set) var path = ""
    /// File offset of buffer[0].
    private var base: Int64 = 0
    private var filled = 0
    private var cursor = 0
    private var reachedEnd = false
    private var limit: Int64 = .max

    init(io: FileIO, bufferSize: Int = LogFormat.readBufferSize) {
        self.io = io
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Starts reading `path` at `offset`, treating `limit` as the end of the
    /// file. False when the file does not exist.
    func open(path: String, at offset: Int64, limit: Int64 = .max) throws(StoreError) -> Bool {
        close()
        guard let fd = try io.openIfPresent(path, O_RDONLY) else { return false }
        self.fd = fd
        self.path = path
        self.limit = limit
        base = offset
        filled = 0
        cursor = 0
        reachedEnd = offset >= limit
        return true
    }

    func close() {
        if fd >= 0 { io.close(fd) }
        fd = -1
    }

    /// The offset of the next record.
    var offset: Int64 { base + Int64(cursor) }

    @inline(__always)
    func next() throws(StoreError) -> Step {
        while true {
            let available = filled - cursor
            let needed: Int
            switch RecordDecoder.decode(UnsafeRawPointer(buffer.baseAddress! + cursor), available: available) {
            case .record(let kind, let payload, let size):
                let at = offset
                cursor += size
                return .record(kind: kind, payload: payload, offset: at)
            case .invalid(let problem):
                return .invalid(problem, offset: offset)
            case .incomplete(let count):
                needed = count
            }
            if reachedEnd {
                if available == 0 { return .end(offset: offset) }
                return .invalid(.truncated(needed: needed, available: available), offset: offset)
            }
            try refill(toHold: needed)
        }
    }

    /// Moves the unread bytes to the front and reads more after them.
    private func refill(toHold needed: Int) throws(StoreError) {
        let unread = filled - cursor
        if cursor > 0 {
            if unread > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + cursor, byteCount: unread) }
            base += Int64(cursor)
            filled = unread
            cursor = 0
        }
        if needed > buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: needed, alignment: 16)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
            buffer.deallocate()
            buffer = larger
        }
        let room = min(Int64(buffer.count - filled), limit - (base + Int64(filled)))
        guard room > 0 else {
            reachedEnd = true
            return
        }
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + Int(room))])
        let count = try io.read(fd, path, into: target, at: base + Int64(filled))
        filled += count
        if count < target.count { reachedEnd = true }
    }
}
