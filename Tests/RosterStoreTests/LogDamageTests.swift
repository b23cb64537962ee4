import Foundation
import Testing
@testable import RosterStore

/// Damage of the log on disk is a value: for each kind, the ledger is
/// damaged that way on disk and the refusal is checked field by field (the
/// segment, the byte offset, the seq, what was expected and what was found);
/// a few keep their exact wording. The command line prints `message` and
/// exits 3 (`FaultTests`, `TamperTests`).
@Suite struct LogDamageTests {
    /// The damage thrown by `body`, or a recorded issue.
    func damage(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> LogDamage? {
        let error = storeError(sourceLocation: sourceLocation, body)
        #expect(error?.isDamage == true, "\(String(describing: error))", sourceLocation: sourceLocation)
        return error?.damage
    }

    /// Damage found when the log is opened; readers and the writer agree.
    func openDamage(_ directory: String, sourceLocation: SourceLocation = #_sourceLocation) -> LogDamage? {
        let reading = damage(sourceLocation: sourceLocation) { _ = try SegmentLog.openForReading(directory: directory) }
        let writing = damage(sourceLocation: sourceLocation) { _ = try SegmentLog.openForWriting(directory: directory) }
        #expect(reading == writing, sourceLocation: sourceLocation)
        return reading
    }

    /// Damage found by reading the whole log.
    func readDamage(_ directory: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LogDamage? {
        let log = try SegmentLog.openForReading(directory: directory)
        defer { log.close() }
        return damage(sourceLocation: sourceLocation) { try log.forEachBatch { _ in } }
    }

    /// Rewrites the record at `offset` of `bytes` with `kind` and `payload`,
    /// with a correct CRC-32C, as a forger with the format would.
    static func record(kind: UInt8, payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        let lengthBytes = (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        var crc = CRC32C()
        crc.update(lengthBytes)
        crc.update([kind] + payload)
        let c = crc.value
        return lengthBytes + (0..<4).map { UInt8(truncatingIfNeeded: c >> (8 * $0)) } + [kind] + payload
    }

    static func storedCRC(_ bytes: [UInt8], at offset: Int) -> String {
        bytes[(offset + 4)..<(offset + 8)].reversed().map { String(format: "%02x", $0) }.joined()
    }

    /// A ledger of several segments (700-byte segments).
    func segmented(_ temp: TemporaryDirectory) throws -> Int {
        try makeLedger(temp.ledger, sizes: [4, 4, 4, 4, 4, 4], segmentSize: 600)
        let count = segmentCount(temp.ledger)
        #expect(count >= 5)
        return count
    }

    // MARK: Records

    @Test func badChecksum() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3, 4])
        let target = try RecoveryTests.Layout(temp.ledger).entries[6]
        let path = segmentPath(temp.ledger, 1)
        let stored = Self.storedCRC(fileBytes(path), at: Int(target.location.offset))
        flipBit(path, byte: Int(target.location.offset) + 9, bit: 2)
        let d = try #require(try readDamage(temp.ledger))
        #expect(d.kind == .badChecksum)
        #expect(d.segment == 1 && d.segmentLabel == "00000001")
        #expect(d.offset == target.location.offset)
        #expect(d.location == target.location)
        #expect(d.expected == stored)
        #expect(d.found != nil && d.found != stored && d.found?.count == 8)
        #expect(d.message == "checksum mismatch in segment 00000001 at byte \(target.location.offset): expected \(stored), computed \(d.found!)")
    }

