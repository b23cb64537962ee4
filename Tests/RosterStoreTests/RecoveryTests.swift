import Foundation
import Testing
@testable import RosterStore

/// A ledger broken on purpose: each test writes batches, damages the files
/// the way a crash, a bad disk or a careless hand would, and checks that the
/// log either recovers (a torn tail) or refuses with a located message —
/// never silently loses a committed batch.
@Suite struct RecoveryTests {
    /// Where each record of the log is, from a reader of the intact ledger.
    struct Layout {
        var entries: [ReadEntry]
        var batches: [BatchSummary]

        init(_ directory: String) throws {
            let log = try SegmentLog.openForReading(directory: directory)
            entries = try readAll(log)
            var batches: [BatchSummary] = []
            try log.forEachBatch { batches.append($0) }
            self.batches = batches
        }

        /// (segment, start, end) of every record, entries and commits, in order.
        var records: [(segment: String, start: Int, end: Int)] {
            let entryRecords = entries.map { ($0.location.segment, Int($0.location.offset), Int($0.location.offset) + 9 + $0.payload.count) }
            let commitRecords = batches.map { ($0.location.segment, Int($0.location.offset), Int($0.location.offset) + 9 + 32 + $0.info.count) }
            return (entryRecords + commitRecords).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
    }

    func head(_ directory: String) -> [UInt8] { fileBytes(directory + "/HEAD") }

    // MARK: Crashes

    @Test func aCrashMidBatchIsInvisibleToReadersAndCutByTheWriter() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let committedSize = fileSize(segmentPath(temp.ledger, 1))
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(writeBufferSize: 4096))
        let batch = try log.beginBatch()
        for _ in 0..<50 { try batch.append(payload(batch.nextSeq)) }
        log.crashForTesting()
        let crashedSize = fileSize(segmentPath(temp.ledger, 1))
        #expect(crashedSize > committedSize)

        try expectLedger(temp.ledger, holds: 8)
        #expect(fileSize(segmentPath(temp.ledger, 1)) == crashedSize, "readers change nothing")

