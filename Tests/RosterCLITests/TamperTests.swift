import Foundation
import Testing
import RosterCore
import RosterStore

/// Forgery that the record checksums cannot see: an event's payload is
/// rewritten and its record's CRC-32C recomputed (LogFormat.swift: length,
/// CRC of length + kind + payload, kind, payload). Only the hash chain,
/// checked against the head hash in every commit record, catches it;
/// `roster verify` exits 3 and names the batch and its seqs.
@Suite(.serialized) struct TamperTests {
    /// One record of a segment file.
    struct Record { var offset: Int; var kind: UInt8; var payload: Range<Int> }

    static func records(_ segment: Data) -> [Record] {
        let bytes = [UInt8](segment)
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var out: [Record] = []
        var at = 64  // the segment header
        while at + 9 <= bytes.count {
            let n = u32(at)
            out.append(Record(offset: at, kind: bytes[at + 8], payload: (at + 9)..<(at + 9 + n)))
            at += 9 + n
        }
        return out
    }

    /// Replaces `old` by `new` (same length) in the payload of entry `seq`
    /// and recomputes that record's CRC, as a forger with the format would.
    static func forge(segment path: String, seq: Int, _ old: String, _ new: String) throws {
        precondition(old.utf8.count == new.utf8.count)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let entries = records(Data(bytes)).filter { $0.kind == 1 }
        let record = entries[seq - 1]
        let payload = Array(bytes[record.payload])
        let text = String(decoding: payload, as: UTF8.self)
        #expect(text.contains(old), "seq \(seq) is \(text)")
        bytes.replaceSubrange(record.payload, with: Array(text.replacingOccurrences(of: old, with: new).utf8))
        var crc = CRC32C()
        crc.update(Array(bytes[record.offset..<record.offset + 4]))
        crc.update(Array(bytes[record.offset + 8..<record.payload.upperBound]))
        let v = crc.value
        bytes.replaceSubrange(record.offset + 4..<record.offset + 8, with: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A ledger of three batches: the units (seq 1–3), one admission (seq 4),
    /// then a transfer and a rename (seq 5–6).
    static func ledger() throws -> (dir: String, segment: String) {
        let dir = TestPaths.temporaryDirectory("forge")
        let r = EndToEndTests.roster
        #expect(try r(["init", "--ledger", dir], nil).code == 0)
        let lines = AppendTests.units.split(separator: "\n").map(String.init)
        #expect(try r(["append", "--ledger", dir, "-"], lines[0..<3].joined(separator: "\n")).code == 0)
        #expect(try r(["append", "--ledger", dir, "-"], lines[3]).code == 0)
        let third = AppendTests.good + "\n" + #"{"id":"rn","type":"unit.renamed","effective":"2020-07-01","unit":"C","name":"Chi bo 1"}"#
        #expect(try r(["append", "--ledger", dir, "-"], third).code == 0)
        #expect(try r(["verify", "--ledger", dir], nil).code == 0)
        return (dir, dir + "/log/00000001.seg")
    }

    @Test func aForgedPayloadWithItsCRCRecomputedIsFoundByTheChain() throws {
        let (dir, segment) = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The admitted member's name, "A" → "B": still valid JSON, a valid
        // event, a valid record — only the chain differs.
        try Self.forge(segment: segment, seq: 4, #""name":"A""#, #""name":"B""#)
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 3, "\(v.out)\(v.err)")
        #expect(v.err.hasPrefix("roster: the ledger failed verification: the hash chain breaks in batch 2 (seq 4), whose commit record is in segment 00000001 at byte "), "\(v.err)")
        #expect(v.err.contains("event seq 4 was changed after it was committed"), "\(v.err)")
        // The same damage as values: where, and what was expected and found.
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        do {
            _ = try ledger.verify()
            Issue.record("verify accepted a forged payload")
        } catch let d as LedgerDamage {
            #expect(d.location?.segment == "00000001")
            guard case .chainBreak(let batch, let first, let last, let count, let computed, let recorded) = d.reason else {
                Issue.record("\(d.reason)"); return
            }
            #expect(batch == 2 && first == 4 && last == 4 && count == 1)
            #expect(computed != recorded && computed.count == 64 && recorded.count == 64)
        }
        // Reports and appends refuse the forged ledger too.
        #expect(try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2021-01-01"]).code == 3)
        #expect(try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: #"{"id":"z","type":"unit.renamed","effective":"2021-01-01","unit":"C","name":"Z"}"#).code == 3)
        let e = try EndToEndTests.roster(["export", "--ledger", dir])
        #expect(e.code == 3 && e.err.contains("the hash chain breaks in batch 2 (seq 4)"), "export: \(e.err)")
    }

    @Test func aForgedEventInABatchOfSeveralNamesTheBatchsSeqs() throws {
        let (dir, segment) = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.forge(segment: segment, seq: 6, "Chi bo 1", "Chi bo 2")
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 3)
        #expect(v.err.contains("the hash chain breaks in batch 3 (seq 5…6)"), "\(v.err)")
        #expect(v.err.contains("an event of seq 5…6 was changed after it was committed"), "\(v.err)")
    }

    @Test func aForgedFirstEventIsFoundInTheFirstBatch() throws {
        let (dir, segment) = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.forge(segment: segment, seq: 1, #""name":"P""#, #""name":"Q""#)
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 3)
        #expect(v.err.contains("the hash chain breaks in batch 1 (seq 1…3)"), "\(v.err)")
    }

    /// Without the CRC recomputed, the record checksum finds the same edit
    /// first, naming the segment and the record's byte.
    @Test func theSameEditWithoutTheCRCIsARecordChecksumFailure() throws {
        let (dir, segment) = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let record = Self.records(Data(bytes)).filter { $0.kind == 1 }[3]
        let at = bytes[record.payload].firstIndex(of: UInt8(ascii: "A"))!
        bytes[at] = UInt8(ascii: "B")
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 3)
        #expect(v.err.contains("segment 00000001") && v.err.contains("\(record.offset)"), "\(v.err)")
    }

