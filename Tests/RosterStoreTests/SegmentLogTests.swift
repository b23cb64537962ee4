import Foundation
import Testing
@testable import RosterStore

@Suite struct SegmentLogTests {
    @Test func createsTheDirectoryLayout() throws {
        let temp = TemporaryDirectory()
        let nested = temp.path + "/a/b/ledger"
        try SegmentLog.create(directory: nested)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: nested))
        #expect(names == ["FORMAT", "HEAD", "lock", "log"])
        let format = String(decoding: fileBytes(nested + "/FORMAT"), as: UTF8.self)
        #expect(format.hasPrefix("roster-log 1\nledger "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: nested + "/log") == ["00000001.seg"])
        #expect(fileSize(segmentPath(nested, 1)) == 64)
        let log = try SegmentLog.openForReading(directory: nested)
        #expect(log.entryCount == 0)
        #expect(log.batchCount == 0)
        #expect(log.lastCommitInfo == [])
        #expect(try readAll(log) == [])
    }

    @Test func createRefusesALedgerOrAnythingElse() throws {
        let temp = TemporaryDirectory()
        try SegmentLog.create(directory: temp.ledger)
        #expect(storeError { try SegmentLog.create(directory: temp.ledger) } == .alreadyExists("a ledger already exists at \(temp.ledger)"))
        let other = temp.path + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: other + "/notes.txt", contents: Data("x".utf8)))
        let error = storeError { try SegmentLog.create(directory: other) }
        #expect(error == .alreadyExists("\(other) is not empty (it holds notes.txt): a ledger is created in a new or empty directory"))
        #expect(error?.isDamage == false)
    }

    @Test func openingWhereThereIsNoLedgerSaysSo() {
        let temp = TemporaryDirectory()
        let missing = temp.path + "/nowhere"
        let error = storeError { _ = try SegmentLog.openForReading(directory: missing) }
        #expect(error == .noLedger(directory: missing))
        #expect(error?.description == "no ledger at \(missing): run `roster init`")
        #expect(storeError { _ = try SegmentLog.openForWriting(directory: temp.path) } == .noLedger(directory: temp.path))
        #expect(!FileManager.default.fileExists(atPath: temp.path + "/lock"))
    }

    @Test func roundTripsManyBatchesAcrossSegmentRolls() throws {
        let seed: UInt64 = 20_260_101
        var random = SplitMix64(seed: seed)
        let sizes = (0..<60).map { _ in Int.random(in: 0...40, using: &random) }
        let total = UInt64(sizes.reduce(0, +))
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: sizes, segmentSize: 2000, writeBufferSize: 4096)
        #expect(segmentCount(temp.ledger) > 20, "seed \(seed)")
        try expectLedger(temp.ledger, holds: total)

        let log = try SegmentLog.openForReading(directory: temp.ledger)
        #expect(log.batchCount == UInt64(sizes.count))
        #expect(log.lastCommitInfo == info(UInt64(sizes.count)))
        var batches: [BatchSummary] = []
        try log.forEachBatch { batches.append($0) }
        #expect(batches.map(\.number) == Array(1...UInt64(sizes.count)))
        #expect(batches.map { Int($0.count) } == sizes)
        #expect(batches.allSatisfy { $0.info == info($0.number) && $0.lastSeq + 1 == $0.firstSeq + $0.count })
        // Locations are real: each entry's record starts where it says.
        let entries = try readAll(log)
        for entry in entries.filter({ $0.seq % 37 == 1 }) {
            let bytes = fileBytes(temp.ledger + "/log/" + entry.location.segment + ".seg")
            let offset = Int(entry.location.offset)
            #expect(bytes[offset + 8] == 1)
            #expect(Array(bytes[(offset + 9)..<(offset + 9 + entry.payload.count)]) == entry.payload)
        }
        #expect(entries[0].location.description == "segment 00000001 at byte 64")
    }

    @Test func appendingAfterReopeningContinuesTheLog() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [3, 4], segmentSize: 700)
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(segmentSize: 700))
        #expect(log.recovery == nil)
        #expect(log.holdsLock)
        let batch = try log.beginBatch()
        #expect(batch.nextSeq == 8)
        for _ in 0..<5 { try batch.append(payload(batch.nextSeq)) }
        try batch.commit(info: info(3))
        #expect(log.entryCount == 12)
        try writeBatches(log, sizes: [6, 0, 2])
        log.close()
        #expect(!log.holdsLock)
        try expectLedger(temp.ledger, holds: 20)
    }

    @Test func readsFromAnyStartingSeqWithTheBatchesThatEndThere() throws {
        let temp = TemporaryDirectory()
        let sizes = [5, 0, 7, 1, 0, 9, 4]
        try makeLedger(temp.ledger, sizes: sizes, segmentSize: 600)
        let log = try SegmentLog.openForReading(directory: temp.ledger)
        let all = try readAll(log)
        #expect(all.count == 26)
        for start in UInt64(0)...28 {
            #expect(try readAll(log, from: start) == Array(all.drop(while: { $0.seq < start })), "from \(start)")
            var ends: [UInt64] = []
            try log.forEachEntry(startingAt: start, batchEnd: { ends.append($0.number) }) { _, _, _ in }
            var expected: [UInt64] = []
            var first: UInt64 = 1
            for (index, size) in sizes.enumerated() {
                let last = first + UInt64(size) - 1
                if first >= start || last >= start { expected.append(UInt64(index + 1)) }
                first = last + 1
            }
            #expect(ends == expected, "from \(start)")
        }
    }

    @Test func emptyBatchesAndEmptyEntriesAreKept() throws {
        let temp = TemporaryDirectory()
        try SegmentLog.create(directory: temp.ledger)
        let log = try SegmentLog.openForWriting(directory: temp.ledger)
        let empty = try log.beginBatch()
        try empty.commit(info: [9, 9])
        #expect(log.batchCount == 1)
        #expect(log.entryCount == 0)
        #expect(log.lastCommitInfo == [9, 9])
        let batch = try log.beginBatch()
        try batch.append([])
        try batch.append([])
        try batch.commit(info: [])
        log.close()
        let reader = try SegmentLog.openForReading(directory: temp.ledger)
        #expect(try readAll(reader).map(\.payload) == [[], []])
        var batches: [BatchSummary] = []
        try reader.forEachBatch { batches.append($0) }
        #expect(batches.map(\.count) == [0, 2])
        #expect(batches.map(\.lastSeq) == [0, 2])
        #expect(batches.map(\.info) == [[9, 9], []])
    }

    @Test func streamsAHugeBatchThroughASmallBuffer() throws {
        let temp = TemporaryDirectory()
        try SegmentLog.create(directory: temp.ledger)
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(segmentSize: 1 << 20, writeBufferSize: 8192))
        let batch = try log.beginBatch()
        let count: UInt64 = 50_000
        for _ in 0..<count { try batch.append(payload(batch.nextSeq)) }
        #expect(log.entryCount == 0)
        try batch.commit(info: info(1))
        log.close()
        #expect(segmentCount(temp.ledger) >= 7)
        try expectLedger(temp.ledger, holds: count)
    }

    @Test func entriesLargerThanTheBuffersRoundTrip() throws {
        let temp = TemporaryDirectory()
        try SegmentLog.create(directory: temp.ledger)
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(segmentSize: 1 << 20, writeBufferSize: 4096))
        let big = (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        let batch = try log.beginBatch()
        try batch.append(payload(1))
        try batch.append(big)
        try batch.append(payload(3))
        let tooBig = [UInt8](repeating: 0, count: (16 << 20) + 1)
        #expect(storeError { try batch.append(tooBig) } == .misuse("an entry of 16777217 bytes is larger than the limit of 16777216 bytes"))
        try batch.commit(info: info(1))
        let reader = try SegmentLog.openForReading(directory: temp.ledger)
        let entries = try readAll(reader)
        #expect(entries.map(\.payload.count) == [payload(1).count, 5 << 20, payload(3).count])
        #expect(entries[1].payload == big)
        #expect(entries[2].payload == payload(3))
    }

    @Test func abortLeavesNothing() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [4], segmentSize: 1000)
        let before = fileBytes(segmentPath(temp.ledger, 1))
        let headBefore = fileBytes(temp.ledger + "/HEAD")
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(segmentSize: 1000, writeBufferSize: 4096))
        let batch = try log.beginBatch()
        for _ in 0..<200 { try batch.append(payload(batch.nextSeq)) }
        #expect(segmentCount(temp.ledger) > 3)
        batch.abort()
        #expect(segmentCount(temp.ledger) == 1)
        #expect(fileBytes(segmentPath(temp.ledger, 1)) == before)
        #expect(fileBytes(temp.ledger + "/HEAD") == headBefore)
        #expect(log.entryCount == 4)
        #expect(storeError { try batch.append([1]) } == .misuse("this batch is over: it was committed, aborted, or rolled back after an error"))
        // The next batch takes the same seqs; a dropped batch aborts itself.
        do {
            let dropped = try log.beginBatch()
            #expect(dropped.nextSeq == 5)
            try dropped.append(payload(5))
        }
        try writeBatches(log, sizes: [3])
        log.close()
        try expectLedger(temp.ledger, holds: 7)
    }

    @Test func readersSeeOnlyWhatWasCommittedWhenTheyOpened() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [10])
        let writer = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(segmentSize: 64 << 20, writeBufferSize: 4096))
        let batch = try writer.beginBatch()
        for _ in 0..<100 { try batch.append(payload(batch.nextSeq)) }
        #expect(fileSize(segmentPath(temp.ledger, 1)) > 10_000, "the open batch is on disk already")
        let during = try SegmentLog.openForReading(directory: temp.ledger)
        #expect(during.entryCount == 10)
        #expect(try readAll(during).count == 10)
        #expect(during.recovery == nil)
        #expect(!during.holdsLock)
        try batch.commit(info: info(2))
        #expect(try readAll(during).count == 10, "a reader keeps the view it opened with")
        try expectLedger(temp.ledger, holds: 110)
        #expect(storeError { _ = try during.beginBatch() }?.description == "the log at \(temp.ledger) was opened for reading: open it for writing to append")
        let open = try writer.beginBatch()
        #expect(storeError { _ = try writer.beginBatch() }?.description == "a batch is already open on the log at \(temp.ledger): commit or abort it first")
        open.abort()
    }
}
