import Foundation
import Glibc
import Testing
@testable import RosterStore

/// Full disks, failing fsyncs, read-only ledgers: the committed ledger stays
/// intact and the error says what happened.
@Suite struct FailureTests {
    /// Fills the disk in the middle of a big batch: the failing append throws
    /// `diskFull`, the batch is rolled back, and the ledger takes the next
    /// batch once there is room again.
    func fillTheDisk(_ directory: String, options: LogOptions, makeRoom: () -> Void = {}) throws {
        let log = try SegmentLog.openForWriting(directory: directory, options: options)
        try writeBatches(log, sizes: [100])
        let committed = fileBytes(segmentPath(directory, 1))
        let head = fileBytes(directory + "/HEAD")
        let batch = try log.beginBatch()
        var failure: StoreError?
        for _ in 0..<100_000 where failure == nil {
            do throws(StoreError) { try batch.append(payload(batch.nextSeq)) } catch { failure = error }
        }
        let error = try #require(failure)
        #expect(!error.isDamage)
        guard case .diskFull(let message) = error else {
            Issue.record("expected diskFull, got \(error)")
            return
        }
        #expect(message.hasPrefix("cannot write \(directory)/log/0000000"))
        #expect(message.contains(": No space left on device (ENOSPC); batch 2 was rolled back, the committed ledger is unchanged"))
        #expect(fileBytes(segmentPath(directory, 1)) == committed)
        #expect(segmentCount(directory) == 1)
        #expect(fileBytes(directory + "/HEAD") == head)
        #expect(log.entryCount == 100)
        #expect(storeError { try batch.append([1]) } == .misuse("this batch is over: it was committed, aborted, or rolled back after an error"))
        makeRoom()
        try writeBatches(log, sizes: [10])
        log.close()
        try expectLedger(directory, holds: 110)
    }

    @Test func aFullDisk() throws {
        let temp = TemporaryDirectory()
        if let tmpfs = temp.mountTmpfs(size: "1m") {
            try SegmentLog.create(directory: tmpfs + "/ledger")
            try fillTheDisk(tmpfs + "/ledger", options: LogOptions(segmentSize: 256 << 10, writeBufferSize: 64 << 10))
        } else {
            // Not allowed to mount here: the same on a disk that fills up
            // after 1 MiB, as the kernel would do it (a short write, then ENOSPC).
            try SegmentLog.create(directory: temp.ledger)
            var options = LogOptions(segmentSize: 256 << 10, writeBufferSize: 64 << 10)
            options.faults = FaultInjector()
            options.faults!.spaceLeft = 1 << 20
            try fillTheDisk(temp.ledger, options: options) { options.faults!.spaceLeft = 1 << 20 }
        }
    }

    enum FailurePoint: String, CaseIterable, Sendable {
        case flushDuringAppend, commitRecord, newSegment, headFile
    }

    static let cases: [(Int32, FailurePoint)] = [ENOSPC, EDQUOT, EFBIG].flatMap { code in FailurePoint.allCases.map { (code, $0) } }

