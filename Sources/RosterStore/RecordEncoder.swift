/// What a commit record says: the batch it closes and the caller's info.
struct CommitRecord: Equatable {
    var batch: UInt64
    var firstSeq: UInt64
    var lastSeq: UInt64
    var count: UInt64
    var info: [UInt8]
}

/// Frames records as length + CRC-32C + kind + payload (see `LogFormat`).
enum RecordEncoder {
    /// Bytes a record with this payload occupies on disk.
    @inline(__always) static func recordSize(payloadCount: Int) -> Int {
        LogFormat.recordHeaderSize + payloadCount
    }

    /// Writes the whole record at `destination`, which must have room for
    /// `recordSize(payloadCount: payload.count)` bytes.
    @inline(__always)
    static func encode(kind: RecordKind, payload: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer) {
        if let source = payload.baseAddress {
            (destination + LogFormat.recordHeaderSize).copyMemory(from: source, byteCount: payload.count)
        }
        seal(destination, kind: kind, payload: UnsafeRawBufferPointer(start: destination + LogFormat.recordHeaderSize, count: payload.count))
    }

    /// The 9-byte header of a record whose payload is written separately
    /// (records larger than the write buffer).
    static func header(kind: RecordKind, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: LogFormat.recordHeaderSize)
        header.withUnsafeMutableBytes { seal($0.baseAddress!, kind: kind, payload: payload) }
        return header
    }

    /// Fills in length, kind and checksum in the 9 bytes at `record`.
    @inline(__always)
    private static func seal(_ record: UnsafeMutableRawPointer, kind: RecordKind, payload: UnsafeRawBufferPointer) {
        record.storeLE32(UInt32(payload.count), 0)
        record.storeBytes(of: kind.rawValue, toByteOffset: 8, as: UInt8.self)
        var crc = CRC32C()
        crc.update(UnsafeRawBufferPointer(start: record, count: 4))
        crc.update(UnsafeRawBufferPointer(start: record + 8, count: 1))
        crc.update(payload)
        record.storeLE32(crc.value, 4)
    }

    /// The payload of a commit record.
    static func commitPayload(_ commit: CommitRecord) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: LogFormat.commitFixedSize)
        bytes.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            p.storeLE64(commit.batch, 0)
            p.storeLE64(commit.firstSeq, 8)
            p.storeLE64(commit.lastSeq, 16)
            p.storeLE64(commit.count, 24)
        }
        return bytes + commit.info
    }
}