    @Test func badLength() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3, 4])
        let target = try RecoveryTests.Layout(temp.ledger).entries[2]
        let path = segmentPath(temp.ledger, 1)
        var bytes = fileBytes(path)
        bytes.replaceSubrange(Int(target.location.offset)..<(Int(target.location.offset) + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
        setFileBytes(path, bytes)
        let d = try #require(try readDamage(temp.ledger))
        #expect(d.kind == .badLength)
        #expect(d.segment == 1 && d.offset == target.location.offset)
        #expect(d.expected == "16777216" && d.found == "2147483647")
        #expect(d.message == "bad record length in segment 00000001 at byte \(target.location.offset): expected at most 16777216, found 2147483647")
    }

    @Test func unknownRecordKind() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3, 4])
        let target = try RecoveryTests.Layout(temp.ledger).entries[1]
        let path = segmentPath(temp.ledger, 1)
        var bytes = fileBytes(path)
        let start = Int(target.location.offset)
        bytes.replaceSubrange(start..<(start + 9 + target.payload.count), with: Self.record(kind: 7, payload: target.payload))
        setFileBytes(path, bytes)
        let d = try #require(try readDamage(temp.ledger))
        #expect(d.kind == .unknownRecordKind)
        #expect(d.segment == 1 && d.offset == target.location.offset)
        #expect(d.expected == "1 (entry) or 2 (commit)" && d.found == "7")
    }

    @Test func truncatedRecordInAnEarlierSegment() throws {
        let temp = TemporaryDirectory()
        _ = try segmented(temp)
        let layout = try RecoveryTests.Layout(temp.ledger)
        let path = segmentPath(temp.ledger, 2)
        let size = fileSize(path)
        let last = try #require(layout.records.filter { $0.segment == "00000002" }.last)
        #expect(last.end == size)
        truncateFile(path, to: size - 1)
        let d = try #require(try readDamage(temp.ledger))
        #expect(d.kind == .truncatedRecord)
        #expect(d.segment == 2 && d.offset == Int64(last.start))
        #expect(d.expected == "\(last.end - last.start)" && d.found == "\(last.end - last.start - 1)")
        #expect(d.message == "truncated record in segment 00000002 at byte \(last.start): expected \(last.end - last.start) bytes, found \(last.end - last.start - 1) before the end of the segment")
    }

    @Test func malformedCommit() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [2, 2, 2])
        let commit = try RecoveryTests.Layout(temp.ledger).batches[0].location
        let path = segmentPath(temp.ledger, 1)
        var bytes = fileBytes(path)
        let start = Int(commit.offset)
        bytes.replaceSubrange(start..<(start + 9 + 32 + 32), with: Self.record(kind: 2, payload: [UInt8](repeating: 1, count: 10)))
        setFileBytes(path, bytes)
        let d = try #require(openDamage(temp.ledger))
        #expect(d.kind == .malformedCommit)
        #expect(d.segment == 1 && d.offset == commit.offset)
        #expect(d.expected == "32" && d.found == "10")
        #expect(d.message == "malformed commit record in segment 00000001 at byte \(commit.offset): expected at least 32 bytes of payload, found 10")
    }

    @Test func aGapInTheSeqsIsACommitThatDoesNotContinue() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let layout = try RecoveryTests.Layout(temp.ledger)
        let entry = layout.entries[2]
        let path = segmentPath(temp.ledger, 1)
        var bytes = fileBytes(path)
        bytes.removeSubrange(Int(entry.location.offset)..<(Int(entry.location.offset) + 9 + entry.payload.count))
        setFileBytes(path, bytes)
        let d = try #require(openDamage(temp.ledger))
        #expect(d.kind == .commitDoesNotContinue)
        #expect(d.segment == 1)
        #expect(d.offset == layout.batches[0].location.offset - Int64(9 + entry.payload.count))
        #expect(d.seq == 1)
        #expect(d.expected == "batch 1: entries 1…4, count 4")
        #expect(d.found == "batch 1: entries 1…5, count 5")
    }

    // MARK: Segments

    @Test func noSegmentsAndMissingSegments() throws {
        let temp = TemporaryDirectory()
        let count = try segmented(temp)
        let saved = (1...count).map { fileBytes(segmentPath(temp.ledger, $0)) }
        try FileManager.default.removeItem(atPath: segmentPath(temp.ledger, 2))
        let gap = try #require(openDamage(temp.ledger))
        #expect(gap.kind == .segmentMissing)
        #expect(gap.segment == 2 && gap.otherSegment == 1)
        #expect(gap.expected == "00000002.seg" && gap.found == "00000003.seg")
        #expect(gap.message == "segment 00000002 is missing: the log has 00000001.seg and then 00000003.seg")

        setFileBytes(segmentPath(temp.ledger, 2), saved[1])
        try FileManager.default.removeItem(atPath: segmentPath(temp.ledger, 1))
        let first = try #require(openDamage(temp.ledger))
        #expect(first.kind == .segmentMissing)
        #expect(first.segment == 1 && first.otherSegment == nil && first.found == "00000002.seg")

        for number in 2...count { try FileManager.default.removeItem(atPath: segmentPath(temp.ledger, number)) }
        let none = try #require(openDamage(temp.ledger))
        #expect(none.kind == .noSegments)
        #expect(none.segment == 1 && none.file == temp.ledger + "/log")
        #expect(none.message == "segment 00000001 is missing: the log directory \(temp.ledger)/log holds no segments")
    }

    @Test func segmentWithoutHeader() throws {
        let temp = TemporaryDirectory()
        _ = try segmented(temp)
        let path = segmentPath(temp.ledger, 2)
        let original = fileBytes(path)
        truncateFile(path, to: 10)
        let short = try #require(openDamage(temp.ledger))
        #expect(short.kind == .segmentWithoutHeader)
        #expect(short.segment == 2 && short.offset == 0)
        #expect(short.expected == "64" && short.found == "10 bytes")
        #expect(short.message == "segment 00000002 has no header: expected 64 bytes at byte 0, found 10 bytes")
        setFileBytes(path, [UInt8](repeating: 0, count: 64) + original[64...])
        #expect(openDamage(temp.ledger)?.found == "zeros")
    }

    @Test func segmentHeaderFields() throws {
        let temp = TemporaryDirectory()
        _ = try segmented(temp)
        let path = segmentPath(temp.ledger, 3)
        let original = fileBytes(path)
        let ledgerID = LedgerID(bytes: Array(original[40..<56]))
        let real = try SegmentHeader.decode(Array(original[0..<64]), fileNumber: 3, ledgerID: ledgerID)
        func withHeader(_ header: [UInt8]) { setFileBytes(path, header + original[64...]) }

        // Not a segment: the magic.
        var bytes = original
        bytes[0] = UInt8(ascii: "X")
        setFileBytes(path, bytes)
        let magic = try #require(openDamage(temp.ledger))
        #expect(magic.kind == .notASegment)
        #expect(magic.segment == 3 && magic.offset == 0)
        #expect(magic.expected == "ROSTRSEG" && magic.found == Hex.encode(Array(bytes[0..<8])))

        // The header's own checksum.
        setFileBytes(path, original)
        flipBit(path, byte: 20, bit: 1)
        let crc = try #require(openDamage(temp.ledger))
        #expect(crc.kind == .segmentHeaderChecksum)
        #expect(crc.segment == 3 && crc.offset == 56)
        #expect(crc.expected == Self.storedCRC(original, at: 52))
        #expect(crc.found != crc.expected)

        // Another version, with a correct checksum.
        var header = Array(real.encoded())
        header[8] = 2
        let checksum = CRC32C.checksum(Array(header[0..<56]))
        header.replaceSubrange(56..<60, with: (0..<4).map { UInt8(truncatingIfNeeded: checksum >> (8 * $0)) })
        withHeader(header)
        let version = try #require(openDamage(temp.ledger))
        #expect(version.kind == .segmentVersion)
        #expect(version.segment == 3 && version.offset == 8 && version.expected == "1" && version.found == "2")

        // A header that names another segment.
        var renamed = real
        renamed.number = 4
        withHeader(renamed.encoded())
        let misnamed = try #require(openDamage(temp.ledger))
        #expect(misnamed.kind == .segmentMisnamed)
        #expect(misnamed.segment == 3 && misnamed.offset == 12 && misnamed.expected == "00000003" && misnamed.found == "00000004")

        // Another ledger's id.
        var foreign = real
        foreign.ledgerID = LedgerID(bytes: [UInt8](repeating: 0xAB, count: 16))
        withHeader(foreign.encoded())
        let other = try #require(openDamage(temp.ledger))
        #expect(other.kind == .foreignSegment)
        #expect(other.segment == 3 && other.offset == 40)
        #expect(other.expected == "\(ledgerID)" && other.found == String(repeating: "ab", count: 16))

        // Starting before the segment before it.
        var early = real
        early.firstSeq = 1
        early.batch = 1
        withHeader(early.encoded())
        let segmentTwo = try SegmentHeader.decode(Array(fileBytes(segmentPath(temp.ledger, 2))[0..<64]), fileNumber: 2, ledgerID: ledgerID)
        let order = try #require(openDamage(temp.ledger))
        #expect(order.kind == .segmentsOutOfOrder)
        #expect(order.segment == 3 && order.otherSegment == 2 && order.seq == 1)
        #expect(order.expected == "entry \(segmentTwo.firstSeq) of batch \(segmentTwo.batch)")
        #expect(order.found == "entry 1 of batch 1")

        // A header that does not continue the segment before: found by a read.
        var shifted = real
        shifted.firstSeq += 1
        withHeader(shifted.encoded())
        let gap = try #require(try readDamage(temp.ledger))
        #expect(gap.kind == .segmentDoesNotContinue)
        #expect(gap.segment == 3 && gap.otherSegment == 2 && gap.offset == 16 && gap.seq == real.firstSeq)
        #expect(gap.expected == "entry \(real.firstSeq) in batch \(real.batch) (begun at entry \(real.batchFirstSeq))")
        #expect(gap.found == "entry \(real.firstSeq + 1) in batch \(real.batch) (begun at entry \(real.batchFirstSeq))")

        setFileBytes(path, original)
        try expectLedger(temp.ledger, holds: 24)
    }

    @Test func aSegmentCutUnderAReader() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let layout = try RecoveryTests.Layout(temp.ledger)
        let path = segmentPath(temp.ledger, 1)
        let end = fileSize(path)
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        defer { log.close() }
        let cut = Int(layout.batches[1].location.offset)
        truncateFile(path, to: cut)
        let d = try #require(damage { try log.forEachBatch { _ in } })
        #expect(d.kind == .segmentEndsEarly)
        #expect(d.segment == 1 && d.offset == Int64(cut))
        #expect(d.expected == "\(end)" && d.found == "\(cut)")
        #expect(d.message == "segment 00000001 ends at byte \(cut), before the committed end at byte \(end)")
    }

    // MARK: HEAD and FORMAT

    @Test func headDamage() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let path = temp.ledger + "/HEAD"
        let original = fileBytes(path)
        let head = try Head.parse(original, path: path)

        var edited = head
        edited.info[0] ^= 1
        setFileBytes(path, edited.encoded())
        let mismatch = try #require(openDamage(temp.ledger))
        #expect(mismatch.kind == .headMismatch)
        #expect(mismatch.segment == 1 && mismatch.offset == head.end && mismatch.seq == 8)
        #expect(mismatch.expected == "batch 2 ending at entry 8 in segment 00000001 at byte \(head.end) with info \(Hex.encode(edited.info))")
        #expect(mismatch.found == "batch 2 ending at entry 8 in segment 00000001 at byte \(head.end) with info \(Hex.encode(head.info))")
        #expect(mismatch.headCheck == .commitDiffers(batch: 2, segment: 1, offset: head.commitOffset))
        #expect(mismatch.message.hasSuffix("(the commit record of batch 2 in segment 00000001 at byte \(head.commitOffset) does not say what HEAD says)"))

        var text = String(decoding: original, as: UTF8.self)
        text = text.replacingOccurrences(of: "entries 8\n", with: "entries 9\n")
        setFileBytes(path, Array(text.utf8))
        let checksum = try #require(openDamage(temp.ledger))
        #expect(checksum.kind == .headChecksum)
        #expect(checksum.file == path)
        #expect(checksum.expected == String(text.split(separator: "\n")[6].dropFirst(9)))
        #expect(checksum.found != checksum.expected)

        setFileBytes(path, Array(original.dropLast(3)))
        let unreadable = try #require(openDamage(temp.ledger))
        #expect(unreadable.kind == .headUnreadable)
        #expect(unreadable.file == path)
        #expect(unreadable.expected == "7 lines, each ending in a newline")
        #expect(unreadable.found == "7 lines, the last without a newline")

        try FileManager.default.removeItem(atPath: path)
        let missing = try #require(openDamage(temp.ledger))
        #expect(missing.kind == .headMissing)
        #expect(missing.file == path && missing.expected == "HEAD")
        #expect(missing.message == "HEAD is missing: expected \(path), which records how much of the log is committed")
    }

    @Test func aLogShorterThanHead() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5])
        let shorter = fileBytes(segmentPath(temp.ledger, 1))
        do {
            let log = try SegmentLog.openForWriting(directory: temp.ledger)
            try writeBatches(log, sizes: [3])
        }
        let full = fileBytes(segmentPath(temp.ledger, 1))

        // Cut at the end of a batch: nothing wrong but the length.
        setFileBytes(segmentPath(temp.ledger, 1), shorter)
        let clean = try #require(openDamage(temp.ledger))
        #expect(clean.kind == .logShorterThanHead)
        #expect(clean.segment == 1 && clean.offset == Int64(shorter.count) && clean.seq == 6)
        #expect(clean.expected == "8 committed entries" && clean.found == "entry 5")
        #expect(clean.cause == nil && clean.otherSegment == nil)

        // Cut three bytes into the next record: the cause is the torn record.
        setFileBytes(segmentPath(temp.ledger, 1), Array(full[..<(shorter.count + 3)]))
        let torn = try #require(openDamage(temp.ledger))
        #expect(torn.kind == .logShorterThanHead)
        #expect(torn.expected == "8 committed entries" && torn.found == "entry 5")
        let cause = try #require(torn.cause)
        #expect(cause.kind == .truncatedRecord)
        #expect(cause.segment == 1 && cause.offset == Int64(shorter.count) && cause.expected == "9" && cause.found == "3")
        #expect(torn.message == "log ends at entry 5 but HEAD records 8 committed entries: truncated record in segment 00000001 at byte \(shorter.count): expected 9 bytes, found 3 before the end of the segment")
    }

    @Test func formatUnreadable() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [2])
        let path = temp.ledger + "/FORMAT"
        let original = String(decoding: fileBytes(path), as: UTF8.self)
        setFileBytes(path, Array(original.replacingOccurrences(of: "roster-log", with: "roster-lox").utf8))
        let d = try #require(openDamage(temp.ledger))
        #expect(d.kind == .formatUnreadable)
        #expect(d.file == path && d.expected == "\"roster-log 1\"" && d.found == "\"roster-lox 1\"")
        setFileBytes(path, Array(original.replacingOccurrences(of: "ledger ", with: "ledger: ").utf8))
        #expect(openDamage(temp.ledger)?.expected == "a second line \"ledger <32 hex digits>\"")
    }

    // MARK: Positions from the entity index

    @Test func positionsThatDoNotFitTheLog() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        defer { log.close() }
        let end = Int64(fileSize(segmentPath(temp.ledger, 1)))
        let outside = LogPosition(seq: 9, segment: 1, offset: 64, batch: 3, batchFirstSeq: 9)
        let d = try #require(damage { try log.forEachEntry(from: outside, through: 9, commit: { _, _ in }) { _, _ in } })
        #expect(d.kind == .positionOutsideLog)
        #expect(d.segment == 1 && d.offset == 64 && d.seq == 9)
        #expect(d.found == "\(outside)")

        // At the committed end, claiming seq 8 is still to come.
        let atEnd = LogPosition(seq: 8, segment: 1, offset: end, batch: 3, batchFirstSeq: 8)
        let e = try #require(damage { try log.forEachEntry(from: atEnd, through: 8, commit: { _, _ in }) { _, _ in } })
        #expect(e.kind == .logEndsBeforeSeq)
        #expect(e.segment == 1 && e.offset == end && e.seq == 8)
        #expect(e.found == "\(atEnd)")
    }

    // MARK: Kinds only a race or a writer's bug produces

    /// A segment removed while it is read, the last segment shrinking while
    /// the writer opens the log, a commit record inside the open batch: no
    /// test can damage the disk this way without racing the code, so the
    /// values are built and their wording checked.
    @Test func wordingOfTheKindsARaceProduces() {
        let vanished = LogDamage(.segmentVanished, segment: 4, offset: 0, expected: "00000004.seg", file: "L/log/00000004.seg")
        #expect(vanished.message == "segment 00000004 is missing: L/log/00000004.seg disappeared while the log was being read")
        let shrunk = LogDamage(.truncatedWhileOpening, segment: 2, offset: 100, expected: "4096", found: "100")
        #expect(shrunk.message == "segment 00000002 ends at byte 100, before the last commit record ends at byte 4096: it was truncated while the log was being opened")
        let inBatch = LogDamage(.commitInOpenBatch, segment: 1, offset: 640, expected: "an entry", found: "a commit record")
        #expect(inBatch.message == "a commit record inside the open batch, in segment 00000001 at byte 640")
        #expect(StoreError.damaged(inBatch).description == inBatch.message)
        #expect(StoreError.damaged(inBatch).isDamage)
    }
}
