import Dispatch
import RosterCore

/// A first-in first-out queue between two threads, holding at most
/// `capacity` items: `push` waits while it is full, `pop` while it is empty.
final class BoundedQueue<Item>: @unchecked Sendable {
    private let slots: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let lock = DispatchQueue(label: "roster.queue.lock")
    private var items: [Item] = []
    private var head = 0

    init(capacity: Int) { slots = DispatchSemaphore(value: capacity) }

    func push(_ item: Item) {
        slots.wait()
        lock.sync { items.append(item) }
        filled.signal()
    }

    func pop() -> Item {
        filled.wait()
        let item: Item = lock.sync {
            let item = items[head]
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            }
            return item
        }
        slots.signal()
        return item
    }
}

/// The hash chain and the segment writes of a batch, on a thread of their
/// own. The thread that checks the rules sends it, chunk by chunk, the lines
/// it accepted (with the `recorded` it assigned, if any); this stage splices
/// that `recorded` into the canonical JSON, chains SHA-256 over it, frames
/// and writes the record, and checks a `hash` the line carried. Splitting the
/// append three ways (read and decode · rules and facts · chain and write)
/// lets two cores share it evenly: the chain alone is a third of the work.
///
/// A refusal here (a `hash` that does not match, a write that fails) is kept
/// and reported by `finish`; the lines it received before are all lines the
/// rules stage accepted earlier, so the first refusal in line order is the
/// one the caller reports (see `Ledger.append`).
final class ChainStage: @unchecked Sendable {
    /// One accepted line: its index in the chunk, its seq, and the
    /// transaction time the ledger assigned (nil when the line gave one).
    struct Item {
        var line: Int32
        var seq: Int64
        var assigned: Timestamp?
    }

    struct Work {
        var chunk: ParsedChunk
        var items: [Item]
    }

    private let queue = BoundedQueue<Work?>(capacity: 4)
    private let done = DispatchGroup()
    private let writer: BatchWriter
    private let inputNames: [String]
    private var hash: Digest32
    private var checkpoints: [Digest32] = []
    private var failure: (any Error)?
    private let flag = DispatchQueue(label: "roster.chain.flag")
    private var failedFlag = false
    private var finished = false

    init(previous: Digest32, writer: BatchWriter, inputNames: [String]) {
        self.hash = previous
        self.writer = writer
        self.inputNames = inputNames
        done.enter()
        DispatchQueue(label: "roster.chain").async { [self] in
            run()
            done.leave()
        }
    }

    /// Whether the stage has refused something (the rules stage may stop
    /// early; `finish` says what).
    var hasFailed: Bool { flag.sync { failedFlag } }

    func send(_ work: Work) { queue.push(work) }

    /// Waits until every line sent is chained and written; the head hash and
    /// the chain's hash at every `chainCheckpointInterval`-th seq, or the
    /// first refusal.
    func finish() throws -> (head: Digest32, checkpoints: [Digest32]) {
        stop()
        if let failure { throw failure }
        return (hash, checkpoints)
    }

    /// Ends the thread (idempotent); what it refused stays for `finish`.
    func stop() {
        if finished { return }
        finished = true
        queue.push(nil)
        done.wait()
    }

    private func run() {
        var chain = ChainHasher()
        var spliced: [UInt8] = []
        spliced.reserveCapacity(4096)
        while let work = queue.pop() {
            if failure != nil { continue }  // drain
            do {
                try work.chunk.bytes.withUnsafeBytes { bytes in
                    for item in work.items {
                        let line = work.chunk.lines[Int(item.line)]
                        let canonical = UnsafeRawBufferPointer(rebasing: bytes[line.canonical])
                        if let t = item.assigned {
                            // Splice `,"recorded":"…"` in where the key order puts it.
                            spliced.removeAll(keepingCapacity: true)
                            spliced.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[..<line.recorded.lowerBound]))
                            spliced.append(contentsOf: #","recorded":""#.utf8)
                            spliced.append(contentsOf: t.text.utf8)
                            spliced.append(0x22)
                            spliced.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[line.recorded.lowerBound...]))
                            try spliced.withUnsafeBytes { payload in
                                hash = chain.next(previous: hash, canonical: payload)
                                try writer.append(payload)
                            }
                        } else {
                            hash = chain.next(previous: hash, canonical: canonical)
                            try writer.append(canonical)
                        }
                        if let h = line.hash, h != hash {
                            let id = line.event.map { " (\($0.id))" } ?? ""
                            throw AppendRejected(message: "\(inputNames[Int(line.input)]) line \(line.number)\(id): hash does not match: the line says \(h.hex), the ledger computes \(hash.hex) (tampered, or not appended onto the same history)")
                        }
                        if item.seq % Ledger.chainCheckpointInterval == 0 { checkpoints.append(hash) }
                    }
                }
            } catch {
                failure = error
                flag.sync { failedFlag = true }
            }
        }
    }
}
