import Glibc
import RosterCore

/// A ledger directory: the segment log (the only truth) read and written
/// through the rules. This is where parsing, the rules, the hash chain and
/// the log meet; everything it returns is a value.
public final class Ledger {
    public let directory: String
    let log: SegmentLog
    /// Appends check every batch by replaying the whole timeline, never
    /// incrementally (`ROSTER_FULL_REPLAY` set, or tests comparing the two).
    var forceFullReplay = getenv("ROSTER_FULL_REPLAY") != nil
    /// How the last append of this ledger object checked its batch's rules
    /// (nil before any, or when it stopped before the rules).
    public internal(set) var lastValidation: AppendValidation?

    init(directory: String, log: SegmentLog) {
        self.directory = directory
        self.log = log
    }

    /// Creates an empty ledger at `directory`.
    public static func create(directory: String) throws {
        try SegmentLog.create(directory: directory)
    }

    /// Opens for reading: no lock; sees exactly the committed batches.
    /// The index cache keeps the chain hash every this many events; the hash
    /// of any prefix is recomputed from the nearest one (`hash(atSeq:)`).
    static let chainCheckpointInterval: Int64 = 1024

    public static func openForReading(directory: String) throws -> Ledger {
        Ledger(directory: directory, log: try SegmentLog.openForReading(directory: directory))
    }

    /// Opens for appending: waits for the writer lock, then cuts a torn tail.
    public static func openForWriting(directory: String) throws -> Ledger {
        Ledger(directory: directory, log: try SegmentLog.openForWriting(directory: directory))
    }

    /// With log options (small segments, in tests).
    static func openForWriting(directory: String, options: LogOptions) throws -> Ledger {
        Ledger(directory: directory, log: try SegmentLog.openForWriting(directory: directory, options: options))
    }

    /// What recovery cut when the ledger was opened for writing.
    public var recovery: RecoveryReport? { log.recovery }

    public func close() { log.close() }

    /// The committed head: the last seq and hash (seq 0 and 32 zero bytes when empty).
    public var head: LedgerHead {
        LedgerHead(seq: Int64(log.entryCount), hash: Digest32(bytes: log.lastCommitInfo) ?? .zero)
    }
}

/// Damage found while reading the log's events (exit 3): where (the seq,
/// the event id, the record's place in the log) and why, as values; the
/// prose is made in `message`.
public struct LedgerDamage: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// A rule of knowledge time (ids, retractions, recorded times).
        case knowledge(KnowledgeViolation)
        /// A rule of valid time: the committed timeline does not replay.
        case rule(RuleViolation, effective: Day)
        /// The entry is not JSON.
        case notJSON(JSONParseError)
        /// The entry is JSON but not an event of the format.
        case notAnEvent(EventFormatError)
        /// The entry has no recorded time an export can read.
        case noRecordedTime
        /// The hash chain over the events of batch `batch` (seqs
        /// `firstSeq…lastSeq`, `count` events) is `computed`; its commit
        /// record (at `location`) holds `recorded`.
        case chainBreak(batch: UInt64, firstSeq: UInt64, lastSeq: UInt64, count: UInt64, computed: String, recorded: String)
        /// The chain over the whole log ends at `computed` after `seq`; the
        /// last commit records `recorded` at `recordedSeq`.
        case headMismatch(seq: Int64, computed: String, recordedSeq: Int64, recorded: String)
    }
    public var seq: Int64?
    public var eventID: String?
    public var location: EntryLocation?
    public var reason: Reason

    public init(seq: Int64? = nil, eventID: String? = nil, location: EntryLocation? = nil, reason: Reason) {
        self.seq = seq
        self.eventID = eventID
        self.location = location
        self.reason = reason
    }

    /// The rule broken, when the damage is a broken rule: the knowledge
    /// rule's name, or the valid-time rule's event type.
    public var rule: String? {
        switch reason {
        case .knowledge(let v): return v.rule
        case .rule(let v, _): return v.rule
        case .notJSON, .notAnEvent: return "event-format"
        default: return nil
        }
    }

    public var message: String {
        let event = "event seq \(seq.map(String.init) ?? "?")\(eventID.map { " (\($0))" } ?? "")\(location.map { " in \($0)" } ?? "")"
        switch reason {
        case .knowledge(let v):
            return "\(event) breaks the rule \(v.rule): \(v.message)"
        case .rule(let v, let effective):
            return "the committed timeline breaks a rule at \(event), effective \(effective), rule \(v.rule): \(v.message)"
        case .notJSON(let error):
            return "\(event) does not decode (rule event-format): \(error)"
        case .notAnEvent(let error):
            return "\(event) does not decode (rule event-format): \(error.message)"
        case .noRecordedTime:
            return "\(event) has no readable recorded time"
        case .chainBreak(let batch, let firstSeq, let lastSeq, let count, let computed, let recorded):
            let events = count == 0 ? "no events" : count == 1 ? "seq \(firstSeq)" : "seq \(firstSeq)…\(lastSeq)"
            let culprit = count == 0 ? "its commit record"
                : count == 1 ? "event seq \(firstSeq)" : "an event of seq \(firstSeq)…\(lastSeq)"
            return "the hash chain breaks in batch \(batch) (\(events)), whose commit record is in \(location.map { "\($0)" } ?? "the log"): the events up to seq \(lastSeq) hash to \(computed), the commit record says \(recorded); \(culprit) was changed after it was committed"
        case .headMismatch(let seq, let computed, let recordedSeq, let recorded):
            return "the hash chain does not match the commit record: the log's events hash to \(computed) at seq \(seq), the last commit records \(recorded) at seq \(recordedSeq)"
        }
    }
    public var description: String { message }
}

