import Foundation
import Testing
import RosterCore
import RosterStore

/// The built `roster` executable, run as a user would.
@Suite(.serialized) struct EndToEndTests {
    static var binary: String {
        let debug = TestPaths.repository.appendingPathComponent(".build/debug/roster").path
        return debug
    }

    typealias Run = ProcessRun

    @discardableResult
    static func roster(_ args: [String], stdin: String? = nil) throws -> Run {
        try runProcess(binary, args, stdin: stdin.map { Array($0.utf8) })
    }

    @Test func exitCodesFollowTheSpec() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build roster first (swift build)")
        let dir = TestPaths.temporaryDirectory("e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.roster(["init", "--ledger", dir]).code == 0)
        #expect(try Self.roster(["frobnicate"]).code == 2)
        #expect(try Self.roster(["report", "snapshot", "--ledger", dir]).code == 2)
        #expect(try Self.roster(["append", "--ledger", dir, "--bogus", "x"]).code == 2)
        let bad = try Self.roster(["append", "--ledger", dir, "-"], stdin: "{\"id\":\"a\",\"type\":\"unit.established\",\"effective\":\"2010-01-01\",\"unit\":\"P\",\"name\":\"P\",\"kind\":\"committe\"}\n")
        #expect(bad.code == 1)
        #expect(bad.err.contains("<stdin> line 1 (a): kind: expected one of committee"), "\(bad.err)")
        let ok = try Self.roster(["append", "--ledger", dir, "-"], stdin: "{\"id\":\"a\",\"type\":\"unit.established\",\"effective\":\"2010-01-01\",\"unit\":\"P\",\"name\":\"P\",\"kind\":\"committee\"}\n")
        #expect(ok.code == 0 && ok.out.hasPrefix("added 1 events, skipped 0 duplicates; head seq 1 hash "), "\(ok.out)\(ok.err)")
        #expect(try Self.roster(["verify", "--ledger", dir]).code == 0)
        #expect(try Self.roster(["report", "snapshot", "--ledger", dir, "--at", "2011-01-01", "--unit", "NOPE"]).code == 1)
        #expect(try Self.roster(["history", "unit", "P", "--ledger", dir, "--format", "json"]).code == 0)
        // Damage: flip a byte in the middle of the only segment → exit 3 for verify and reports.
        let seg = dir + "/log/" + (try FileManager.default.contentsOfDirectory(atPath: dir + "/log").sorted().first!)
        var data = try Data(contentsOf: URL(fileURLWithPath: seg))
        data[data.count / 2] ^= 0x20
        try data.write(to: URL(fileURLWithPath: seg))
        let v = try Self.roster(["verify", "--ledger", dir])
        #expect(v.code == 3, "\(v.err)")
        #expect(v.err.contains("segment"), "\(v.err)")
        #expect(try Self.roster(["report", "snapshot", "--ledger", dir, "--at", "2011-01-01"]).code == 3)
    }

    /// kill -9 in the middle of a large append, several times: verify passes
    /// and the batch is either all there or not there at all.
    @Test func sigkillDuringALargeAppendLosesNothingCommitted() throws {
        let dir = TestPaths.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.roster(["init", "--ledger", dir])
        let first = #"{"id":"p","type":"unit.established","effective":"2000-01-01","unit":"P","name":"P","kind":"committee"}"# + "\n" +
                    #"{"id":"c","type":"unit.established","effective":"2000-01-01","unit":"C","name":"C","kind":"grassroots-cell","parent":"P"}"#
        #expect(try Self.roster(["append", "--ledger", dir, "-"], stdin: first).code == 0)
        for round in 0..<3 {
            let file = dir + "-batch\(round).jsonl"
            defer { try? FileManager.default.removeItem(atPath: file) }
            var text = ""
            for i in 0..<60_000 {
                text += #"{"id":"k\#(round)-\#(i)","type":"member.registered","effective":"2001-01-01","member":"K\#(round)-\#(i)","unit":"C","status":"full","person":{"name":"Nguyễn Văn \#(i)","birthDate":"1970-01-01","gender":"male"}}"# + "\n"
            }
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let before = try Ledger.openForReading(directory: dir)
            let headBefore = before.head
            before.close()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.binary)
            p.arguments = ["append", "--ledger", dir, file]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Kill once the batch has started reaching the disk (or after it ended).
            let seg = dir + "/log"
            let start = Date()
            func logBytes() -> Int {
                ((try? FileManager.default.contentsOfDirectory(atPath: seg)) ?? []).reduce(0) {
                    $0 + ((try? FileManager.default.attributesOfItem(atPath: seg + "/" + $1)[.size] as? Int) ?? 0)
                }
            }
            let baseline = logBytes()
            while p.isRunning && logBytes() < baseline + 200_000 * (round + 1) && Date().timeIntervalSince(start) < 60 {
                usleep(2_000)
            }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let v = try Self.roster(["verify", "--ledger", dir])
            #expect(v.code == 0, "round \(round): \(v.err)")
            let after = try Ledger.openForReading(directory: dir)
            let headAfter = after.head
            after.close()
            #expect(headAfter.seq == headBefore.seq || headAfter.seq == headBefore.seq + 60_000,
                    "round \(round): head moved from \(headBefore.seq) to \(headAfter.seq): a partial batch")
            // A later append still works (the writer cuts the torn tail).
            let next = try Self.roster(["append", "--ledger", dir, "-"], stdin: #"{"id":"after\#(round)","type":"unit.renamed","effective":"2002-01-01","unit":"C","name":"C\#(round)"}"#)
            #expect(next.code == 0, "round \(round): \(next.err)")
        }
    }
}
