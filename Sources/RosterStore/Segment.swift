import Glibc

/// The random identity of a ledger, written in FORMAT and in every segment
/// header, so that a segment copied from another ledger is refused.
struct LedgerID: Equatable, Sendable, CustomStringConvertible {
    var bytes: [UInt8]

    static func random() -> LedgerID {
        var generator = SystemRandomNumberGenerator()
        return LedgerID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    var description: String { Hex.encode(bytes) }
}

/// Segment files are named by their number, eight digits: `00000003.seg`.
enum SegmentName {
    /// "00000003", as messages and `EntryLocation` show it.
    static func label(_ number: UInt32) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static func fileName(_ number: UInt32) -> String { label(number) + LogFormat.segmentSuffix }

    /// The number of a segment file name, nil for any other name.
    static func number(fileName: String) -> UInt32? {
        guard fileName.hasSuffix(LogFormat.segmentSuffix) else { return nil }
        let digits = fileName.dropLast(LogFormat.segmentSuffix.count)
        guard digits.count == 8, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt32(digits)
    }
}

/// The 64-byte header at the start of every segment (layout in `LogFormat`).
/// Besides naming the segment, it holds the scan state where the segment
/// begins: the next entry's seq and the batch in progress.
struct SegmentHeader: Equatable {
    var number: UInt32
    var firstSeq: UInt64
    var batch: UInt64
    var batchFirstSeq: UInt64
    var ledgerID: LedgerID

    func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: LogFormat.segmentHeaderSize)
        bytes.withUnsafeMutableBytes { buffer in
            let p = buffer.baseAddress!
            p.storeLE64(LogFormat.segmentMagic, 0)
            p.storeLE32(LogFormat.version, 8)
            p.storeLE32(number, 12)
            p.storeLE64(firstSeq, 16)
            p.storeLE64(batch, 24)
            p.storeLE64(batchFirstSeq, 32)
            for (i, byte) in ledgerID.bytes.enumerated() { p.storeBytes(of: byte, toByteOffset: 40 + i, as: UInt8.self) }
            p.storeLE32(CRC32C.checksum(UnsafeRawBufferPointer(start: p, count: 56)), 56)
        }
        return bytes
    }

    /// Decodes and checks a header read from the file of segment `number`;
    /// throws `damaged` with what is wrong.
    static func decode(_ bytes: [UInt8], fileNumber number: UInt32, ledgerID: LedgerID) throws(StoreError) -> SegmentHeader {
        let label = SegmentName.label(number)
        return try bytes.withBytes { (buffer) throws(StoreError) -> SegmentHeader in
            let p = buffer.baseAddress!
            let magic = p.loadLE64(0)
            guard magic == LogFormat.segmentMagic else {
                throw .damaged(LogDamage(.notASegment, segment: number, offset: 0, expected: "ROSTRSEG", found: Hex.encode(Array(bytes[0..<8]))))
            }
            let stored = p.loadLE32(56)
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(start: p, count: 56))
            guard stored == computed else {
                throw .damaged(LogDamage(.segmentHeaderChecksum, segment: number, offset: 56, expected: Hex.word(stored), found: Hex.word(computed)))
            }
            let version = p.loadLE32(8)
            guard version == LogFormat.version else {
                throw .damaged(LogDamage(.segmentVersion, segment: number, offset: 8, expected: "\(LogFormat.version)", found: "\(version)"))
            }
            let header = SegmentHeader(
                number: p.loadLE32(12), firstSeq: p.loadLE64(16), batch: p.loadLE64(24), batchFirstSeq: p.loadLE64(32),
                ledgerID: LedgerID(bytes: Array(bytes[40..<56])))
            guard header.number == number else {
                throw .damaged(LogDamage(.segmentMisnamed, segment: number, offset: 12, expected: label, found: SegmentName.label(header.number)))
            }
            guard header.ledgerID == ledgerID else {
                throw .damaged(LogDamage(.foreignSegment, segment: number, offset: 40, expected: "\(ledgerID)", found: "\(header.ledgerID)"))
            }
            return header
        }
    }
}