/// Everything a read of the log learns: the facts, the ids, the head.
public struct LoadedLedger: Sendable {
    public var table = FactTable()
    /// The log as recorded (ids → seq, retractions, the last recorded time):
    /// the knowledge decider every event of the log went through.
    public var knowledge = KnowledgeState()
    /// id → seq, for every event of the log.
    public var ids: EventIDTable { knowledge.ids }
    /// The seqs of retracted events.
    public var retracted: Set<Int64> { knowledge.retracted }
    /// The recorded time of the last event.
    public var lastRecorded: Timestamp? { knowledge.lastRecorded }
    /// The head after every event read.
    public var head = LedgerHead(seq: 0, hash: .zero)
    /// With `knownAt`: the head of the prefix recorded by then.
    public var knownHead = LedgerHead(seq: 0, hash: .zero)
    public var knownLimit: Int64 = 0
    /// With `keepChain`: every event's recorded time (nanoseconds since 1970),
    /// and the chain's hash at every `chainCheckpointInterval`-th event.
    public var recorded: [Int64] = []
    public var hashes: [Digest32] = []

    /// Keeps the chain hash after `seq` when it is a checkpoint.
    mutating func noteHash(_ hash: Digest32, seq: Int64) {
        if seq % Ledger.chainCheckpointInterval == 0 { hashes.append(hash) }
    }
}

extension Ledger {
    /// Calls `body` with every committed entry and the chain's hash after it.
    /// Every commit record holds the head hash after its batch: checking it
    /// at each batch end places a forged history (payloads changed and their
    /// record checksums recomputed) in the first batch that differs. Every
    /// full read of the log goes through here.
    func forEachChainedEntry(
        _ body: (_ seq: UInt64, _ payload: UnsafeRawBufferPointer, _ location: EntryLocation, _ hash: Digest32) throws -> Void
    ) throws {
        var hash = Digest32.zero
        var chain = ChainHasher()
        try log.forEachEntry(batchEnd: { batch in try Ledger.checkChain(batch, hash) }) { seq, payload, location in
            hash = chain.next(previous: hash, canonical: payload)
            try body(seq, payload, location, hash)
        }
    }

    /// Decodes a committed entry; one that does not decode is damage.
    /// Decodes log entries one after another: the fast decoder first, the
    /// full one for what it declines (and for the message when damaged).
    struct EntryDecoder {
        var fast = FastEventDecoder()

        mutating func event(_ payload: UnsafeRawBufferPointer, seq: UInt64, location: EntryLocation) throws -> Event {
            if let event = fast.event(payload) { return event }
            return try Ledger.decodeEntry(payload, seq: seq, location: location).event
        }
    }

