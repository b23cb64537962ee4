import Dispatch
import RosterCore

/// One committed entry as the reading thread of a full read prepared it:
/// decoded, with the chain's hash after it and its place in the log.
struct ReadEntry {
    var seq: UInt64
    var event: Event
    var hash: Digest32
    var location: EntryLocation
}

/// Entries in seq order, and the hashes the consuming thread warms its
/// tables with (as `ParsedChunk` has them for an append).
struct ReadChunk {
    var entries: [ReadEntry] = []
    /// Per entry: the hash of its event id (`EventIDTable.hash`) and of its
    /// member id (`Interner.hash`, 0 without one).
    var idHashes: [UInt64] = []
    var memberHashes: [UInt64] = []
    /// Why the read stopped right after `entries` (damage found by the
    /// reading thread: a record, the chain, an entry that does not decode).
    var error: (any Error)? = nil
}

/// A full read of the log on two threads. The reading thread walks the
/// segments (record checksums, framing, commit records), computes the hash
/// chain and checks it at every commit record, and decodes each entry; the
/// caller takes the decoded entries in order and does what must happen in
/// seq order (the knowledge decider, interning into the fact table). The
/// halves take about the same time, so on two cores a full read costs about
/// half of one thread doing both.
///
/// Damage is reported exactly where a one-thread read reports it: the
/// reading thread stops at the first problem and hands it over after the
/// entries before it, so anything the caller finds in those entries comes
/// first, as it would have.
final class EntryPipeline: @unchecked Sendable {
    private let ledger: Ledger
    private let chunkSize = 2048
    private let handoff = ChunkHandoff<ReadChunk>()

    /// Starts reading `ledger`'s log. The caller must not use the log until
    /// the pipeline has ended (`next` returned nil, or `finish`).
    init(_ ledger: Ledger) {
        self.ledger = ledger
        handoff.start(label: "roster.entries.reader") { [self] in produce() }
    }

    private struct Stopped: Error {}

    private var isCancelled: Bool { handoff.isCancelled }

    private func push(_ chunk: ReadChunk?) { handoff.push(chunk) }

    private static func fresh(_ size: Int) -> ReadChunk {
        var chunk = ReadChunk()
        chunk.entries.reserveCapacity(size)
        chunk.idHashes.reserveCapacity(size)
        chunk.memberHashes.reserveCapacity(size)
        return chunk
    }

    private func produce() {
        var chunk = EntryPipeline.fresh(chunkSize)
        var decoder = Ledger.EntryDecoder()
        do {
            try ledger.forEachChainedEntry { seq, payload, location, hash in
                let event = try decoder.event(payload, seq: seq, location: location)
                var id = event.id
                chunk.idHashes.append(id.withUTF8 { EventIDTable.hash(UnsafeRawBufferPointer($0)) })
                chunk.memberHashes.append(event.body.member.map(Interner.hash(of:)) ?? 0)
                chunk.entries.append(ReadEntry(seq: seq, event: event, hash: hash, location: location))
                if chunk.entries.count == chunkSize {
                    push(chunk)
                    chunk = EntryPipeline.fresh(chunkSize)
                    if isCancelled { throw Stopped() }
                }
            }
        } catch is Stopped {
        } catch {
            chunk.error = error
        }
        if !chunk.entries.isEmpty || chunk.error != nil { push(chunk) }
        PhaseTimer.note("read: the reading thread (records, chain, decoding) used \(PhaseTimer.threadCPU()) ms of CPU")
        push(nil)
    }

    /// The next chunk of entries, or nil at the end. A chunk with an `error`
    /// is the last one before the end.
    func next() -> ReadChunk? { handoff.next() }

    /// Stops the reader and waits for it (call when leaving early).
    func finish() { handoff.finish() }

    /// Entries whose table slots the consumer touches in one go.
    static let warmRun = LinePipeline.warmRun
}