/// A segment file as found when the log was opened.
struct Segment {
    var number: UInt32
    var path: String
    /// nil when the file is too short to hold a header (or the header is all
    /// zeros): a crash while the segment was being created. Allowed only for
    /// the last segment, and only beyond the committed end.
    var header: SegmentHeader?

    /// "00000003"
    var label: String { SegmentName.label(number) }
}

extension Segment {
    /// Lists `log/`, checks that the segments are numbered 1…n without gaps,
    /// and reads and checks every header.
    static func loadAll(logDirectory: String, ledgerID: LedgerID, io: FileIO) throws(StoreError) -> [Segment] {
        // A writer undoing a batch may remove its segments between our
        // listing and our reading them: list again when a file vanishes.
        var attempts = 0
        while true {
            attempts += 1
            if let segments = try loadAllOnce(logDirectory: logDirectory, ledgerID: ledgerID, io: io, lastAttempt: attempts == 3) {
                return segments
            }
        }
    }

    private static func loadAllOnce(logDirectory: String, ledgerID: LedgerID, io: FileIO, lastAttempt: Bool) throws(StoreError) -> [Segment]? {
        let numbers = try io.list(logDirectory).compactMap { SegmentName.number(fileName: $0) }.sorted()
        guard let first = numbers.first else {
            throw .damaged(LogDamage(.noSegments, segment: 1, expected: SegmentName.fileName(1), file: logDirectory))
        }
        guard first == 1 else {
            throw .damaged(LogDamage(.segmentMissing, segment: 1, expected: SegmentName.fileName(1), found: SegmentName.fileName(first)))
        }
        for (previous, next) in zip(numbers, numbers.dropFirst()) where next != previous + 1 {
            throw .damaged(LogDamage(.segmentMissing, segment: previous + 1, expected: SegmentName.fileName(previous + 1),
                                      found: SegmentName.fileName(next), otherSegment: previous))
        }
        var segments: [Segment] = []
        for number in numbers {
            let path = logDirectory + "/" + SegmentName.fileName(number)
            let header: SegmentHeader?
            switch try readHeader(path: path, number: number, ledgerID: ledgerID, isLast: number == numbers.last, io: io) {
            case .valid(let valid): header = valid
            case .torn: header = nil
            case .missing:
                if lastAttempt {
                    throw .damaged(LogDamage(.segmentVanished, segment: number, expected: SegmentName.fileName(number), file: path))
                }
                return nil
            }
            if let header, let previous = segments.last?.header {
                guard header.firstSeq >= previous.firstSeq, header.batch >= previous.batch else {
                    throw .damaged(LogDamage(.segmentsOutOfOrder, segment: number, offset: 16, seq: header.firstSeq,
                                              expected: "entry \(previous.firstSeq) of batch \(previous.batch)",
                                              found: "entry \(header.firstSeq) of batch \(header.batch)", otherSegment: previous.number))
                }
            }
            segments.append(Segment(number: number, path: path, header: header))
        }
        return segments
    }

    enum HeaderRead {
        case valid(SegmentHeader)
        /// Too short or all zeros: allowed for the last segment (see `Segment.header`).
        case torn
        /// The file does not exist (any more).
        case missing
    }

    static func readHeader(path: String, number: UInt32, ledgerID: LedgerID, isLast: Bool, io: FileIO) throws(StoreError) -> HeaderRead {
        guard let fd = try io.openIfPresent(path, O_RDONLY) else { return .missing }
        defer { io.close(fd) }
        var bytes = [UInt8](repeating: 0, count: LogFormat.segmentHeaderSize)
        let count = try bytes.withMutableBytes { (buffer) throws(StoreError) -> Int in
            try io.read(fd, path, into: buffer, at: 0)
        }
        if count < LogFormat.segmentHeaderSize || bytes.allSatisfy({ $0 == 0 }) {
            if isLast { return .torn }
            throw .damaged(LogDamage(.segmentWithoutHeader, segment: number, offset: 0, expected: "\(LogFormat.segmentHeaderSize)",
                                     found: count < LogFormat.segmentHeaderSize ? "\(count) bytes" : "zeros"))
        }
        return .valid(try SegmentHeader.decode(bytes, fileNumber: number, ledgerID: ledgerID))
    }
}
