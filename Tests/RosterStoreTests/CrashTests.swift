import Foundation
import Glibc
import Testing
@testable import RosterStore

/// kill -9 during large appends, repeated: the writer is this test binary
/// run again as a child process, appending batches until it is killed at a
/// random moment. Every batch whose commit returned must survive; what the
/// kill tore must be cut off by the next writer.
@Suite struct CrashTests {
    static let childVariable = "ROSTER_STORE_CRASH_CHILD_LEDGER"

    /// The child: appends batches of 0…3000 entries forever, writing the
    /// committed entry count to `DIR.acks` after each commit returns.
    static func writeUntilKilled(_ directory: String) -> Never {
        let acks = open(directory + ".acks", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        func say(_ line: String) { _ = line.withCString { write(acks, $0, strlen($0)) } }
        do {
            let log = try SegmentLog.openForWriting(directory: directory, options: LogOptions(segmentSize: 256 << 10, writeBufferSize: 16 << 10))
            if let recovery = log.recovery { say("# recovery: \(recovery)\n") }
            var random = SplitMix64(seed: UInt64(getpid()))
            while true {
                let batch = try log.beginBatch()
                for _ in 0..<Int.random(in: 0...3000, using: &random) { try batch.append(payload(batch.nextSeq)) }
                try batch.commit(info: info(log.batchCount + 1))
                say("\(log.entryCount)\n")
            }
        } catch {
            say("error \(error)\n")
            exit(1)
        }
    }

    /// The lines the children wrote: acknowledged counts, and (with `#`)
    /// what their recovery did.
    func lines(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func acknowledgements(_ path: String) -> [String] { lines(path).filter { !$0.hasPrefix("#") } }

    @Test func killedWritersNeverLoseACommittedBatch() throws {
        if let directory = ProcessInfo.processInfo.environment[Self.childVariable] { Self.writeUntilKilled(directory) }

        let seed: UInt64 = 0x5EED_0009
        var random = SplitMix64(seed: seed)
        let temp = TemporaryDirectory()
        try SegmentLog.create(directory: temp.ledger)
        let acks = temp.ledger + ".acks"
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        for round in 1...6 {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["--testing-library", "swift-testing", "--filter", "killedWritersNeverLoseACommittedBatch"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: temp.ledger]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            let before = acknowledgements(acks).count
            let wanted = before + Int.random(in: 1...4, using: &random)
            try child.run()
            let deadline = Date().addingTimeInterval(120)
            while acknowledgements(acks).count < wanted && child.isRunning && Date() < deadline { usleep(1000) }
            #expect(child.isRunning, "round \(round): the child stopped: \(acknowledgements(acks).last ?? "")")
            // Somewhere in the middle of the next batch, or of its commit.
            usleep(UInt32.random(in: 0..<30_000, using: &random))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()

            let lines = acknowledgements(acks)
            #expect(lines.count >= wanted, "round \(round), seed \(seed)")
            let acknowledged = UInt64(lines.last ?? "0") ?? 0
            let log = try SegmentLog.openForReading(directory: temp.ledger)
            #expect(log.entryCount >= acknowledged, "round \(round), seed \(seed): a committed batch was lost")
            var batches: UInt64 = 0
            try log.forEachBatch { batch in
                batches += 1
                #expect(batch.number == batches && batch.info == info(batch.number))
            }
            #expect(batches == log.batchCount)
            try expectLedger(temp.ledger, holds: log.entryCount)
        }
        let writer = try SegmentLog.openForWriting(directory: temp.ledger)
        let recoveries = lines(acks).filter { $0.hasPrefix("#") } + (writer.recovery.map { ["# recovery: \($0)"] } ?? [])
        print("CrashTests, seed \(seed): \(recoveries.count) recoveries after 6 kills\n" + recoveries.joined(separator: "\n"))
        let count = writer.entryCount
        try writeBatches(writer, sizes: [10])
        writer.close()
        try expectLedger(temp.ledger, holds: count + 10)
        #expect(try SegmentLog.openForWriting(directory: temp.ledger).recovery == nil)
    }
}
