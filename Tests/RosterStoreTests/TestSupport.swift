import Foundation
import Glibc
import Testing
@_exported import RosterTestSupport
@testable import RosterStore

/// A directory under the system's temporary directory, removed (with any
/// tmpfs mounted in it) when the value goes away.
final class TemporaryDirectory {
    let path: String
    private var mounts: [String] = []

    init(_ name: String = #function) {
        let safe = String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40))
        path = FileManager.default.temporaryDirectory.path + "/roster-store-\(safe)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        for mount in mounts.reversed() { _ = umount2(mount, Int32(MNT_DETACH)) }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The ledger directory inside (not created).
    var ledger: String { path + "/ledger" }

    /// Mounts a tmpfs of `size` at a new subdirectory; nil when this process
    /// may not mount (not root, or no CAP_SYS_ADMIN).
    func mountTmpfs(size: String) -> String? {
        let point = path + "/tmpfs-\(mounts.count)"
        try! FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: false)
        guard mount("tmpfs", point, "tmpfs", 0, "size=\(size)") == 0 else { return nil }
        mounts.append(point)
        return point
    }

    func remountReadOnly(_ point: String) -> Bool {
        mount("tmpfs", point, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0
    }
}

/// The payload the tests store as entry `seq`: its length varies with seq
/// (0 to 300 bytes) and every byte depends on seq, so any mix-up shows.
func payload(_ seq: UInt64) -> [UInt8] {
    let length = Int((seq &* 2_654_435_761) % 301)
    let text = Array("entry \(seq);".utf8)
    return (0..<length).map { i in i < text.count ? text[i] : UInt8(truncatingIfNeeded: seq &+ UInt64(i) &* 31) }
}

/// The commit info the tests give batch `number`: 32 bytes, like a hash.
func info(_ number: UInt64) -> [UInt8] {
    (0..<32).map { UInt8(truncatingIfNeeded: number &* 131 &+ UInt64($0) &* 7) }
}

/// Appends batches of the given sizes (payload(seq) for each entry) and
/// commits each with info(batch number).
func writeBatches(_ log: SegmentLog, sizes: [Int]) throws {
    for size in sizes {
        let batch = try log.beginBatch()
        for _ in 0..<size { try batch.append(payload(batch.nextSeq)) }
        try batch.commit(info: info(log.batchCount + 1))
    }
}

/// A new ledger with committed batches of the given sizes.
func makeLedger(_ directory: String, sizes: [Int], segmentSize: Int64 = 64 << 20, writeBufferSize: Int = 1 << 20) throws {
    try SegmentLog.create(directory: directory)
    let log = try SegmentLog.openForWriting(directory: directory, options: LogOptions(segmentSize: segmentSize, writeBufferSize: writeBufferSize))
    defer { log.close() }
    try writeBatches(log, sizes: sizes)
}

struct ReadEntry: Equatable {
    var seq: UInt64
    var payload: [UInt8]
    var location: EntryLocation
}

/// Every committed entry, copied out.
func readAll(_ log: SegmentLog, from seq: UInt64 = 1) throws -> [ReadEntry] {
    var entries: [ReadEntry] = []
    try log.forEachEntry(startingAt: seq) { seq, bytes, location in
        entries.append(ReadEntry(seq: seq, payload: Array(bytes), location: location))
    }
    return entries
}

/// Checks that the ledger holds exactly entries 1…count, payload(seq) each.
func expectLedger(_ directory: String, holds count: UInt64, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let log = try SegmentLog.openForReading(directory: directory)
    defer { log.close() }
    #expect(log.entryCount == count, sourceLocation: sourceLocation)
    let entries = try readAll(log)
    #expect(entries.map(\.seq) == Array(stride(from: 1, through: count, by: 1)), sourceLocation: sourceLocation)
    #expect(entries.allSatisfy { $0.payload == payload($0.seq) }, sourceLocation: sourceLocation)
}

/// The StoreError `body` throws, or nil (recorded as an issue) when it throws none.
func storeError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> StoreError? {
    do {
        try body()
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
    Issue.record("expected a StoreError, nothing was thrown", sourceLocation: sourceLocation)
    return nil
}

// MARK: Breaking files

func segmentPath(_ directory: String, _ number: Int) -> String {
    directory + "/log/" + String(format: "%08d.seg", number)
}

func fileBytes(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path)!)
}

func setFileBytes(_ path: String, _ bytes: [UInt8]) {
    try! Data(bytes).write(to: URL(fileURLWithPath: path))
}

func fileSize(_ path: String) -> Int {
    (try! FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber).intValue
}

func truncateFile(_ path: String, to length: Int) {
    #expect(truncate(path, off_t(length)) == 0)
}

func flipBit(_ path: String, byte: Int, bit: Int) {
    var bytes = fileBytes(path)
    bytes[byte] ^= UInt8(1 << bit)
    setFileBytes(path, bytes)
}

func segmentCount(_ directory: String) -> Int {
    (try! FileManager.default.contentsOfDirectory(atPath: directory + "/log")).filter { $0.hasSuffix(".seg") }.count
}
