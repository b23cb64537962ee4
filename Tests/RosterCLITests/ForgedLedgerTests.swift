import Foundation
import Testing
import RosterCore
import RosterStore

/// Ledgers with correct checksums, commit records and hash chain in which
/// one event breaks one rule (written by `LedgerForger`, the rules
/// bypassed). Every rule is the ledger's own: `verify` names the seq, the
/// event id and the rule and exits 3; a report refuses the same way; an
/// append of a valid batch onto such a ledger exits 3 and writes nothing.
@Suite(.serialized) struct ForgedLedgerTests {
    /// Seq 1–3: two units and one admission, all valid.
    static let base = [
        #"{"id":"u1","type":"unit.established","effective":"2010-01-01","unit":"P","name":"P","kind":"committee","recorded":"2020-01-01T00:00:00Z"}"#,
        #"{"id":"u2","type":"unit.established","effective":"2010-01-01","unit":"C","name":"C","kind":"grassroots-cell","parent":"P","recorded":"2020-01-01T00:00:00Z"}"#,
        #"{"id":"m1","type":"member.admitted","effective":"2020-03-01","member":"M-1","unit":"C","person":{"name":"A","birthDate":"1990-01-01","gender":"male"},"recorded":"2020-03-02T00:00:00Z"}"#,
    ]

