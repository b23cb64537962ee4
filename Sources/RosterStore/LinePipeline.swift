import Dispatch
import RosterCore

/// One line of a batch as the reading thread prepared it: decoded, its
/// fingerprint taken, and its canonical JSON written when the line gave its
/// own `recorded` (otherwise the ledger must first assign one).
struct ParsedLine {
    var input: Int32
    var number: Int32
    var decoded: DecodedEvent?
    var fingerprint: Int = 0
    var canonical: [UInt8]? = nil
    /// Why the line (or the input) cannot be read; ends the stream.
    var error: (any Error)? = nil
}

/// Reads, parses and decodes the inputs of a batch on a second thread while
/// the caller chains, checks and writes: the two halves of an append take
/// about the same time, so a two-core machine does both at once. Lines come
/// out in order, in chunks; a bounded queue keeps memory flat.
final class LinePipeline: @unchecked Sendable {
    private let inputs: [BatchInput]
    private let chunkSize = 2048
    private let slots = DispatchSemaphore(value: 8)
    private let filled = DispatchSemaphore(value: 0)
    private let lock = DispatchQueue(label: "roster.pipeline.lock")
    private var chunks: [[ParsedLine]?] = []   // nil marks the end
    private var cancelled = false
    private let done = DispatchGroup()

    init(_ inputs: [BatchInput]) {
        self.inputs = inputs
        done.enter()
        DispatchQueue(label: "roster.pipeline.reader").async { [self] in
            produce()
            done.leave()
        }
    }

    private var isCancelled: Bool { lock.sync { cancelled } }

    private func push(_ chunk: [ParsedLine]?) {
        slots.wait()
        lock.sync { chunks.append(chunk) }
        filled.signal()
    }

    private func produce() {
        var chunk: [ParsedLine] = []
        chunk.reserveCapacity(chunkSize)
        var scratch: [UInt8] = []
        var stopped = false
        for (index, input) in inputs.enumerated() where !stopped {
            do {
                try eachLine(input.source) { line in
                    if stopped { return }
                    var p = ParsedLine(input: Int32(index), number: Int32(line.number), decoded: nil)
                    do {
                        let d = try Ledger.decodeLine(line, inputName: input.name)
                        p.fingerprint = Ledger.fingerprint(d.fields, &scratch)
                        if d.event.recorded != nil {
                            var c: [UInt8] = []
                            c.reserveCapacity(line.bytes.count)
                            JSONValue.object(d.fields).writeCanonical(into: &c)
                            p.canonical = c
                        }
                        p.decoded = d
                    } catch {
                        p.error = error
                        stopped = true
                    }
                    chunk.append(p)
                    if chunk.count == chunkSize || stopped {
                        push(chunk)
                        chunk.removeAll(keepingCapacity: true)
                        if isCancelled { stopped = true }
                    }
                }
            } catch let e as LineTooLongError {
                chunk.append(ParsedLine(input: Int32(index), number: Int32(e.line), decoded: nil,
                                        error: AppendRejected(message: "\(input.name) line \(e.line): longer than \(e.limit) bytes (starts at byte \(e.offset)); refused")))
                stopped = true
            } catch {
                chunk.append(ParsedLine(input: Int32(index), number: 0, decoded: nil, error: error))
                stopped = true
            }
        }
        if !chunk.isEmpty { push(chunk) }
        push(nil)
    }

    /// The next chunk of lines, or nil at the end.
    func next() -> [ParsedLine]? {
        filled.wait()
        let chunk = lock.sync { chunks.removeFirst() }
        slots.signal()
        return chunk
    }

    /// Stops the reader and waits for it (call when leaving early).
    func finish() {
        lock.sync { cancelled = true }
        // Drain so that a reader blocked on a full queue can see the flag.
        while let _ = next() {}
        done.wait()
    }
}
