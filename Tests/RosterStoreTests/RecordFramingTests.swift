import Foundation
import Testing
@testable import RosterStore

@Suite struct RecordFramingTests {
    func encoded(_ kind: RecordKind, _ payload: [UInt8]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: RecordEncoder.recordSize(payloadCount: payload.count))
        payload.withUnsafeBytes { source in
            bytes.withUnsafeMutableBytes { RecordEncoder.encode(kind: kind, payload: source, into: $0.baseAddress!) }
        }
        return bytes
    }

    func decode(_ bytes: [UInt8]) -> (RecordKind, [UInt8], Int)? {
        bytes.withUnsafeBytes { buffer in
            guard case .record(let kind, let payload, let size) = RecordDecoder.decode(buffer.baseAddress!, available: buffer.count)
            else { return nil }
            return (kind, Array(payload), size)
        }
    }

    func problem(_ bytes: [UInt8]) -> RecordProblem? {
        bytes.withUnsafeBytes { buffer in
            guard case .invalid(let problem) = RecordDecoder.decode(buffer.baseAddress!, available: buffer.count) else { return nil }
            return problem
        }
    }

    @Test func layoutIsLengthChecksumKindPayload() {
        let bytes = encoded(.entry, Array("abc".utf8))
        #expect(bytes.count == 12)
        #expect(Array(bytes[0..<4]) == [3, 0, 0, 0])
        #expect(bytes[8] == 1)
        #expect(Array(bytes[9...]) == Array("abc".utf8))
        let crc = CRC32C.checksum([3, 0, 0, 0, 1] + Array("abc".utf8))
        #expect(Array(bytes[4..<8]) == [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)])
    }

    @Test(arguments: [0, 1, 7, 8, 9, 200, 5000])
    func roundTrips(_ count: Int) throws {
        let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let bytes = encoded(.entry, payload) + [0xAA, 0xBB]
        let (kind, decoded, size) = try #require(decode(bytes))
        #expect(kind == .entry)
        #expect(decoded == payload)
        #expect(size == count + 9)
    }

    @Test func everyFlippedBitIsCaught() {
        let bytes = encoded(.commit, Array("a commit record".utf8))
        for bit in 0..<(bytes.count * 8) {
            var broken = bytes
            broken[bit / 8] ^= UInt8(1 << (bit % 8))
            let result: Bool = broken.withUnsafeBytes { buffer in
                switch RecordDecoder.decode(buffer.baseAddress!, available: buffer.count) {
                case .record: return false
                case .incomplete, .invalid: return true
                }
            }
            #expect(result, "bit \(bit) flipped went unnoticed")
        }
    }

    @Test func namesWhatIsWrong() {
        var bytes = encoded(.entry, [1, 2, 3])
        bytes[10] ^= 0x40
        guard case .checksumMismatch(let expected, let computed) = problem(bytes) else {
            Issue.record("expected a checksum mismatch")
            return
        }
        let damage = LogDamage(problem(bytes)!, segment: 3, offset: 1_048_576)
        #expect(damage.kind == .badChecksum)
        #expect(damage.expected == Hex.word(expected) && damage.found == Hex.word(computed))
        #expect(damage.message
            == "checksum mismatch in segment 00000003 at byte 1048576: expected \(Hex.word(expected)), computed \(Hex.word(computed))")
        #expect(problem([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1]) == .lengthTooLarge(0xFFFF_FFFF))
        var unknown = [UInt8](repeating: 0, count: 9)
        unknown[8] = 7
        let crc = CRC32C.checksum([0, 0, 0, 0, 7])
        unknown[4] = UInt8(crc & 0xFF); unknown[5] = UInt8(crc >> 8 & 0xFF)
        unknown[6] = UInt8(crc >> 16 & 0xFF); unknown[7] = UInt8(crc >> 24)
        #expect(problem(unknown) == .unknownKind(7))
    }

    @Test func commitPayloadRoundTrips() throws {
        let record = CommitRecord(batch: 7, firstSeq: 901, lastSeq: 1000, count: 100, info: Array(0..<32))
        let bytes = RecordEncoder.commitPayload(record)
        let decoded = try #require(bytes.withUnsafeBytes { RecordDecoder.commit($0) })
        #expect(decoded == record)
    }

    @Test func segmentHeaderRoundTripsAndRefusesStrangers() throws {
        let id = LedgerID.random()
        let header = SegmentHeader(number: 3, firstSeq: 1001, batch: 12, batchFirstSeq: 990, ledgerID: id)
        #expect(Array(header.encoded()[0..<8]) == Array("ROSTRSEG".utf8))
        #expect(try SegmentHeader.decode(header.encoded(), fileNumber: 3, ledgerID: id) == header)
        let renamed = storeError { _ = try SegmentHeader.decode(header.encoded(), fileNumber: 4, ledgerID: id) }
        #expect(renamed?.description == "segment file 00000004.seg holds segment 00000003: expected its header to say 00000004; segments were renamed or swapped")
        let stranger = storeError { _ = try SegmentHeader.decode(header.encoded(), fileNumber: 3, ledgerID: .random()) }
        #expect(stranger?.description.hasPrefix("segment 00000003 belongs to another ledger") == true)
    }

    @Test func headRoundTripsAndChecksItself() throws {
        let head = Head(batches: 12, entries: 1110, segment: 3, end: 1_048_576, info: Array(0..<32))
        #expect(try Head.parse(head.encoded(), path: "HEAD") == head)
        #expect(try Head.parse(Head.empty.encoded(), path: "HEAD") == .empty)
        let text = String(decoding: head.encoded(), as: UTF8.self)
        let edited = Array(text.replacingOccurrences(of: "entries 1110", with: "entries 1111").utf8)
        #expect(storeError { _ = try Head.parse(edited, path: "HEAD") }?.description.hasPrefix("HEAD checksum mismatch in HEAD: expected ") == true)
        let newer = Array(text.replacingOccurrences(of: "roster-head 1", with: "roster-head 2").utf8)
        #expect(storeError { _ = try Head.parse(newer, path: "HEAD") } == .unsupportedFormat("HEAD at HEAD has format roster-head 2: this program reads roster-head 1"))
    }
}
