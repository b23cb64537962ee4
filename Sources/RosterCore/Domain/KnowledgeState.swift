/// The rules of knowledge time, in one place: the log as recorded, and the
/// decider that says whether an event may be recorded next.
///
/// `LedgerState` (valid time) folds the events in effective order and says
/// what each may do to the organisation. `KnowledgeState` folds the same
/// events in `seq` order and says what may be written into the log: ids are
/// unique, a retraction targets an existing event that is neither a
/// retraction nor already retracted, and `recorded` never decreases. An
/// append, a full read of the log (`roster verify`, reports, history, the
/// next append) and the fuzz harness all go through `apply`; nothing else
/// decides these rules.

/// Why an event cannot be recorded at its place in the log.
public struct KnowledgeViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The id is already in the log (at `firstSeq`): an id appears once.
        case idTwiceInLog(firstSeq: Int64)
        /// A re-appended id whose content differs from the ledger's event.
        case idWithDifferentContent(existingSeq: Int64)
        /// Two lines of one batch with the same id and different content.
        case idTwiceInBatch
        /// A retraction of an id the log does not hold.
        case retractsUnknown(target: String)
        /// A retraction of a retraction.
        case retractsRetraction(target: String, targetSeq: Int64)
        /// A second retraction of one event.
        case retractsRetracted(target: String, targetSeq: Int64)
        /// `recorded` earlier than the event recorded before it.
        case recordedBackwards(recorded: String, last: String)
        /// `recorded` later than the time of the append.
        case recordedInFuture(recorded: String, now: String)
        /// A line's `seq` is not the ledger's (`existing`: the id is in the
        /// ledger at `expected`; else the event would get `expected`).
        case seqMismatch(found: Int64, expected: Int64, existing: Bool)
        /// A line's `hash` is not the chain hash the ledger has for it.
        case hashMismatch(found: String, expected: String, existing: Bool)
    }

    /// The seq the event has in the log, or would have had.
    public var seq: Int64
    public var eventID: String
    public var reason: Reason

    public init(seq: Int64, eventID: String, reason: Reason) {
        self.seq = seq
        self.eventID = eventID
        self.reason = reason
    }

    /// A short name of the rule broken (stable: messages and tests use it).
    public var rule: String {
        switch reason {
        case .idTwiceInLog, .idTwiceInBatch, .idWithDifferentContent: return "id-unique"
        case .retractsUnknown: return "retraction-of-unknown-event"
        case .retractsRetraction: return "retraction-of-retraction"
        case .retractsRetracted: return "retraction-of-retracted-event"
        case .recordedBackwards: return "recorded-never-decreases"
        case .recordedInFuture: return "recorded-not-in-future"
        case .seqMismatch: return "seq-matches-ledger"
        case .hashMismatch: return "hash-matches-ledger"
        }
    }

    /// The explanation, in the words messages have always used.
    public var message: String {
        switch reason {
        case .idTwiceInLog(let first):
            return "event id \(eventID) is already seq \(first): an event id appears once in the log"
        case .idWithDifferentContent(let seq):
            return "event id already exists in the ledger (seq \(seq)) with different content; correct it with event.retracted and a new event"
        case .idTwiceInBatch:
            return "event id \(eventID) appears twice in this batch with different content"
        case .retractsUnknown(let t):
            return "event.retracted \(t): no event with id \(t) in the ledger"
        case .retractsRetraction(let t, _):
            return "event.retracted \(t): \(t) is a retraction; a retraction cannot be retracted"
        case .retractsRetracted(let t, _):
            return "event.retracted \(t): \(t) is already retracted"
        case .recordedBackwards(let r, let last):
            return "recorded \(r) is earlier than the last recorded event (\(last))"
        case .recordedInFuture(let r, let now):
            return "recorded \(r) is in the future (now is \(now))"
        case .seqMismatch(let found, let expected, let existing):
            return existing
                ? "seq \(found) does not match the ledger: event \(eventID) is seq \(expected)"
                : "seq \(found) does not match the ledger: this event would be seq \(expected)"
        case .hashMismatch(let found, let expected, let existing):
            return existing
                ? "hash does not match: the line says \(found), the ledger has \(expected) for event \(eventID) (seq \(seq)) (tampered, or not appended onto the same history)"
                : "hash does not match: the line says \(found), the ledger computes \(expected) (tampered, or not appended onto the same history)"
        }
    }

    public var description: String { message }
}

/// The log as recorded: every id with its seq, the retractions and their
/// targets, the last recorded time, the next seq.
///
/// Content is not kept: whether a repeated id carries the same event is
/// decided by `sameContent` over the canonical bytes (the log's and the
/// line's), which the caller reads; a fingerprint per event would cost
/// 8 bytes an event at every load for a question only re-imports ask.
public struct KnowledgeState: Sendable {
    /// id → seq, for every event recorded.
    public var ids: EventIDTable
    /// The seqs of retracted events.
    public var retracted: Set<Int64> = []
    /// The seqs of retractions.
    public var retractions: Set<Int64> = []
    /// The recorded time of the last event.
    public var lastRecorded: Timestamp?

    public init(capacity: Int = 0) {
        ids = EventIDTable(capacity: capacity)
    }

    /// Continues from a log read elsewhere (the index cache): its ids, the
    /// retractions among its events (`retractionTargets`: seq of each
    /// retraction and of its target), its last recorded time.
    public init(ids: EventIDTable, retractionTargets: [(retraction: Int64, target: Int64)], lastRecorded: Timestamp?) {
        self.ids = ids
        for (r, t) in retractionTargets {
            retractions.insert(r)
            retracted.insert(t)
        }
        self.lastRecorded = lastRecorded
    }