        let writer = try SegmentLog.openForWriting(directory: temp.ledger)
        let report = try #require(writer.recovery)
        let removed = Int64(crashedSize - committedSize)
        #expect(report == RecoveryReport(segment: "00000001", offset: Int64(committedSize), bytesRemoved: removed, recordsRemoved: 50,
                                         removedTornRecord: false, segmentsRemoved: [], headEntriesBefore: nil, committedEntries: 8))
        #expect(report.description == "cut \(removed) bytes after the last commit record, at byte \(committedSize) of segment 00000001: 50 whole records of an uncommitted batch")
        #expect(fileSize(segmentPath(temp.ledger, 1)) == committedSize)
        try writeBatches(writer, sizes: [2])
        writer.close()
        try expectLedger(temp.ledger, holds: 10)
        #expect(try SegmentLog.openForWriting(directory: temp.ledger).recovery == nil)
    }

    @Test func aCrashMidBatchAcrossSegmentsRemovesTheNewSegments() throws {
        let temp = TemporaryDirectory()
        let options = LogOptions(segmentSize: 1500, writeBufferSize: 4096)
        try makeLedger(temp.ledger, sizes: [5], segmentSize: 1500)
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
        let segmentsBefore = segmentCount(temp.ledger)
        let batch = try log.beginBatch()
        for _ in 0..<40 { try batch.append(payload(batch.nextSeq)) }
        log.crashForTesting()
        let segmentsAfter = segmentCount(temp.ledger)
        #expect(segmentsAfter > segmentsBefore + 2)
        // The torn end of a record, as a crash in the middle of a write leaves it.
        truncateFile(segmentPath(temp.ledger, segmentsAfter), to: fileSize(segmentPath(temp.ledger, segmentsAfter)) - 5)

        try expectLedger(temp.ledger, holds: 5)
        let writer = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
        let report = try #require(writer.recovery)
        #expect(report.segment == String(format: "%08d", segmentsBefore))
        #expect(report.segmentsRemoved == ((segmentsBefore + 1)...segmentsAfter).map { String(format: "%08d", $0) })
        #expect(report.removedTornRecord)
        #expect(report.recordsRemoved == 39)
        #expect(segmentCount(temp.ledger) == segmentsBefore)
        try writeBatches(writer, sizes: [30])
        writer.close()
        try expectLedger(temp.ledger, holds: 35)
    }

    /// The last batch cut at every byte. With HEAD updated, the batch was
    /// committed: any cut is damage, refused by readers and by the writer,
    /// which must not touch the files. With HEAD from before the batch (a
    /// crash between the commit's fsync and HEAD), it is a torn tail that
    /// readers ignore and the writer cuts.
    @Test(arguments: [Int64(64 << 20), 700])
    func truncatingTheLastBatchAtEveryByte(segmentSize: Int64) throws {
        let temp = TemporaryDirectory()
        let options = LogOptions(segmentSize: segmentSize)
        try makeLedger(temp.ledger, sizes: [5], segmentSize: segmentSize)
        let headBefore = head(temp.ledger)
        let lastBefore = segmentCount(temp.ledger)
        let committedEnd = fileSize(segmentPath(temp.ledger, lastBefore))
        do {
            let log = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
            try writeBatches(log, sizes: [7])
        }
        let headAfter = head(temp.ledger)
        let lastAfter = segmentCount(temp.ledger)
        if segmentSize < 1000 { #expect(lastAfter > lastBefore, "the batch spans segments") }
        var saved: [Int: [UInt8]] = [:]
        for number in lastBefore...lastAfter { saved[number] = fileBytes(segmentPath(temp.ledger, number)) }
        func restore() {
            for (number, bytes) in saved { setFileBytes(segmentPath(temp.ledger, number), bytes) }
        }
        let records = try Layout(temp.ledger).records.filter {
            Int($0.segment)! > lastBefore || (Int($0.segment)! == lastBefore && $0.start >= committedEnd)
        }
        #expect(records.count == 8)
        let boundaries = Set(records.filter { Int($0.segment)! == lastAfter }.flatMap { [$0.start, $0.end] })
        let last = segmentPath(temp.ledger, lastAfter)
        let full = saved[lastAfter]!
        let firstCut = lastAfter == lastBefore ? committedEnd : 0
        let removedSegments = lastAfter > lastBefore ? ((lastBefore + 1)...lastAfter).map { String(format: "%08d", $0) } : []
        let bytesBeforeLast = lastAfter > lastBefore
            ? (saved[lastBefore]!.count - committedEnd) + ((lastBefore + 1)..<lastAfter).reduce(0) { $0 + saved[$1]!.count }
            : -committedEnd

        for cut in firstCut..<full.count {
            restore()
            setFileBytes(last, Array(full[..<cut]))
            setFileBytes(temp.ledger + "/HEAD", headAfter)
            let readError = storeError { _ = try SegmentLog.openForReading(directory: temp.ledger) }
            #expect(readError?.isDamage == true, "cut at \(cut)")
            #expect(readError?.description.contains("HEAD records 12 committed entries") == true, "cut at \(cut): \(String(describing: readError))")
            #expect(storeError { _ = try SegmentLog.openForWriting(directory: temp.ledger, options: options) } == readError)
            #expect(fileSize(last) == cut, "the writer cut nothing")

            setFileBytes(temp.ledger + "/HEAD", headBefore)
            try expectLedger(temp.ledger, holds: 5)
            let writer = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
            if lastAfter == lastBefore && cut == committedEnd {
                #expect(writer.recovery == nil)
            } else {
                let report = try #require(writer.recovery, "cut at \(cut)")
                let whole = records.filter { Int($0.segment)! < lastAfter || $0.end <= cut }.count
                let torn = cut < 64 || !boundaries.contains(cut)
                #expect(report == RecoveryReport(
                    segment: String(format: "%08d", lastBefore), offset: Int64(committedEnd),
                    bytesRemoved: Int64(bytesBeforeLast + cut), recordsRemoved: whole, removedTornRecord: torn,
                    segmentsRemoved: removedSegments, headEntriesBefore: nil, committedEntries: 5), "cut at \(cut)")
            }
            #expect(fileSize(segmentPath(temp.ledger, lastBefore)) == committedEnd)
            #expect(segmentCount(temp.ledger) == lastBefore)
            writer.close()
        }

        // One cut with its whole message: three bytes into the first record
        // of the last segment.
        restore()
        setFileBytes(temp.ledger + "/HEAD", headAfter)
        let start = lastAfter == lastBefore ? committedEnd : 64
        setFileBytes(last, Array(full[..<(start + 3)]))
        #expect(storeError { _ = try SegmentLog.openForReading(directory: temp.ledger) }?.description
            == "log ends at entry 5 but HEAD records 12 committed entries: truncated record in segment \(String(format: "%08d", lastAfter)) at byte \(start): expected 9 bytes, found 3 before the end of the segment")

        // Not cut at all, HEAD from before the batch: the log is ahead of
        // HEAD, which is fine; the writer brings HEAD up to date.
        restore()
        setFileBytes(temp.ledger + "/HEAD", headBefore)
        try expectLedger(temp.ledger, holds: 12)
        let writer = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
        let report = try #require(writer.recovery)
        #expect(report.bytesRemoved == 0)
        #expect(report.headEntriesBefore == 5)
        #expect(report.description == "HEAD recorded 5 committed entries but the log holds 12 (a crash after the commit, before HEAD was updated): HEAD now records 12")
        #expect(head(temp.ledger) == headAfter)
    }

    // MARK: Damage in committed data

    /// Every bit of a record in the middle of the log, flipped: the read that
    /// reaches it refuses, naming the segment and the record's offset.
    @Test(arguments: [Int64(64 << 20), 900])
    func aFlippedBitInAnEarlierRecordIsRefusedWhereItIs(segmentSize: Int64) throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [6, 6, 6, 6], segmentSize: segmentSize)
        let layout = try Layout(temp.ledger)
        let target = layout.entries[7]
        let path = temp.ledger + "/log/\(target.location.segment).seg"
        let original = fileBytes(path)
        let recordSize = 9 + target.payload.count
        for bit in 0..<(recordSize * 8) {
            flipBit(path, byte: Int(target.location.offset) + bit / 8, bit: bit % 8)
            let log = try SegmentLog.openForReading(directory: temp.ledger)
            var delivered: [UInt64] = []
            let error = storeError { try log.forEachEntry { seq, _, _ in delivered.append(seq) } }
            #expect(error?.isDamage == true)
            #expect(error?.damage?.location == target.location, "bit \(bit): \(String(describing: error))")
            #expect(delivered.last.map { $0 < target.seq } ?? true, "nothing from the damaged record on is delivered")
            #expect(storeError { try log.forEachBatch { _ in } } == error)
            setFileBytes(path, original)
        }
        // A bit in the payload: the message says what was expected and found.
        let byte = Int(target.location.offset) + 9 + target.payload.count / 2
        flipBit(path, byte: byte, bit: 3)
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        let message = try #require(storeError { try log.forEachEntry { _, _, _ in } }).description
        let stored = original[(Int(target.location.offset) + 4)..<(Int(target.location.offset) + 8)].reversed().map { String(format: "%02x", $0) }.joined()
        #expect(message.hasPrefix("checksum mismatch in segment \(target.location.segment) at byte \(target.location.offset): expected \(stored), computed "))
        #expect(message.count == "checksum mismatch in segment 00000001 at byte \(target.location.offset): expected 12345678, computed 12345678".count)
        // A read that starts in a later segment does not pass the damage.
        let lastEntry = layout.entries.last!
        if lastEntry.location.segment != target.location.segment {
            #expect(try readAll(log, from: lastEntry.seq).map(\.seq) == [lastEntry.seq])
        } else {
            #expect(storeError { _ = try readAll(log, from: lastEntry.seq) }?.description == message)
        }
    }

    @Test func aFlippedBitInTheLastCommitRecordIsRefusedAtOpen() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let commit = try Layout(temp.ledger).batches[1].location
        flipBit(segmentPath(temp.ledger, 1), byte: Int(commit.offset) + 20, bit: 0)
        let opens: [(String) throws -> SegmentLog] = [{ try SegmentLog.openForReading(directory: $0) }, { try SegmentLog.openForWriting(directory: $0) }]
        for open in opens {
            let error = try #require(storeError { _ = try open(temp.ledger) })
            #expect(error.isDamage)
            #expect(error.description.hasPrefix("checksum mismatch in segment 00000001 at byte \(commit.offset): expected "))
            #expect(error.description.hasSuffix("; log ends at entry 5 but HEAD records 8 committed entries"))
        }
    }

    @Test func aRemovedCommitMarkerIsRefused() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3, 4])
        let commit = try Layout(temp.ledger).batches[1]
        let path = segmentPath(temp.ledger, 1)
        var bytes = fileBytes(path)
        let start = Int(commit.location.offset)
        bytes.removeSubrange(start..<(start + 9 + 32 + 32))
        setFileBytes(path, bytes)
        let error = storeError { _ = try SegmentLog.openForReading(directory: temp.ledger) }
        #expect(error?.isDamage == true)
        let offsetOfThird = start + (try Layout.commitOffsetAfterRemoval(bytes: bytes, from: start))
        #expect(error?.description == "commit record in segment 00000001 at byte \(offsetOfThird) does not continue the log: expected batch 2: entries 6…12, count 7, found batch 3: entries 9…12, count 4")
    }

    @Test func aRemovedCommitMarkerInAnEarlierSegmentIsRefusedOnRead() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [3, 3, 3, 3, 3, 3], segmentSize: 800)
        let layout = try Layout(temp.ledger)
        let commit = layout.batches[1].location
        #expect(commit.segment != layout.batches.last!.location.segment)
        let path = temp.ledger + "/log/\(commit.segment).seg"
        var bytes = fileBytes(path)
        bytes.removeSubrange(Int(commit.offset)..<(Int(commit.offset) + 9 + 32 + 32))
        setFileBytes(path, bytes)
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        let error = try #require(storeError { try log.forEachBatch { _ in } })
        #expect(error.isDamage)
        #expect(error.description.contains("does not continue"))
        #expect(error.description.contains("segment 0000000"))
    }

    @Test func aRemovedEntryInTheMiddleIsRefused() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let entry = try Layout(temp.ledger).entries[2]
        let path = segmentPath(temp.ledger, 1)
        var bytes = fileBytes(path)
        bytes.removeSubrange(Int(entry.location.offset)..<(Int(entry.location.offset) + 9 + entry.payload.count))
        setFileBytes(path, bytes)
        let error = storeError { _ = try SegmentLog.openForReading(directory: temp.ledger) }
        #expect(error?.isDamage == true)
        #expect(error?.description.hasSuffix("does not continue the log: expected batch 1: entries 1…4, count 4, found batch 1: entries 1…5, count 5") == true)
    }

    @Test func garbageAfterTheTailIsATornTail() throws {
        let seed: UInt64 = 77
        var random = SplitMix64(seed: seed)
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let path = segmentPath(temp.ledger, 1)
        let clean = fileBytes(path)
        for garbage in [(0..<100).map { _ in UInt8.random(in: 0...255, using: &random) }, [UInt8](repeating: 0, count: 4096), [0xFF]] {
            setFileBytes(path, clean + garbage)
            try expectLedger(temp.ledger, holds: 8)
            let writer = try SegmentLog.openForWriting(directory: temp.ledger)
            let report = try #require(writer.recovery)
            #expect(report.bytesRemoved == Int64(garbage.count), "seed \(seed)")
            #expect(report.recordsRemoved == 0)
            #expect(report.removedTornRecord)
            #expect(fileBytes(path) == clean)
        }
    }

    @Test func garbageInTheMiddleIsRefusedWhereItIs() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let path = segmentPath(temp.ledger, 1)
        let at = Int(try Layout(temp.ledger).batches[0].location.offset) + 9 + 32 + 32
        var bytes = fileBytes(path)
        bytes.insert(contentsOf: [UInt8](repeating: 0x5A, count: 23), at: at)
        setFileBytes(path, bytes)
        let error = storeError { _ = try SegmentLog.openForWriting(directory: temp.ledger) }
        #expect(error?.isDamage == true)
        #expect(error?.description.hasPrefix("bad record length in segment 00000001 at byte \(at): expected at most 16777216, found 1515870810") == true, "\(String(describing: error))")
        #expect(error?.description.hasSuffix("log ends at entry 5 but HEAD records 8 committed entries") == true)
    }

    @Test func garbageAfterAnEarlierSegmentIsRefusedOnRead() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [4, 4, 4, 4, 4], segmentSize: 700)
        #expect(segmentCount(temp.ledger) >= 3)
        let path = segmentPath(temp.ledger, 1)
        let end = fileSize(path)
        setFileBytes(path, fileBytes(path) + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        let error = try #require(storeError { try log.forEachEntry { _, _, _ in } })
        #expect(error.isDamage)
        #expect(error.description.contains("in segment 00000001 at byte \(end)"))
    }
}

