import Foundation
import Glibc
import Testing
@testable import RosterStore

/// What happened, in the order it happened, across threads.
final class Timeline: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []

    func record(_ event: String) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}

@Suite struct LockTests {
    /// Waits until someone is blocked waiting for the flock on `path`, as
    /// /proc/locks shows it ("->" marks a waiter). A condition, not a timed
    /// guess: it returns as soon as the waiter is there.
    func waitUntilSomeoneWaits(forLockOn path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let inode = "\(info.st_ino)"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("->") {
                let device = line.split(separator: " ").first { $0.split(separator: ":").count == 3 }
                if device?.split(separator: ":").last.map(String.init) == inode { return true }
            }
            usleep(200)
        }
        return false
    }

    @Test func aSecondWriterWaitsUntilTheFirstIsDone() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [2])
        let first = try SegmentLog.openForWriting(directory: temp.ledger)
        #expect(first.holdsLock)
        let batch = try first.beginBatch()
        for _ in 0..<10 { try batch.append(payload(batch.nextSeq)) }

        let timeline = Timeline()
        let finished = DispatchSemaphore(value: 0)
        let directory = temp.ledger
        let thread = Thread {
            do {
                let second = try SegmentLog.openForWriting(directory: directory)
                timeline.record("second opened, seeing \(second.entryCount) entries")
                let batch = try second.beginBatch()
                timeline.record("second appends from \(batch.nextSeq)")
                for _ in 0..<5 { try batch.append(payload(batch.nextSeq)) }
                try batch.commit(info: info(3))
                second.close()
            } catch {
                timeline.record("second failed: \(error)")
            }
            finished.signal()
        }
        thread.start()
        #expect(waitUntilSomeoneWaits(forLockOn: directory + "/lock"))
        // Readers are not held up by either writer.
        #expect(try SegmentLog.openForReading(directory: directory).entryCount == 2)
        timeline.record("first commits")
        try batch.commit(info: info(2))
        first.close()
        #expect(!first.holdsLock)
        finished.wait()
        #expect(timeline.all == ["first commits", "second opened, seeing 12 entries", "second appends from 13"])
        try expectLedger(directory, holds: 17)
    }

    /// The lock belongs to a process: when the holder dies (kill -9), the
    /// kernel releases it and the waiting writer goes on.
    @Test func theLockIsReleasedWhenItsHolderIsKilled() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [3])
        let lockPath = strdup(temp.ledger + "/lock")!
        defer { free(lockPath) }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let child = fork()
        if child == 0 {
            // The child only makes async-signal-safe calls.
            let fd = open(lockPath, O_RDWR)
            _ = flock(fd, LOCK_EX)
            var ready: UInt8 = 1
            _ = write(writeEnd, &ready, 1)
            while true { pause() }
        }
        #expect(child > 0)
        close(writeEnd)
        var ready: UInt8 = 0
        #expect(read(readEnd, &ready, 1) == 1, "the child holds the lock")
        close(readEnd)

        let timeline = Timeline()
        let finished = DispatchSemaphore(value: 0)
        let directory = temp.ledger
        Thread {
            do {
                let writer = try SegmentLog.openForWriting(directory: directory)
                timeline.record("writer opened")
                try writeBatches(writer, sizes: [2])
            } catch {
                timeline.record("writer failed: \(error)")
            }
            finished.signal()
        }.start()
        #expect(waitUntilSomeoneWaits(forLockOn: directory + "/lock"))
        timeline.record("holder killed")
        kill(child, SIGKILL)
        var status: Int32 = 0
        waitpid(child, &status, 0)
        finished.wait()
        #expect(timeline.all == ["holder killed", "writer opened"])
        try expectLedger(directory, holds: 5)
    }
}
