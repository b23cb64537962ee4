import Testing
@testable import RosterCore

/// The knowledge decider on its own: each rule refuses with its typed
/// reason and leaves the state as it was.
@Suite struct KnowledgeStateTests {
    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// e1, e2 recorded in order; r1 retracts e1.
    static func state() throws -> KnowledgeState {
        var k = KnowledgeState()
        try k.apply(id: "e1", recorded: t("2020-01-01T00:00:00Z"), retracts: nil)
        try k.apply(id: "e2", recorded: t("2020-01-02T00:00:00Z"), retracts: nil)
        let r = try k.apply(id: "r1", recorded: t("2020-01-03T00:00:00Z"), retracts: "e1")
        #expect(r.seq == 3 && r.target == 1)
        return k
    }

    @Test(arguments: [
        ("e2", nil, "2020-02-01T00:00:00Z", KnowledgeViolation.Reason.idTwiceInLog(firstSeq: 2), "id-unique"),
        ("r2", "r1", "2020-02-01T00:00:00Z", .retractsRetraction(target: "r1", targetSeq: 3), "retraction-of-retraction"),
        ("r2", "e1", "2020-02-01T00:00:00Z", .retractsRetracted(target: "e1", targetSeq: 1), "retraction-of-retracted-event"),
        ("r2", "nope", "2020-02-01T00:00:00Z", .retractsUnknown(target: "nope"), "retraction-of-unknown-event"),
        ("e3", nil, "2019-12-31T23:59:59Z", .recordedBackwards(recorded: "2019-12-31T23:59:59Z", last: "2020-01-03T00:00:00Z"), "recorded-never-decreases"),
    ] as [(String, String?, String, KnowledgeViolation.Reason, String)])
    func refusals(id: String, target: String?, recorded: String, reason: KnowledgeViolation.Reason, rule: String) throws {
        var k = try Self.state()
        do {
            try k.apply(id: id, recorded: Self.t(recorded), retracts: target)
            Issue.record("accepted \(id)")
        } catch {
            #expect(error == KnowledgeViolation(seq: 4, eventID: id, reason: reason))
            #expect(error.rule == rule)
        }
        // Nothing changed: the next valid event still gets seq 4.
        #expect(k.nextSeq == 4)
        #expect(k.retracted == [1] && k.retractions == [3])
        #expect(try k.apply(id: "e4", recorded: Self.t("2020-01-03T00:00:00Z"), retracts: "e2").seq == 4)
    }

    /// A few messages keep their exact words (the command line prints them).
    @Test func theWordsOfRepresentativeMessages() {
        #expect(KnowledgeViolation(seq: 6, eventID: "r2", reason: .retractsRetraction(target: "r1", targetSeq: 5)).message
            == "event.retracted r1: r1 is a retraction; a retraction cannot be retracted")
        #expect(KnowledgeViolation(seq: 4, eventID: "m1", reason: .idWithDifferentContent(existingSeq: 4)).message
            == "event id already exists in the ledger (seq 4) with different content; correct it with event.retracted and a new event")
        #expect(KnowledgeViolation(seq: 9, eventID: "x", reason: .recordedInFuture(recorded: "2031-01-01T00:00:00Z", now: "2030-01-01T00:00:00Z")).message
            == "recorded 2031-01-01T00:00:00Z is in the future (now is 2030-01-01T00:00:00Z)")
    }

    @Test func repeatsAreComparedByTheirBytes() throws {
        let existing = Array(#"{"id":"a","recorded":"2020-01-01T00:00:00Z","type":"x"}"#.utf8)
        let same = Array(#"{"id":"a","type":"x"}"#.utf8)
        let other = Array(#"{"id":"a","type":"y"}"#.utf8)
        try existing.withUnsafeBytes { e in
            try KnowledgeState.checkRepeat(id: "a", existingSeq: 7, existing: e, new: same, recordedGiven: false)
            #expect(throws: KnowledgeViolation(seq: 7, eventID: "a", reason: .idWithDifferentContent(existingSeq: 7))) {
                try KnowledgeState.checkRepeat(id: "a", existingSeq: 7, existing: e, new: other, recordedGiven: false)
            }
            try KnowledgeState.checkRepeat(id: "a", existingSeq: 7, existing: e, new: existing, recordedGiven: true)
        }
    }

    @Test func exportFieldsMustBeTheLedgers() {
        let h = Digest32(hex: String(repeating: "0a", count: 32))!
        let g = Digest32(hex: String(repeating: "0b", count: 32))!
        #expect(throws: KnowledgeViolation(seq: 3, eventID: "m", reason: .seqMismatch(found: 2, expected: 3, existing: true))) {
            try KnowledgeState.checkExportFields(id: "m", seq: 2, hash: h, expectedSeq: 3, expectedHash: h, existing: true)
        }
        #expect(throws: KnowledgeViolation(seq: 3, eventID: "m", reason: .hashMismatch(found: g.hex, expected: h.hex, existing: true))) {
            try KnowledgeState.checkExportFields(id: "m", seq: 3, hash: g, expectedSeq: 3, expectedHash: h, existing: true)
        }
        #expect(throws: Never.self) {
            try KnowledgeState.checkExportFields(id: "m", seq: 3, hash: h, expectedSeq: 3, expectedHash: h, existing: true)
        }
    }
}