    static func rated(_ id: String, _ member: String = "M-1", recorded: String = "2021-01-05T00:00:00Z") -> String {
        #"{"id":"\#(id)","type":"member.rated","effective":"2020-12-31","member":"\#(member)","year":2020,"rating":"good","recorded":"\#(recorded)"}"#
    }
    static func retraction(_ id: String, _ target: String, recorded: String = "2021-02-01T00:00:00Z") -> String {
        #"{"id":"\#(id)","type":"event.retracted","effective":"2021-02-01","target":"\#(target)","reason":"entered twice","recorded":"\#(recorded)"}"#
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var lines: [String]
        var seq: Int64
        var id: String
        var rule: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "two events with the same id", lines: [rated("m1")], seq: 4, id: "m1", rule: "id-unique"),
        Case(name: "a retraction of a retraction", lines: [rated("x1"), retraction("r1", "x1"), retraction("r2", "r1")],
             seq: 6, id: "r2", rule: "retraction-of-retraction"),
        Case(name: "two retractions of one target", lines: [rated("x1"), retraction("r1", "x1"), retraction("r2", "x1")],
             seq: 6, id: "r2", rule: "retraction-of-retracted-event"),
        Case(name: "recorded going backwards", lines: [rated("x1", recorded: "2019-06-01T00:00:00Z")],
             seq: 4, id: "x1", rule: "recorded-never-decreases"),
        Case(name: "a confirmation after 6 months",
             lines: [#"{"id":"c1","type":"member.confirmed","effective":"2020-09-01","member":"M-1","recorded":"2020-09-02T00:00:00Z"}"#],
             seq: 4, id: "c1", rule: "member.confirmed"),
        Case(name: "an unknown event type",
             lines: [#"{"id":"z1","type":"member.teleported","effective":"2020-09-01","member":"M-1","recorded":"2020-09-02T00:00:00Z"}"#],
             seq: 4, id: "z1", rule: "event-format"),
        Case(name: "a member who never existed", lines: [rated("x1", "M-9")], seq: 4, id: "x1", rule: "member.rated"),
        Case(name: "a retraction of an unknown id", lines: [retraction("r1", "nope")], seq: 4, id: "r1", rule: "retraction-of-unknown-event"),
    ]

    static func forge(_ c: Case) throws -> String {
        let dir = TestPaths.temporaryDirectory("forged")
        try LedgerForger.write(directory: dir, batches: [base, c.lines])
        return dir
    }

    /// Every file of the ledger but the lock, by path.
    static func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)!
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir)
            if !isDir.boolValue, p != "lock" { out[p] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + p)) }
        }
        return out
    }

    @Test func theBaseAloneIsValid() throws {
        let dir = TestPaths.temporaryDirectory("forged-base")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = try LedgerForger.write(directory: dir, batches: [Self.base, [Self.rated("x1")]])
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 0, "\(v.err)")
        #expect(v.out.contains(head.hash.hex))
    }

    @Test(arguments: cases) func verifyNamesSeqIDAndRule(_ c: Case) throws {
        let dir = try Self.forge(c)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 3)
        #expect(v.err.hasPrefix("roster: the ledger failed verification: "), "\(v.err)")
        #expect(v.err.contains("seq \(c.seq)"), "\(v.err)")
        #expect(v.err.contains("(\(c.id))"), "\(v.err)")
        #expect(v.err.contains(c.rule), "\(v.err)")
        // The same, as values.
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        do {
            _ = try ledger.verify()
            Issue.record("verify accepted \(c.name)")
        } catch let d as LedgerDamage {
            #expect(d.seq == c.seq)
            #expect(d.eventID == c.id)
            #expect(d.rule == c.rule)
        }
    }

    @Test(arguments: cases) func reportsRefuseWithExitThree(_ c: Case) throws {
        let dir = try Self.forge(c)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for args in [["report", "snapshot", "--at", "2020-12-31"], ["report", "snapshot", "--at", "2020-12-31", "--known-at", "2020-06-01"],
                     ["report", "flows", "--from", "2019-12-31", "--to", "2020-12-31"],
                     ["report", "compare", "--from", "2019-12-31", "--to", "2020-12-31"],
                     ["report", "series", "--from", "2019-12-31", "--to", "2020-12-31", "--every", "year"],
                     ["report", "ratings", "--year", "2020"]] {
            let r = try EndToEndTests.roster(args + ["--ledger", dir])
            #expect(r.code == 3, "\(args): \(r.err)")
            #expect(r.err.contains("seq \(c.seq)") && r.err.contains("(\(c.id))"), "\(r.err)")
        }
        // Nothing was cached from a ledger that breaks a rule.
        #expect(!FileManager.default.fileExists(atPath: dir + "/cache/index.bin"))
    }

    @Test(arguments: cases) func anAppendOntoItExitsThreeAndWritesNothing(_ c: Case) throws {
        let dir = try Self.forge(c)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try Self.files(dir)
        let valid = #"{"id":"ok-1","type":"unit.established","effective":"2021-06-01","unit":"C3","name":"C3","kind":"grassroots-cell","parent":"P"}"#
        let r = try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: valid)
        #expect(r.code == 3, "\(r.err)")
        #expect(r.err.contains("seq \(c.seq)") && r.err.contains("(\(c.id))"), "\(r.err)")
        // The batch is not blamed: its input and its event are not named.
        #expect(!r.err.contains("ok-1") && !r.err.contains("line 1"), "\(r.err)")
        #expect(try Self.files(dir) == before)
    }

    /// A re-appended line whose id and content are the ledger's but whose
    /// `seq` or `hash` is not: refused (exit 1), never skipped.
    @Test func aDuplicateWithAnotherSeqOrHashIsRefused() throws {
        let dir = TestPaths.temporaryDirectory("forged-dup")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = try LedgerForger.write(directory: dir, batches: [Self.base])
        let ledger = try Ledger.openForReading(directory: dir)
        var exported = ""
        try ledger.export { exported += String(decoding: $0, as: UTF8.self) }
        ledger.close()
        let last = exported.split(separator: "\n").last.map(String.init)!
        #expect(last.contains(head.hash.hex))
        let otherHash = String(repeating: "ab", count: 32)
        let cases: [(String, String, String)] = [
            (last.replacingOccurrences(of: head.hash.hex, with: otherHash), "hash-matches-ledger",
             "-: line 1 (m1): hash does not match: the line says \(otherHash), the ledger has \(head.hash.hex) for event m1 (seq 3)"),
            (last.replacingOccurrences(of: #"{"seq":3,"#, with: #"{"seq":2,"#), "seq-matches-ledger",
             "-: line 1 (m1): seq 2 does not match the ledger: event m1 is seq 3"),
        ]
        for (line, rule, message) in cases {
            #expect(line != last)
            let r = try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: line)
            #expect(r.code == 1, "\(r.err)")
            #expect(r.err.contains(message.dropFirst(3)), "\(r.err)")
            let l = try Ledger.openForWriting(directory: dir)
            defer { l.close() }
            do {
                _ = try l.append([BatchInput(name: "copy.jsonl", source: BytesSource(Array(line.utf8)))], now: Timestamp(seconds: 1_800_000_000))
                Issue.record("accepted \(line)")
            } catch let e as AppendRejected {
                #expect(e.input == "copy.jsonl" && e.line == 1 && e.eventID == "m1")
                guard case .knowledge(let v) = e.reason else { Issue.record("\(e.reason)"); continue }
                #expect(v.rule == rule)
                #expect(v.seq == 3)
            }
        }
        // The untouched line is a duplicate, skipped.
        let r = try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: last)
        #expect(r.code == 0, "\(r.err)")
    }
}