    /// Each place a write can fail, with each "no room" errno.
    @Test(arguments: cases)
    func aFailedWriteLeavesTheCommittedLedgerIntact(_ code: Int32, _ point: FailurePoint) throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5], segmentSize: 4000)
        let before = (fileBytes(segmentPath(temp.ledger, 1)), fileBytes(temp.ledger + "/HEAD"))
        var options = LogOptions(segmentSize: 4000, writeBufferSize: 4096)
        let faults = FaultInjector()
        options.faults = faults
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
        faults.failure = { operation, path in
            switch point {
            case .flushDuringAppend, .commitRecord: return operation == .write && path.hasSuffix(".seg") ? code : nil
            case .newSegment: return operation == .open && path.hasSuffix("00000002.seg") ? code : nil
            case .headFile: return operation == .write && path.hasSuffix("HEAD.tmp") ? code : nil
            }
        }
        let batch = try log.beginBatch()
        let entries = point == .commitRecord ? 3 : 60
        let error = storeError {
            for _ in 0..<entries { try batch.append(payload(batch.nextSeq)) }
            try batch.commit(info: info(2))
        }
        guard case .diskFull(let message) = error else {
            Issue.record("expected diskFull, got \(String(describing: error))")
            return
        }
        #expect(message.contains("(\(FileIO.errnoName(code)!)); batch 2 was rolled back, the committed ledger is unchanged"), "\(message)")
        if point == .headFile { #expect(message.hasPrefix("cannot record the commit in HEAD: cannot write \(temp.ledger)/HEAD.tmp: ")) }
        #expect(fileBytes(segmentPath(temp.ledger, 1)) == before.0)
        #expect(fileBytes(temp.ledger + "/HEAD") == before.1)
        #expect(segmentCount(temp.ledger) == 1)
        #expect(log.entryCount == 5)
        try expectLedger(temp.ledger, holds: 5)

        faults.failure = { _, _ in nil }
        try writeBatches(log, sizes: [60])
        log.close()
        try expectLedger(temp.ledger, holds: 65)
        #expect(try SegmentLog.openForWriting(directory: temp.ledger).recovery == nil)
    }

    /// A failed fsync is never retried: the writer refuses further work and
    /// leaves the disk as it is; the next writer recovers like after a crash.
    @Test(arguments: ["commit", "roll"])
    func aFailedFsyncStopsTheWriter(_ when: String) throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [5], segmentSize: 4000)
        var options = LogOptions(segmentSize: 4000, writeBufferSize: 4096)
        let faults = FaultInjector()
        options.faults = faults
        let log = try SegmentLog.openForWriting(directory: temp.ledger, options: options)
        var syncs = 0
        faults.failure = { operation, path in
            guard operation == .sync, path.hasSuffix(".seg") else { return nil }
            syncs += 1
            return EIO
        }
        let batch = try log.beginBatch()
        let error = storeError {
            for _ in 0..<(when == "roll" ? 60 : 3) { try batch.append(payload(batch.nextSeq)) }
            try batch.commit(info: info(2))
        }
        #expect(syncs == 1, "fsync was not retried")
        guard case .io(let message) = error else {
            Issue.record("expected an I/O error, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("cannot fsync \(temp.ledger)/log/00000001.seg: Input/output error (EIO)"))
        #expect(message.hasSuffix("an fsync failed, so the log refuses further writes (reopen the ledger; recovery keeps only committed batches)"))
        let refused = storeError { _ = try log.beginBatch() }
        #expect(refused?.description.hasPrefix("the log at \(temp.ledger) refuses writes after an earlier failure (reopen it): cannot fsync") == true)
        #expect(syncs == 1)
        log.close()

        // What reached the disk decides: here the page cache kept the
        // writes, so after "the crash" the log holds what was written.
        let writer = try SegmentLog.openForWriting(directory: temp.ledger, options: LogOptions(segmentSize: 4000))
        if when == "commit" {
            #expect(writer.entryCount == 8)
            #expect(writer.recovery?.headEntriesBefore == 5)
        } else {
            #expect(writer.entryCount == 5)
            #expect(writer.recovery?.recordsRemoved ?? 0 > 0)
        }
        try writeBatches(writer, sizes: [4])
        writer.close()
        try expectLedger(temp.ledger, holds: writer.entryCount)
    }

    @Test func aReadOnlyLedgerCanBeReadButNotWritten() throws {
        let temp = TemporaryDirectory()
        var directory = temp.ledger
        var options = LogOptions()
        var expected = "Permission denied (EACCES)"
        if geteuid() != 0 {
            try makeLedger(directory, sizes: [4, 2])
            for path in [directory, directory + "/log"] { chmod(path, 0o555) }
            for path in ["/HEAD", "/FORMAT", "/lock", "/log/00000001.seg"] { chmod(directory + path, 0o444) }
        } else if let tmpfs = temp.mountTmpfs(size: "4m") {
            directory = tmpfs + "/ledger"
            try makeLedger(directory, sizes: [4, 2])
            #expect(temp.remountReadOnly(tmpfs))
            expected = "Read-only file system (EROFS)"
        } else {
            // Root without mount rights: permissions do not bind root, so
            // the system's refusal is injected.
            try makeLedger(directory, sizes: [4, 2])
            let faults = FaultInjector()
            faults.failure = { operation, path in operation == .open && path.hasSuffix("/lock") ? EACCES : nil }
            options.faults = faults
        }
        defer { for path in [directory, directory + "/log"] { chmod(path, 0o755) } }

        try expectLedger(directory, holds: 6)
        let error = storeError { _ = try SegmentLog.openForWriting(directory: directory, options: options) }
        guard case .permissionDenied(let message) = error else {
            Issue.record("expected permissionDenied, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("cannot open the ledger at \(directory) for writing: cannot "))
        #expect(message.hasSuffix(expected))
        #expect(error?.isDamage == false)
    }
}