    /// The seq the next recorded event gets.
    @inlinable
    public var nextSeq: Int64 { Int64(ids.count) + 1 }

    /// The seq of `id` when it is already recorded.
    @inlinable
    public func seq(of id: String) -> Int64? { ids[id] }

    /// Records one event as the next seq, or says which rule it breaks.
    /// `recorded` is the event's transaction time (assigned or given);
    /// `retracts` the target id of a retraction. Returns the event's seq and,
    /// for a retraction, its target's seq (else -1). Nothing changes when it
    /// throws.
    @discardableResult @inlinable
    public mutating func apply(id: String, recorded: Timestamp?,
                               retracts target: String?) throws(KnowledgeViolation) -> (seq: Int64, target: Int64) {
        let seq = nextSeq
        func violation(_ r: KnowledgeViolation.Reason) -> KnowledgeViolation {
            KnowledgeViolation(seq: seq, eventID: id, reason: r)
        }
        if let r = recorded, let last = lastRecorded, r < last {
            throw violation(.recordedBackwards(recorded: r.text, last: last.text))
        }
        var targetSeq: Int64 = -1
        if let target {
            guard let s = ids[target] else { throw violation(.retractsUnknown(target: target)) }
            if retractions.contains(s) { throw violation(.retractsRetraction(target: target, targetSeq: s)) }
            if retracted.contains(s) { throw violation(.retractsRetracted(target: target, targetSeq: s)) }
            targetSeq = s
        }
        // The id last: the lookup and the insertion are one probe.
        if let first = ids.addIfAbsent(id) { throw violation(.idTwiceInLog(firstSeq: first)) }
        if targetSeq >= 0 {
            retracted.insert(targetSeq)
            retractions.insert(seq)
        }
        if let recorded { lastRecorded = recorded }
        return (seq, targetSeq)
    }

    /// Checks a transaction time given by a line against the time of the
    /// append (`now`): a recorded time may not lie in the future.
    @inlinable
    public func checkNotFuture(id: String, recorded: Timestamp, now: Timestamp) throws(KnowledgeViolation) {
        if recorded > now {
            throw KnowledgeViolation(seq: nextSeq, eventID: id, reason: .recordedInFuture(recorded: recorded.text, now: now.text))
        }
    }

    /// The transaction time the ledger assigns to an event without one:
    /// `now`, or the last recorded time when that is later, rounded up to
    /// the whole second.
    @inlinable
    public func assignedRecorded(now: Timestamp) -> Timestamp {
        var t = now
        if let last = lastRecorded, last > t { t = last }
        return Timestamp(seconds: t.seconds + (t.nanos > 0 ? 1 : 0))
    }

    /// The rule for a re-appended id (idempotency): the same event, that is
    /// equal canonical JSON — ignoring the ledger's `recorded` when the new
    /// line did not give one — is a no-op; other content is refused.
    public static func checkRepeat(id: String, existingSeq: Int64, existing: UnsafeRawBufferPointer,
                                   new: [UInt8], recordedGiven: Bool) throws(KnowledgeViolation) {
        let same = new.withUnsafeBytes { sameContent(existing: existing, new: $0, recordedGiven: recordedGiven) }
        if !same {
            throw KnowledgeViolation(seq: existingSeq, eventID: id, reason: .idWithDifferentContent(existingSeq: existingSeq))
        }
    }

    /// The same rule inside one batch: a line repeating the id of an earlier
    /// line (`first`, its canonical JSON as written) is the same event only
    /// when its canonical JSON without `recorded` (`new`) equals the earlier
    /// one's without it (the recorded times are compared by the caller).
    public static func checkRepeatInBatch(id: String, firstSeq: Int64, first: UnsafeRawBufferPointer,
                                          new: [UInt8]) throws(KnowledgeViolation) {
        let same = new.withUnsafeBytes { sameContent(existing: first, new: $0, recordedGiven: false) }
        if !same {
            throw KnowledgeViolation(seq: firstSeq, eventID: id, reason: .idTwiceInBatch)
        }
    }

    /// Equal canonical JSON, ignoring `existing`'s `recorded` member when the
    /// new line did not give one.
    public static func sameContent(existing: UnsafeRawBufferPointer, new: UnsafeRawBufferPointer, recordedGiven: Bool) -> Bool {
        if recordedGiven { return existing.elementsEqual(new) }
        let r = CanonicalEvent.recordedRange(existing)
        return new.count == existing.count - r.count
            && existing[..<r.lowerBound].elementsEqual(new[..<r.lowerBound])
            && existing[r.upperBound...].elementsEqual(new[r.lowerBound...])
    }

    /// A line that carries `seq` and `hash` (an export) must match the
    /// ledger's: `expectedSeq`/`expectedHash` are what the ledger has (or
    /// computes) for the event; `existing` says whether the id was already
    /// recorded.
    @inlinable
    public static func checkExportFields(id: String, seq foundSeq: Int?, hash foundHash: Digest32?,
                                         expectedSeq: Int64, expectedHash: Digest32?, existing: Bool) throws(KnowledgeViolation) {
        if let s = foundSeq, Int64(s) != expectedSeq {
            throw KnowledgeViolation(seq: expectedSeq, eventID: id, reason: .seqMismatch(found: Int64(s), expected: expectedSeq, existing: existing))
        }
        if let h = foundHash, let expectedHash, h != expectedHash {
            throw KnowledgeViolation(seq: expectedSeq, eventID: id, reason: .hashMismatch(found: h.hex, expected: expectedHash.hex, existing: existing))
        }
    }
}
