import Foundation
import Glibc
import Testing
import RosterCore
import RosterStore

/// Faults seen through the command line: a file size limit hit mid-append
/// (the disk "fills up"), a ledger the user may not write or read, a missing
/// segment. Clear message, the exit code of docs/CLI.md, and what was committed stays
/// committed and verifies. (The store-level versions, with injected errnos
/// and tmpfs mounts, are in RosterStoreTests/FailureTests.swift.)
@Suite(.serialized) struct FaultTests {
    typealias Run = EndToEndTests.Run

    /// Runs `/bin/sh -c script roster ARGS…` (the script says `exec "$0" "$@"`).
    static func shell(_ script: String, _ args: [String]) throws -> Run {
        try runProcess("/bin/sh", ["-c", script, EndToEndTests.binary] + args)
    }

    static func ledgerWithUnits(_ name: String) throws -> String {
        let dir = TestPaths.temporaryDirectory(name)
        #expect(try EndToEndTests.roster(["init", "--ledger", dir]).code == 0)
        let units = AppendTests.units.split(separator: "\n").prefix(3).joined(separator: "\n")
        #expect(try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: units).code == 0)
        return dir
    }

    /// `ulimit -f` (1 MiB) under a 6 MB batch: the write fails with EFBIG
    /// like a full disk, the batch is rolled back, exit 1, and the ledger
    /// verifies with the head it had; the next append goes through.
    @Test func aFullDiskMidAppendRollsTheBatchBack() throws {
        let dir = try Self.ledgerWithUnits("fault-full")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "-big.jsonl"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var text = ""
        for i in 0..<30_000 {
            text += #"{"id":"f\#(i)","type":"member.registered","effective":"2015-01-01","member":"F\#(i)","unit":"C","status":"full","person":{"name":"Lê Thị \#(i)","birthDate":"1980-01-01","gender":"female"}}"# + "\n"
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try EndToEndTests.roster(["verify", "--ledger", dir])
        // SIGXFSZ ignored (an ignored signal stays ignored across exec), so
        // the write returns EFBIG; dash counts ulimit -f in 512-byte blocks.
        let r = try Self.shell(#"trap '' XFSZ; ulimit -f 2048; exec "$0" "$@""#, ["append", "--ledger", dir, file])
        #expect(r.code == 1, "exit \(r.code): \(r.err)")
        #expect(r.err.hasPrefix("roster: cannot write \(dir)/log/00000001.seg: File too large (EFBIG); batch 2 was rolled back, the committed ledger is unchanged"), "\(r.err)")
        let after = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(after.code == 0 && after.out == before.out, "\(after.out)\(after.err)")
        let next = try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: AppendTests.units.split(separator: "\n")[3] + "\n")
        #expect(next.code == 0 && next.out.hasPrefix("added 1 events"), "\(next.out)\(next.err)")
        #expect(try EndToEndTests.roster(["verify", "--ledger", dir]).out.hasPrefix("ok: 4 events"))
    }

    /// Another user (nobody) may read the ledger but not append: exit 1 with
    /// the errno; a directory they cannot even read is exit 1 too, not damage.
    @Test func aLedgerTheUserMayNotWrite() throws {
        let dir = try Self.ledgerWithUnits("fault-perm")
        defer { chmod(dir, 0o755); try? FileManager.default.removeItem(atPath: dir) }
        // Root is not bound by permissions: run roster as nobody.
        let asOther = geteuid() == 0 ? #"exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0" "$@""# : #"exec "$0" "$@""#
        if geteuid() != 0 {
            for path in [dir, dir + "/log"] { chmod(path, 0o555) }
            for path in ["/HEAD", "/FORMAT", "/lock", "/log/00000001.seg"] { chmod(dir + path, 0o444) }
        }
        let read = try Self.shell(asOther, ["verify", "--ledger", dir])
        #expect(read.code == 0 && read.out.hasPrefix("ok: 3 events"), "\(read.out)\(read.err)")
        let write = try Self.shell(asOther, ["append", "--ledger", dir, "-"])
        #expect(write.code == 1, "exit \(write.code): \(write.err)")
        #expect(write.err.hasPrefix("roster: cannot open the ledger at \(dir) for writing: cannot "), "\(write.err)")
        #expect(write.err.hasSuffix("Permission denied (EACCES)\n"), "\(write.err)")
        chmod(dir, 0o000)
        let hidden = try Self.shell(asOther, ["verify", "--ledger", dir])
        #expect(hidden.code == 1, "exit \(hidden.code): \(hidden.err)")
        #expect(hidden.err.contains("Permission denied (EACCES)"), "\(hidden.err)")
        chmod(dir, 0o755)
        chmod(dir + "/log", 0o755)
        #expect(try EndToEndTests.roster(["verify", "--ledger", dir]).code == 0)
    }

    /// The only segment deleted: verify, reports and append refuse (exit 3).
    @Test func aMissingSegmentIsDamage() throws {
        let dir = try Self.ledgerWithUnits("fault-missing")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/log/00000001.seg")
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 3, "\(v.err)")
        #expect(v.err.contains("00000001"), "\(v.err)")
        #expect(try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2020-01-01"]).code == 3)
        #expect(try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: AppendTests.units.split(separator: "\n")[3] + "\n").code == 3)
    }
}
