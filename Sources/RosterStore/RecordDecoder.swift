/// Why the bytes at some offset are not a valid record.
enum RecordProblem: Equatable {
    case lengthTooLarge(UInt32)
    case checksumMismatch(expected: UInt32, computed: UInt32)
    case unknownKind(UInt8)
    /// The segment ends inside the record.
    case truncated(needed: Int, available: Int)
    /// A commit record whose payload is too short to hold its fields.
    case shortCommit(Int)

    /// True when the bytes simply stop: what a crash in the middle of a write
    /// leaves behind.
    var isTruncation: Bool {
        if case .truncated = self { return true }
        return false
    }

    // Worded by `LogDamage.message` (`LogDamage.init(_:segment:offset:)`).
}

/// Unframes records from bytes in memory, checking length, checksum and kind.
enum RecordDecoder {
    enum Result {
        /// A whole, valid record of `size` bytes; the payload points into the
        /// bytes that were decoded.
        case record(kind: RecordKind, payload: UnsafeRawBufferPointer, size: Int)
        /// The record needs `needed` bytes but fewer are available.
        case incomplete(needed: Int)
        case invalid(RecordProblem)
    }

    @inline(__always)
    static func decode(_ p: UnsafeRawPointer, available: Int) -> Result {
        let headerSize = LogFormat.recordHeaderSize
        guard available >= headerSize else { return .incomplete(needed: headerSize) }
        let length = p.loadLE32(0)
        guard length <= LogFormat.maxPayloadSize else { return .invalid(.lengthTooLarge(length)) }
        let size = headerSize + Int(length)
        guard available >= size else { return .incomplete(needed: size) }
        var crc = CRC32C()
        crc.update(UnsafeRawBufferPointer(start: p, count: 4))
        crc.update(UnsafeRawBufferPointer(start: p + 8, count: 1 + Int(length)))
        let stored = p.loadLE32(4)
        guard crc.value == stored else {
            return .invalid(.checksumMismatch(expected: stored, computed: crc.value))
        }
        let byte = p.load(fromByteOffset: 8, as: UInt8.self)
        guard let kind = RecordKind(rawValue: byte) else { return .invalid(.unknownKind(byte)) }
        return .record(kind: kind, payload: UnsafeRawBufferPointer(start: p + headerSize, count: Int(length)), size: size)
    }

    /// The fields of a commit record's payload.
    static func commit(_ payload: UnsafeRawBufferPointer) -> CommitRecord? {
        guard payload.count >= LogFormat.commitFixedSize, let p = payload.baseAddress else { return nil }
        return CommitRecord(
            batch: p.loadLE64(0), firstSeq: p.loadLE64(8), lastSeq: p.loadLE64(16), count: p.loadLE64(24),
            info: Array(UnsafeRawBufferPointer(rebasing: payload[LogFormat.commitFixedSize...])))
    }
}