    /// One flipped byte in every region of a real ledger — segment header,
    /// every record's length, checksum, kind and payload, every commit record,
    /// FORMAT and HEAD — is refused by `verify` with exit 3.
    @Test func everyFlippedByteIsCaught() throws {
        let (dir, segment) = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = try Data(contentsOf: URL(fileURLWithPath: segment))
        // (what, byte to flip, where the message must point)
        var positions: [(String, Int, String)] = [("segment magic", 0, "segment 00000001"), ("segment number", 12, "segment 00000001"),
                                                 ("segment first seq", 16, "segment 00000001"), ("segment ledger id", 40, "segment 00000001"),
                                                 ("segment header CRC", 56, "segment 00000001")]
        for (k, r) in Self.records(original).enumerated() {
            let place = "segment 00000001 at byte \(r.offset)"
            positions.append(("record \(k) length", r.offset, place))
            positions.append(("record \(k) CRC", r.offset + 5, place))
            positions.append(("record \(k) kind", r.offset + 8, place))
            if !r.payload.isEmpty {
                positions.append(("record \(k) payload start", r.payload.lowerBound, place))
                positions.append(("record \(k) payload end", r.payload.upperBound - 1, place))
            }
        }
        #expect(positions.count > 40)
        for (what, at, place) in positions {
            var bytes = original
            bytes[at] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: segment))
            let v = try EndToEndTests.roster(["verify", "--ledger", dir])
            #expect(v.code == 3, "\(what) (byte \(at)): exit \(v.code) \(v.out)\(v.err)")
            #expect(v.err.contains(place), "\(what) (byte \(at)): \(v.err)")
        }
        try original.write(to: URL(fileURLWithPath: segment))
        for file in ["FORMAT", "HEAD"] {
            let path = dir + "/" + file
            let text = try Data(contentsOf: URL(fileURLWithPath: path))
            for at in [0, text.count / 2, text.count - 2] {
                var bytes = text
                bytes[at] ^= 0x01
                try bytes.write(to: URL(fileURLWithPath: path))
                let v = try EndToEndTests.roster(["verify", "--ledger", dir])
                #expect(v.code == 3, "\(file) byte \(at): exit \(v.code) \(v.out)\(v.err)")
            }
            try text.write(to: URL(fileURLWithPath: path))
        }
        #expect(try EndToEndTests.roster(["verify", "--ledger", dir]).code == 0)
    }
}
