import RosterCore

/// A ledger directory: the segment log (the only truth) read and written
/// through the rules. This is where parsing, the rules, the hash chain and
/// the log meet; everything it returns is a value.
public final class Ledger {
    public let directory: String
    let log: SegmentLog

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

/// Damage found while reading the log's events (exit 3).
public struct LedgerDamage: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Everything a read of the log learns: the facts, the ids, the head.
public struct LoadedLedger: Sendable {
    public var table = FactTable()
    /// id → seq, for every event of the log.
    public var ids = EventIDTable()
    /// The seqs of retracted events.
    public var retracted = Set<Int64>()
    /// The recorded time of the last event.
    public var lastRecorded: Timestamp?
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
        do {
            return try EventDecoder.decode(try JSONParser.parse(payload))
        } catch {
            throw LedgerDamage(message: "event seq \(seq) in \(location) does not decode: \(error)")
        }
    }

    /// Reads every committed event: checks the chain and the commit records,
    /// decodes, interns. `knownAt` also finds the prefix recorded by then.
    public func load(knownAt: Timestamp? = nil, keepChain: Bool = false) throws -> LoadedLedger {
        var loaded = LoadedLedger()
        var decoder = EntryDecoder()
        loaded.ids = EventIDTable(capacity: Int(log.entryCount))
        try forEachChainedEntry { seq, payload, location, hash in
            let event = try decoder.event(payload, seq: seq, location: location)
            var target: Int64 = -1
            if case .eventRetracted(let t, _) = event.body {
                guard let s = loaded.ids[t] else {
                    throw LedgerDamage(message: "event seq \(seq) in \(location) retracts unknown event \(t)")
                }
                target = s
                loaded.retracted.insert(s)
            }
            loaded.ids[event.id] = Int64(seq)
            loaded.table.append(event, seq: Int64(seq), retractedSeq: target)
            loaded.head = LedgerHead(seq: Int64(seq), hash: hash)
            if keepChain {
                loaded.noteHash(hash, seq: Int64(seq))
                loaded.recorded.append(event.recorded.map { $0.seconds &* 1_000_000_000 &+ Int64($0.nanos) } ?? 0)
            }
            if let r = event.recorded {
                loaded.lastRecorded = r
                if let knownAt, r <= knownAt {
                    loaded.knownHead = loaded.head
                    loaded.knownLimit = Int64(seq)
                }
            }
        }
        let committed = head
        if loaded.head != committed {
            throw LedgerDamage(message: "the hash chain does not match the commit record: the log's events hash to \(loaded.head.hash.hex) at seq \(loaded.head.seq), the last commit records \(committed.hash.hex) at seq \(committed.seq)")
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
    func loadForAppend() throws -> (ledger: LoadedLedger, fromCache: Bool) {
        let head = self.head
        if let m = IndexCache.Mapping(file: IndexCache.path(directory).file), m.open(head: head, directory: directory),
           let loaded = IndexCache.loadedLedger(m, head: head) {
            return (loaded, true)
        }
        return (try load(keepChain: true), false)
    }
}

extension Ledger {
    /// Refuses a batch whose commit record does not hold `hash`, the chain
    /// computed from the log's events up to the batch's last seq.
    static func checkChain(_ batch: BatchSummary, _ hash: Digest32) throws(LedgerDamage) {
        if let recorded = Digest32(bytes: batch.info), recorded == hash { return }
        let info = batch.info.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let events = batch.count == 0 ? "no events"
            : batch.count == 1 ? "seq \(batch.firstSeq)" : "seq \(batch.firstSeq)…\(batch.lastSeq)"
        let culprit = batch.count == 0 ? "its commit record"
            : batch.count == 1 ? "event seq \(batch.firstSeq)" : "an event of seq \(batch.firstSeq)…\(batch.lastSeq)"
        throw LedgerDamage(message: "the hash chain breaks in batch \(batch.number) (\(events)), whose commit record is in \(batch.location): the events up to seq \(batch.lastSeq) hash to \(hash.hex), the commit record says \(info); \(culprit) was changed after it was committed")
    }
}

/// SHA-256(previous hash ‖ canonical JSON), SPEC §2.
struct ChainHasher {
    mutating func next(previous: Digest32, canonical: UnsafeRawBufferPointer) -> Digest32 {
        var sha = SHA256()
        previous.withUnsafeBytes { sha.update($0) }
        sha.update(canonical)
        return sha.finalize()
    }
    mutating func next(previous: Digest32, canonical: [UInt8]) -> Digest32 {
        canonical.withUnsafeBytes { next(previous: previous, canonical: $0) }
    }
}
