import Foundation
import Testing
@testable import RosterStore

/// Writes and reads back one batch of 200-byte entries and prints the rates.
/// 200,000 entries by default; set ROSTER_STORE_BENCH_ENTRIES for more, and
/// measure in release mode:
///
///     ROSTER_STORE_BENCH_ENTRIES=5000000 swift test -c release -Xswiftc -enable-testing --filter ThroughputTests
@Suite struct ThroughputTests {
    @Test func writesAndReadsOneBigBatchOf200ByteEntries() throws {
        let count = Int(ProcessInfo.processInfo.environment["ROSTER_STORE_BENCH_ENTRIES"] ?? "") ?? 200_000
        let temp = TemporaryDirectory()
        try SegmentLog.create(directory: temp.ledger)
        var entry = [UInt8](repeating: UInt8(ascii: "x"), count: 200)

        let writeStart = ContinuousClock.now
        let log = try SegmentLog.openForWriting(directory: temp.ledger)
        let batch = try log.beginBatch()
        try entry.withUnsafeMutableBytes { bytes in
            for seq in 1...UInt64(count) {
                bytes.storeBytes(of: seq.littleEndian, as: UInt64.self)
                try batch.append(UnsafeRawBufferPointer(bytes))
            }
        }
        let commitStart = ContinuousClock.now
        try batch.commit(info: [UInt8](repeating: 7, count: 32))
        log.close()
        let commitTime = ContinuousClock.now - commitStart
        let writeTime = ContinuousClock.now - writeStart

        let readStart = ContinuousClock.now
        let reader = try SegmentLog.openForReading(directory: temp.ledger)
        var seen = 0
        var inOrder = true
        var bytesRead = 0
        try reader.forEachEntry { seq, payload, _ in
            seen += 1
            bytesRead += payload.count
            if UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self)) != seq { inOrder = false }
        }
        let readTime = ContinuousClock.now - readStart

        #expect(seen == count)
        #expect(inOrder)
        #expect(bytesRead == count * 200)
        func rate(_ time: Duration) -> String {
            let seconds = Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18
            let perSecond = Double(count) / seconds
            return String(format: "%.0f entries/s, %.0f MB/s of payload, %.0f MB/s on disk (%.3f s)",
                          perSecond, perSecond * 200 / 1e6, perSecond * 209 / 1e6, seconds)
        }
        print("RosterStore throughput, \(count) entries of 200 bytes in one batch")
        print("  write (append + commit, fsync): \(rate(writeTime)); the final commit (flush, fsync, HEAD) took \(commitTime)")
        print("  read (open + forEachEntry, checksums checked): \(rate(readTime))")
    }
}
