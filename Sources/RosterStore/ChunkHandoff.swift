import Dispatch

/// The bounded, ordered hand-off between a producing thread and its one
/// consumer, shared by the append's `LinePipeline` and the full read's
/// `EntryPipeline`: at most eight chunks wait (memory stays flat), nil marks
/// the end, and `finish` stops the producer early and waits for it.
final class ChunkHandoff<Chunk>: @unchecked Sendable {
    private let slots = DispatchSemaphore(value: 8)
    private let filled = DispatchSemaphore(value: 0)
    private let lock = DispatchQueue(label: "roster.handoff.lock")
    private var chunks: [Chunk?] = []   // nil marks the end
    private var cancelled = false
    private let done = DispatchGroup()

    /// Runs `produce` on a thread of its own; it pushes its chunks, then nil.
    func start(label: String, _ produce: @escaping @Sendable () -> Void) {
        done.enter()
        DispatchQueue(label: label).async { [self] in
            produce()
            done.leave()
        }
    }

    /// True once the consumer called `finish`: the producer should stop.
    var isCancelled: Bool { lock.sync { cancelled } }

    /// Hands over a chunk (nil: the end), waiting while eight are queued.
    func push(_ chunk: Chunk?) {
        slots.wait()
        lock.sync { chunks.append(chunk) }
        filled.signal()
    }

    /// The next chunk, or nil at the end.
    func next() -> Chunk? {
        filled.wait()
        let chunk = lock.sync { chunks.removeFirst() }
        slots.signal()
        return chunk
    }

    /// Stops the producer and waits for it (call when leaving early).
    func finish() {
        lock.sync { cancelled = true }
        // Drain so that a producer blocked on a full queue can see the flag.
        while let _ = next() {}
        done.wait()
    }
}