extension RecoveryTests.Layout {
    /// Offset, from `start`, of the next commit record in `bytes` (walking
    /// the records from there).
    static func commitOffsetAfterRemoval(bytes: [UInt8], from start: Int) throws -> Int {
        var at = start
        while bytes[at + 8] != 2 {
            let length = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            at += 9 + length
        }
        return at - start
    }
}

/// Segments deleted, renamed, swapped or borrowed; HEAD behind, ahead,
/// missing or edited.
@Suite struct SegmentAndHeadDamageTests {
    /// A ledger of at least five segments.
    func ledger(_ temp: TemporaryDirectory) throws -> Int {
        try makeLedger(temp.ledger, sizes: [4, 4, 4, 4, 4, 4], segmentSize: 600)
        let count = segmentCount(temp.ledger)
        #expect(count >= 5)
        return count
    }

    func openError(_ directory: String) -> StoreError? {
        let reading = storeError { _ = try SegmentLog.openForReading(directory: directory) }
        let writing = storeError { _ = try SegmentLog.openForWriting(directory: directory) }
        #expect(reading == writing)
        #expect(reading?.isDamage == true)
        return reading
    }

    @Test func aDeletedMiddleSegment() throws {
        let temp = TemporaryDirectory()
        _ = try ledger(temp)
        try FileManager.default.removeItem(atPath: segmentPath(temp.ledger, 2))
        #expect(openError(temp.ledger)?.description == "segment 00000002 is missing: the log has 00000001.seg and then 00000003.seg")
    }

