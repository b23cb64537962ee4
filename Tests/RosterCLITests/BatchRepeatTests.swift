import Foundation
import Testing
import RosterCore
import RosterStore

/// An id repeated inside one batch: the fingerprints match, and the bytes
/// of the first line, read back from the open batch's segment, confirm it.
@Suite struct BatchRepeatTests {
    @Test func aRepeatFarIntoALargeBatchIsConfirmedByItsBytes() throws {
        let dir = TestPaths.temporaryDirectory("batch-repeat")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(AppendTests.units, to: dir)
        func rated(_ i: Int) -> String {
            #"{"id":"r\#(i)","type":"member.rated","effective":"2020-12-31","member":"M-7","year":\#(2000 + i % 20),"rating":"good"}"#
        }
        // 5,000 lines (three chunks of the reader, more than the 1 MiB write
        // buffer holds in part): line 4,001 repeats line 11.
        var lines = (0..<4000).map(rated)
        lines.append(rated(10))
        let result = try appendText(lines.joined(separator: "\n"), to: dir)
        #expect(result.added == 4000 && result.skipped == 1)
        let verified = try Ledger.openForReading(directory: dir)
        defer { verified.close() }
        #expect(try verified.verify().events == 4004)
    }

    @Test func theBytesDecideWhenTheFingerprintsAgree() throws {
        let first = Array(#"{"effective":"2020-12-31","id":"a","recorded":"2021-01-01T00:00:00Z","type":"x"}"#.utf8)
        try first.withUnsafeBytes { f in
            try KnowledgeState.checkRepeatInBatch(id: "a", firstSeq: 9, first: f,
                                                  new: Array(#"{"effective":"2020-12-31","id":"a","type":"x"}"#.utf8))
            #expect(throws: KnowledgeViolation(seq: 9, eventID: "a", reason: .idTwiceInBatch)) {
                try KnowledgeState.checkRepeatInBatch(id: "a", firstSeq: 9, first: f,
                                                      new: Array(#"{"effective":"2020-12-30","id":"a","type":"x"}"#.utf8))
            }
        }
    }
}
