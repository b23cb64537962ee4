import Dispatch
import RosterCore

/// One line of a batch as the reading thread prepared it: decoded, its
/// canonical JSON written into its chunk's bytes (with `recorded` only when
/// the line gave it; the ledger splices in the one it assigns), and a
/// fingerprint of that JSON without `recorded` for the in-batch duplicate
/// check.
struct ParsedLine {
    var input: Int32
    var number: Int32
    var event: Event?
    var seq: Int? = nil
    var hash: Digest32? = nil
    /// The canonical JSON: this range of the chunk's `bytes`.
    var canonical: Range<Int> = 0..<0
    /// `,"recorded":"…"` in it (relative to its start), or where it goes.
    var recorded: Range<Int> = 0..<0
    var fingerprint: UInt64 = 0
    /// Why the line (or the input) cannot be read. A line that is not an
    /// event does not end the stream (up to `formatErrorLimit` of them); an
    /// input that cannot be read does.
    var error: (any Error)? = nil
}

/// Lines in order, and one buffer holding all their canonical JSON (one
/// allocation per chunk instead of one per line).
struct ParsedChunk {
    var lines: [ParsedLine] = []
    var bytes: [UInt8] = []
    /// Per line: the hash of its event id (`EventIDTable.hash`) and of its
    /// member id (`Interner.hash`, 0 without one), taken here so that the
    /// writing thread can warm its tables for a run of lines at once.
    var idHashes: [UInt64] = []
    var memberHashes: [UInt64] = []
}

/// Reads, parses and decodes the inputs of a batch on a second thread while
/// the caller chains, checks and writes: the two halves of an append take
/// about the same time, so a two-core machine does both at once. Lines come
/// out in order, in chunks; a bounded queue keeps memory flat.
final class LinePipeline: @unchecked Sendable {
    private let inputs: [BatchInput]
    private let chunkSize = 2048
    /// Lines whose table slots the writing thread touches in one go.
    static let warmRun = 256
    private let handoff = ChunkHandoff<ParsedChunk>()

    init(_ inputs: [BatchInput]) {
        self.inputs = inputs
        handoff.start(label: "roster.pipeline.reader") { [self] in produce() }
    }

    private var isCancelled: Bool { handoff.isCancelled }

    private func push(_ chunk: ParsedChunk?) { handoff.push(chunk) }

    private func produce() {
        var chunk = ParsedChunk()
        chunk.lines.reserveCapacity(chunkSize)
        chunk.bytes.reserveCapacity(chunkSize * 320)
        var decoder = FastEventDecoder()
        var stopped = false
        var malformed = 0
        func flush() {
            push(chunk)
            chunk = ParsedChunk()
            chunk.lines.reserveCapacity(chunkSize)
            chunk.bytes.reserveCapacity(chunkSize * 320)
            if isCancelled { stopped = true }
        }
        for (index, input) in inputs.enumerated() where !stopped {
            do {
                try eachLine(input.source) { line in
                    if stopped { return }
                    var p = ParsedLine(input: Int32(index), number: Int32(line.number), event: nil)
                    let mark = chunk.bytes.count
                    if let fast = decoder.decode(line.bytes, canonical: &chunk.bytes) {
                        p.event = fast.event
                        p.seq = fast.seq
                        p.hash = fast.hash
                        p.recorded = fast.recorded
                    } else {
                        do {
                            // The full decoder: it takes what the fast one
                            // declines, or says exactly what is wrong.
                            let d = try Ledger.decodeLine(line, inputName: input.name)
                            JSONValue.object(d.fields).writeCanonical(into: &chunk.bytes)
                            p.event = d.event
                            p.seq = d.seq
                            p.hash = d.hash
                            p.recorded = chunk.bytes.withUnsafeBytes {
                                CanonicalEvent.recordedRange(UnsafeRawBufferPointer(rebasing: $0[mark...]))
                            }
                        } catch {
                            p.error = error
                            malformed += 1
                            if malformed >= formatErrorLimit { stopped = true }
                        }
                    }
                    if p.error == nil {
                        p.canonical = mark..<chunk.bytes.count
                        p.fingerprint = chunk.bytes.withUnsafeBytes {
                            eventFingerprint(UnsafeRawBufferPointer(rebasing: $0[p.canonical]), recorded: p.recorded)
                        }
                    }
                    if let event = p.event {
                        var id = event.id
                        chunk.idHashes.append(id.withUTF8 { EventIDTable.hash(UnsafeRawBufferPointer($0)) })
                        chunk.memberHashes.append(event.body.member.map(Interner.hash(of:)) ?? 0)
                    } else {
                        chunk.idHashes.append(0)
                        chunk.memberHashes.append(0)
                    }
                    chunk.lines.append(p)
                    if chunk.lines.count == chunkSize || stopped { flush() }
                }
            } catch let e as LineTooLongError {
                chunk.idHashes.append(0)
                chunk.memberHashes.append(0)
                chunk.lines.append(ParsedLine(input: Int32(index), number: Int32(e.line), event: nil,
                                              error: AppendRejected(input: input.name, line: Int(e.line), eventID: nil,
                                                                     reason: .lineTooLong(limit: Int(e.limit), byte: Int64(e.offset)))))
                stopped = true
            } catch {
                chunk.idHashes.append(0)
                chunk.memberHashes.append(0)
                chunk.lines.append(ParsedLine(input: Int32(index), number: 0, event: nil, error: error))
                stopped = true
            }
        }
        if !chunk.lines.isEmpty { push(chunk) }
        PhaseTimer.note("append: the reading thread (split, decode, canonical JSON) used \(PhaseTimer.threadCPU()) ms of CPU")
        push(nil)
    }

    /// The next chunk of lines, or nil at the end.
    func next() -> ParsedChunk? { handoff.next() }

    /// Stops the reader and waits for it (call when leaving early).
    func finish() { handoff.finish() }
}