    static func decodeEntry(_ payload: UnsafeRawBufferPointer, seq: UInt64, location: EntryLocation) throws -> DecodedEvent {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parse(payload)
        } catch {
            throw LedgerDamage(seq: Int64(seq), location: location, reason: .notJSON(error))
        }
        do throws(EventFormatError) {
            return try EventDecoder.decode(value)
        } catch {
            throw LedgerDamage(seq: Int64(seq), eventID: error.eventID, location: location, reason: .notAnEvent(error))
        }
    }

    /// Reads every committed event: checks the chain and the commit records,
    /// decodes, interns. `knownAt` also finds the prefix recorded by then.
    ///
    /// Two threads (`EntryPipeline`): one reads the records, chains and
    /// decodes; this one runs the knowledge decider and builds the fact
    /// table, in seq order, touching the table slots of each run of entries
    /// before it looks them up so that their cache misses overlap.
    public func load(knownAt: Timestamp? = nil, keepChain: Bool = false) throws -> LoadedLedger {
        var loaded = LoadedLedger()
        loaded.knowledge = KnowledgeState(capacity: Int(log.entryCount))
        // Sized once: growing a national table by doubling copies it.
        loaded.table.facts.reserveCapacity(Int(log.entryCount))
        if keepChain { loaded.recorded.reserveCapacity(Int(log.entryCount)) }
        var warmSink: UInt64 = 0
        defer { blackHole(warmSink) }
        let cpuBefore = PhaseTimer.threadCPU()
        let pipeline = EntryPipeline(self)
        var finished = false
        defer { if !finished { pipeline.finish() } }
        while let chunk = pipeline.next() {
            let run = EntryPipeline.warmRun
            for n in chunk.entries.indices {
                if n % run == 0 {
                    let next = n..<min(n + run, chunk.entries.count)
                    warmSink &+= chunk.idHashes.withUnsafeBufferPointer { loaded.knowledge.ids.warm(UnsafeBufferPointer(rebasing: $0[next])) }
                    warmSink &+= chunk.memberHashes.withUnsafeBufferPointer { loaded.table.names.members.warm(UnsafeBufferPointer(rebasing: $0[next])) }
                }
                let entry = chunk.entries[n]
                let event = entry.event, seq = entry.seq, hash = entry.hash
                // Knowledge time: the one decider, over the log in seq order.
                let target: Int64
                do throws(KnowledgeViolation) {
                    var retracts: String? = nil
                    if case .eventRetracted(let t, _) = event.body { retracts = t }
                    target = try loaded.knowledge.apply(id: event.id, recorded: event.recorded, retracts: retracts).target
                } catch {
                    throw LedgerDamage(seq: Int64(seq), eventID: event.id, location: entry.location, reason: .knowledge(error))
                }
                loaded.table.append(event, seq: Int64(seq), retractedSeq: target)
                loaded.head = LedgerHead(seq: Int64(seq), hash: hash)
                if keepChain {
                    loaded.noteHash(hash, seq: Int64(seq))
                    loaded.recorded.append(event.recorded.map { $0.seconds &* 1_000_000_000 &+ Int64($0.nanos) } ?? 0)
                }
                if let r = event.recorded {
                    if let knownAt, r <= knownAt {
                        loaded.knownHead = loaded.head
                        loaded.knownLimit = Int64(seq)
                    }
                }
            }
            if let error = chunk.error { throw error }
        }
        finished = true
        PhaseTimer.note("read: the calling thread (knowledge, facts) used \(PhaseTimer.threadCPU() - cpuBefore) ms of CPU")
        let committed = head
        if loaded.head != committed {
            throw LedgerDamage(reason: .headMismatch(seq: loaded.head.seq, computed: loaded.head.hash.hex,
                                                     recordedSeq: committed.seq, recorded: committed.hash.hex))
        }
        if knownAt == nil {
            loaded.knownHead = loaded.head
            loaded.knownLimit = loaded.head.seq
        }
        return loaded
    }
}

extension Ledger {
    /// What an append continues from: the committed ledger as a full read
    /// (`load(keepChain: true)`) would return it. Taken from the index cache
    /// when the cache passes the checks reports rely on — its version and
    /// layout, the committed head's seq and hash, the stamp of the log files
    /// (names, sizes, inodes, modification times) and the block hashes of
    /// every section read — and otherwise from a full read of the log, so a
    /// cache that is missing, stale or damaged changes nothing but the time.
    /// `fromCache` says which.
    func loadForAppend() throws -> (ledger: LoadedLedger, fromCache: Bool, index: SnapshotIndex?) {
        let head = self.head
        if let m = IndexCache.Mapping(file: IndexCache.path(directory).file), m.open(head: head, directory: directory),
           let loaded = IndexCache.loadedLedger(m, head: head) {
            // The cache's snapshot index too (its spans stay mapped): the
            // base an incremental check updates (`IncrementalCheck`).
            return (loaded, true, IndexCache.snapshotIndex(m))
        }
        return (try load(keepChain: true), false, nil)
    }
}

extension Ledger {
    /// Refuses a batch whose commit record does not hold `hash`, the chain
    /// computed from the log's events up to the batch's last seq.
    static func checkChain(_ batch: BatchSummary, _ hash: Digest32) throws(LedgerDamage) {
        if let recorded = Digest32(bytes: batch.info), recorded == hash { return }
        let info = batch.info.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        throw LedgerDamage(location: batch.location,
                           reason: .chainBreak(batch: batch.number, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq,
                                               count: batch.count, computed: hash.hex, recorded: info))
    }
}

/// SHA-256(previous hash ‖ canonical JSON), docs/FORMAT.md.
struct ChainHasher {
    @inline(__always)
    mutating func next(previous: Digest32, canonical: UnsafeRawBufferPointer) -> Digest32 {
        SHA256.chain(previous: previous, canonical)
    }
    mutating func next(previous: Digest32, canonical: [UInt8]) -> Digest32 {
        canonical.withUnsafeBytes { next(previous: previous, canonical: $0) }
    }
}

extension Ledger {
    /// A note on standard error (a cache not written, and why): the command
    /// goes on.
    static func warn(_ text: String) {
        var line = text.hasSuffix("\n") ? text : text + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
