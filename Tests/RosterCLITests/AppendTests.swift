import Foundation
import Testing
import RosterCore
import RosterStore

/// Every kind of bad input is refused with a message naming the file, the
/// line, the event id and the rule — and the ledger is byte-for-byte unchanged.
@Suite struct AppendTests {
    static let units = [
        #"{"id":"u1","type":"unit.established","effective":"2010-01-01","unit":"P","name":"P","kind":"committee","recorded":"2020-01-01T00:00:00Z"}"#,
        #"{"id":"u2","type":"unit.established","effective":"2010-01-01","unit":"C","name":"C","kind":"grassroots-cell","parent":"P","recorded":"2020-01-01T00:00:00Z"}"#,
        #"{"id":"u3","type":"unit.established","effective":"2010-01-01","unit":"C2","name":"C2","kind":"grassroots-cell","parent":"P","recorded":"2020-01-01T00:00:00Z"}"#,
        #"{"id":"m1","type":"member.admitted","effective":"2020-03-01","member":"M-7","unit":"C","person":{"name":"A","birthDate":"1990-01-01","gender":"male"},"recorded":"2020-01-01T00:00:00Z"}"#,
    ].joined(separator: "\n")

    /// The contents of every file of a ledger directory.
    func contents(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)!
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir)
            if !isDir.boolValue { out[p] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + p)) }
        }
        return out
    }

    /// Appends `text` after the base history and returns the refusal message.
    func refusal(_ text: String, bytes: [UInt8]? = nil) throws -> String {
        let dir = TestPaths.temporaryDirectory("append")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(Self.units, to: dir)
        let before = try contents(dir)
        var message = "accepted"
        do {
            let l = try Ledger.openForWriting(directory: dir)
            defer { l.close() }
            _ = try l.append([BatchInput(name: "batch.jsonl", source: BytesSource(bytes ?? Array(text.utf8)))], now: Timestamp(seconds: 1_700_000_000))
        } catch let e as AppendRejected {
            message = e.message
        }
        #expect(try contents(dir) == before, "the ledger changed after a refused batch: \(message)")
        return message
    }

    static let good = #"{"id":"ok","type":"member.transferred","effective":"2020-06-01","member":"M-7","unit":"C2"}"#

    @Test(arguments: [
        ("not JSON", "{\"id\": \"x\",", "batch.jsonl line 2: not valid JSON at byte"),
        ("not an object", "[1,2]", "batch.jsonl line 2: expected a JSON object, found an array"),
        ("unknown field", #"{"id":"e-1","type":"member.confirmed","effective":"2021-03-01","member":"M-7","membre":"x"}"#,
         #"batch.jsonl line 2 (e-1): unknown field "membre" for member.confirmed (its fields: member)"#),
        ("unknown type", #"{"id":"e-1","type":"member.promoted","effective":"2021-03-01","member":"M-7"}"#,
         #"batch.jsonl line 2 (e-1): unknown event type "member.promoted""#),
        ("missing field", #"{"id":"e-1","type":"member.transferred","effective":"2021-03-01","member":"M-7"}"#,
         #"batch.jsonl line 2 (e-1): missing field "unit""#),
        ("wrong JSON type", #"{"id":"e-1","type":"unit.rated","effective":"2021-03-01","unit":"C","year":"2020","rating":"good"}"#,
         #"batch.jsonl line 2 (e-1): year: expected an integer, found the string "2020""#),
        ("impossible date", #"{"id":"e-1","type":"member.confirmed","effective":"2013-02-30","member":"M-7"}"#,
         #"batch.jsonl line 2 (e-1): effective: expected a date YYYY-MM-DD that exists, found "2013-02-30""#),
        ("bad vocabulary", #"{"id":"e-1","type":"member.disciplined","effective":"2021-03-01","member":"M-7","penalty":"fine"}"#,
         #"batch.jsonl line 2 (e-1): penalty: expected one of reprimand, warning, dismissal; found "fine""#),
        ("id too long", #"{"id":""# + String(repeating: "x", count: 129) + #"","type":"member.confirmed","effective":"2021-03-01","member":"M-7"}"#,
         "batch.jsonl line 2: id: expected an id of 1 to 128 characters, found 129 characters"),
        ("a rule", #"{"id":"e-0012","type":"member.confirmed","effective":"2021-02-01","member":"M-7"}"#,
         "batch.jsonl line 2 (e-0012): member.confirmed M-7: probation began 2020-03-01; confirmation needs 12 months (earliest 2021-03-01)"),
        ("a late event that breaks the timeline", #"{"id":"e-2","type":"member.died","effective":"2020-04-01","member":"M-7"}"#,
         "batch.jsonl line 1 (ok): member.transferred M-7: M-7 is not a current member on 2020-06-01 (left on 2020-04-01 by member.died)"),
        ("same id, other content", #"{"id":"m1","type":"member.died","effective":"2020-04-01","member":"M-7"}"#,
         "batch.jsonl line 2 (m1): event id already exists in the ledger (seq 4) with different content; correct it with event.retracted and a new event"),
        ("same id twice in the batch", #"{"id":"ok","type":"member.died","effective":"2020-07-01","member":"M-7"}"#,
         "batch.jsonl line 2 (ok): event id ok appears twice in this batch with different content"),
        ("recorded in the future", #"{"id":"e-1","type":"member.confirmed","effective":"2021-03-01","member":"M-7","recorded":"2099-01-01T00:00:00Z"}"#,
         "batch.jsonl line 2 (e-1): recorded 2099-01-01T00:00:00Z is in the future (now is 2023-11-14T22:13:20Z)"),
        ("recorded before the last", #"{"id":"e-1","type":"member.confirmed","effective":"2021-03-01","member":"M-7","recorded":"2019-01-01T00:00:00Z"}"#,
         "batch.jsonl line 2 (e-1): recorded 2019-01-01T00:00:00Z is earlier than the last recorded event (2023-11-14T22:13:20Z)"),
        ("retract a retraction", #"{"id":"r1","type":"event.retracted","effective":"2021-03-01","target":"ok","reason":"x"}"# + "\n" +
         #"{"id":"r2","type":"event.retracted","effective":"2021-03-01","target":"r1","reason":"x"}"#,
         "batch.jsonl line 3 (r2): event.retracted r1: r1 is a retraction; a retraction cannot be retracted"),
        ("retract an unknown event", #"{"id":"r1","type":"event.retracted","effective":"2021-03-01","target":"nope","reason":"x"}"#,
         "batch.jsonl line 2 (r1): event.retracted nope: no event with id nope in the ledger"),
        ("retract an admission later events depend on", #"{"id":"r1","type":"event.retracted","effective":"2021-03-01","target":"m1","reason":"x"}"#,
         "batch.jsonl line 1 (ok): member.transferred M-7: M-7 is not a member on 2020-06-01 (no admission, registration or transfer in before it)"),
        ("a wrong seq", #"{"seq":9,"hash":"00","id":"e-1","type":"member.confirmed","effective":"2021-03-01","member":"M-7"}"#,
         "batch.jsonl line 2 (e-1): hash: expected 64 hexadecimal digits, found \"00\""),
    ])
    func refused(_ what: String, _ line: String, _ expected: String) throws {
        let message = try refusal(Self.good + "\n" + line)
        #expect(message.hasPrefix(expected), "\(what): \(message)")
    }

    @Test func invalidUTF8IsRefusedWithItsLine() throws {
        var bytes = Array((Self.good + "\n").utf8)
        bytes += Array(#"{"id":"e-1","type":"member.confirmed","effective":"2021-03-01","member":"M-"#.utf8) + [0xC0, 0xAF] + Array("\"}".utf8)
        let message = try refusal("", bytes: bytes)
        #expect(message.hasPrefix("batch.jsonl line 2: not valid JSON"), "\(message)")
        #expect(message.contains("UTF-8"), "\(message)")
    }

    @Test func tamperedExportLinesAreRefused() throws {
        let dir = TestPaths.temporaryDirectory("tamper")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(Self.units, to: dir)
        let l = try Ledger.openForReading(directory: dir)
        var exported = ""
        try l.export { exported += String(decoding: $0, as: UTF8.self) }
        l.close()
        // Change a member's cell in the export, keeping its hash: refused.
        let tampered = exported.replacingOccurrences(of: #""unit":"C"}"#, with: #""unit":"C2"}"#)
        #expect(tampered != exported)
        let copy = TestPaths.temporaryDirectory("tamper-copy")
        try Ledger.create(directory: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        do {
            try appendText(tampered, to: copy)
            Issue.record("a tampered export was accepted")
        } catch let e as AppendRejected {
            #expect(e.message.contains("hash does not match"), "\(e.message)")
        }
        // The untouched export goes in and gives the same head.
        let r = try appendText(exported, to: copy)
        let original = try Ledger.openForReading(directory: dir)
        defer { original.close() }
        #expect(r.head == original.head)
    }

    /// A batch with a line whose `hash` is wrong and another whose `seq` is
    /// wrong: whichever comes first is the one named — also when they lie
    /// in different chunks of the reading thread (2,048 lines a chunk).
    @Test(arguments: [(3000, 5500), (5500, 3000), (10, 11), (11, 10)])
    func theFirstBadLineIsNamedWhicheverStageRefuses(badHashLine: Int, badSeqLine: Int) throws {
        let dir = TestPaths.temporaryDirectory("first-bad")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines = Self.units.split(separator: "\n").map(String.init)
        for i in 0..<6000 {
            lines.append(#"{"id":"a\#(i)","type":"member.admitted","effective":"2020-03-01","member":"N\#(i)","unit":"C","person":{"name":"A","birthDate":"1990-01-01","gender":"female"},"recorded":"2020-01-01T00:00:00Z"}"#)
        }
        try appendText(lines.joined(separator: "\n"), to: dir)
        let l = try Ledger.openForReading(directory: dir)
        var exported = ""
        try l.export { exported += String(decoding: $0, as: UTF8.self) }
        let head = l.head
        l.close()
        var export = exported.split(separator: "\n").map(String.init)
        #expect(export.count == 6004)
        // Line numbers are 1-based.
        export[badHashLine - 1] = Self.replacingHash(export[badHashLine - 1])
        export[badSeqLine - 1] = export[badSeqLine - 1].replacingOccurrences(of: #"{"seq":\#(badSeqLine),"#, with: #"{"seq":99999,"#)
        let copy = TestPaths.temporaryDirectory("first-bad-copy")
        try Ledger.create(directory: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        do {
            try appendText(export.joined(separator: "\n"), to: copy)
            Issue.record("a batch with a bad hash and a bad seq was accepted")
        } catch let e as AppendRejected {
            let first = min(badHashLine, badSeqLine)
            #expect(e.message.hasPrefix("batch.jsonl line \(first) "), "\(e.message)")
            #expect(e.message.contains(first == badHashLine ? "hash does not match" : "seq 99999 does not match"), "\(e.message)")
        }
        // Nothing was written; the untouched export still goes in whole.
        let r = try appendText(exported, to: copy)
        #expect(r.head == head)
    }

    /// The line with its `hash` value replaced by 64 zeros.
    static func replacingHash(_ line: String) -> String {
        guard let start = line.range(of: #""hash":""#) else { return line }
        let from = start.upperBound
        let to = line.index(from, offsetBy: 64)
        return line.replacingCharacters(in: from..<to, with: String(repeating: "0", count: 64))
    }

    @Test func aRetractionThatBreaksARecordedEventNamesBoth() throws {
        let dir = TestPaths.temporaryDirectory("retract")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(Self.units + "\n" + Self.good, to: dir)
        do {
            try appendText(#"{"id":"r1","type":"event.retracted","effective":"2021-03-01","target":"m1","reason":"entered twice"}"#, to: dir)
            Issue.record("the retraction was accepted")
        } catch let e as AppendRejected {
            #expect(e.message == "batch.jsonl line 1 (r1): the timeline would not stay valid: recorded event ok (seq 5, effective 2020-06-01) would break: member.transferred M-7: M-7 is not a member on 2020-06-01 (no admission, registration or transfer in before it)")
        }
    }

    @Test func reimportingTheSameEventsIsANoOp() throws {
        let dir = TestPaths.temporaryDirectory("idem")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try appendText(Self.units + "\n" + Self.good, to: dir)
        #expect(first.added == 5)
        // Without recorded (the ledger assigned it): still the same event.
        let again = try appendText(Self.units + "\n" + Self.good, to: dir, now: Timestamp(seconds: 2_100_000_000))
        #expect(again.added == 0 && again.skipped == 5)
        #expect(again.head == first.head)
    }
}