    @Test func aDeletedFirstSegment() throws {
        let temp = TemporaryDirectory()
        _ = try ledger(temp)
        try FileManager.default.removeItem(atPath: segmentPath(temp.ledger, 1))
        #expect(openError(temp.ledger)?.description == "segment 00000001 is missing: the log starts at 00000002.seg")
    }

    @Test func aDeletedLastSegment() throws {
        let temp = TemporaryDirectory()
        let count = try ledger(temp)
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        var committedBefore: UInt64 = 0
        try log.forEachBatch { batch in
            if batch.location.segment < String(format: "%08d", count) { committedBefore = batch.lastSeq }
        }
        let previousEnd = fileSize(segmentPath(temp.ledger, count - 1))
        try FileManager.default.removeItem(atPath: segmentPath(temp.ledger, count))
        #expect(openError(temp.ledger)?.description
            == "log ends at entry \(committedBefore) but HEAD records 24 committed entries (the last segment, \(String(format: "%08d", count - 1)), ends at byte \(previousEnd); segment \(String(format: "%08d", count)), where HEAD's last batch ends, is missing)")
    }

    @Test func aRenamedSegment() throws {
        let temp = TemporaryDirectory()
        let count = try ledger(temp)
        try FileManager.default.moveItem(atPath: segmentPath(temp.ledger, count), toPath: segmentPath(temp.ledger, count + 1))
        #expect(openError(temp.ledger)?.description
            == "segment \(String(format: "%08d", count)) is missing: the log has \(String(format: "%08d", count - 1)).seg and then \(String(format: "%08d", count + 1)).seg")
        try FileManager.default.moveItem(atPath: segmentPath(temp.ledger, count + 1), toPath: segmentPath(temp.ledger, count))
        try FileManager.default.moveItem(atPath: segmentPath(temp.ledger, 3), toPath: temp.ledger + "/log/00000003.seg.old")
        #expect(openError(temp.ledger)?.description == "segment 00000003 is missing: the log has 00000002.seg and then 00000004.seg")
    }

    @Test func swappedSegments() throws {
        let temp = TemporaryDirectory()
        _ = try ledger(temp)
        let two = fileBytes(segmentPath(temp.ledger, 2))
        setFileBytes(segmentPath(temp.ledger, 2), fileBytes(segmentPath(temp.ledger, 3)))
        setFileBytes(segmentPath(temp.ledger, 3), two)
        #expect(openError(temp.ledger)?.description
            == "segment file 00000002.seg holds segment 00000003: expected its header to say 00000002; segments were renamed or swapped")
    }

    @Test func aSegmentFromAnotherLedger() throws {
        let temp = TemporaryDirectory()
        _ = try ledger(temp)
        let other = temp.path + "/other"
        try makeLedger(other, sizes: [4, 4, 4, 4, 4, 4], segmentSize: 600)
        setFileBytes(segmentPath(temp.ledger, 2), fileBytes(segmentPath(other, 2)))
        let ours = String(decoding: fileBytes(temp.ledger + "/FORMAT"), as: UTF8.self).split(separator: "\n")[1].dropFirst(7)
        let theirs = String(decoding: fileBytes(other + "/FORMAT"), as: UTF8.self).split(separator: "\n")[1].dropFirst(7)
        #expect(openError(temp.ledger)?.description == "segment 00000002 belongs to another ledger: expected ledger id \(ours), found \(theirs)")
    }

    @Test func aSegmentHeaderThatDoesNotContinueTheLog() throws {
        let temp = TemporaryDirectory()
        _ = try ledger(temp)
        let path = segmentPath(temp.ledger, 3)
        var bytes = fileBytes(path)
        let ledgerID = LedgerID(bytes: Array(bytes[40..<56]))
        let real = try SegmentHeader.decode(Array(bytes[0..<64]), fileNumber: 3, ledgerID: ledgerID)
        var forged = real
        forged.firstSeq += 1
        bytes.replaceSubrange(0..<64, with: forged.encoded())
        setFileBytes(path, bytes)
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        let error = try #require(storeError { try log.forEachEntry { _, _, _ in } })
        #expect(error.isDamage)
        #expect(error.description == "segment 00000003 does not continue segment 00000002: expected it to start at entry \(real.firstSeq) in batch \(real.batch) (begun at entry \(real.batchFirstSeq)), its header says entry \(real.firstSeq + 1) in batch \(real.batch) (begun at entry \(real.batchFirstSeq))")
        // A flipped bit in a header: its own checksum.
        flipBit(path, byte: 20, bit: 1)
        #expect(openError(temp.ledger)?.description.hasPrefix("header checksum mismatch in segment 00000003 at byte 56: expected ") == true)
    }

    @Test func headBehindTheLogIsRepairedByTheWriter() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5])
        let behind = fileBytes(temp.ledger + "/HEAD")
        do {
            let log = try SegmentLog.openForWriting(directory: temp.ledger)
            try writeBatches(log, sizes: [3])
        }
        let current = fileBytes(temp.ledger + "/HEAD")
        setFileBytes(temp.ledger + "/HEAD", behind)
        let reader = try SegmentLog.openForReading(directory: temp.ledger)
        #expect(reader.entryCount == 8)
        #expect(reader.lastCommitInfo == info(2))
        #expect(fileBytes(temp.ledger + "/HEAD") == behind, "readers change nothing")
        let writer = try SegmentLog.openForWriting(directory: temp.ledger)
        #expect(writer.recovery?.headEntriesBefore == 5)
        #expect(writer.recovery?.committedEntries == 8)
        #expect(fileBytes(temp.ledger + "/HEAD") == current)
    }

    @Test func headAheadOfTheLogIsDamage() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5])
        let shorter = fileBytes(segmentPath(temp.ledger, 1))
        do {
            let log = try SegmentLog.openForWriting(directory: temp.ledger)
            try writeBatches(log, sizes: [3])
        }
        setFileBytes(segmentPath(temp.ledger, 1), shorter)
        #expect(openError(temp.ledger)?.description
            == "log ends at entry 5 but HEAD records 8 committed entries (the last segment, 00000001, ends at byte \(shorter.count))")
        #expect(fileBytes(segmentPath(temp.ledger, 1)) == shorter)
    }

    @Test func headMissingOrEditedIsDamage() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5, 3])
        let path = temp.ledger + "/HEAD"
        let original = fileBytes(path)
        var head = try Head.parse(original, path: path)
        head.info[0] ^= 1
        setFileBytes(path, head.encoded())
        let mismatch = try #require(openError(temp.ledger)).description
        #expect(mismatch.hasPrefix("HEAD does not match the log: HEAD records batch 2 ending at entry 8 in segment 00000001 at byte \(head.end) with info \(Hex.encode(head.info)), but the log has batch 2 ending at entry 8 in segment 00000001 at byte \(head.end) with info \(Hex.encode(info(2)))"))

        setFileBytes(path, Array(original.dropLast(3)))
        #expect(openError(temp.ledger)?.description.hasPrefix("HEAD is unreadable: \(path): ") == true)
        try FileManager.default.removeItem(atPath: path)
        #expect(openError(temp.ledger)?.description == "HEAD is missing: expected \(path), which records how much of the log is committed")
    }
}
