import RosterCore

/// One input of a batch: a file, or standard input, by the name messages use.
public struct BatchInput {
    public var name: String
    public var source: any ByteSource
    public init(name: String, source: any ByteSource) {
        self.name = name
        self.source = source
    }
}

/// A refused batch (exit 1). Nothing of it was written. Where (the input,
/// the line, the event id) and why (a typed reason) are values; `message`
/// makes the prose, the words the command line prints.
public struct AppendRejected: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The line is not JSON: the byte of the file and the column.
        case json(byte: Int64, column: Int, detail: String)
        /// The line is JSON but not an event of the format.
        case format(EventFormatError)
        /// A rule of knowledge time (ids, retractions, recorded, seq, hash).
        case knowledge(KnowledgeViolation)
        /// A rule of valid time broken by this line's event.
        case rule(RuleViolation)
        /// With this line, an event already recorded (`eventID`, effective
        /// `effective`) would break a rule of valid time.
        case breaksRecorded(RuleViolation, eventID: String, effective: Day)
        /// The line is longer than the reader takes.
        case lineTooLong(limit: Int, byte: Int64)
        /// Several lines are not valid events: each refusal (the first
        /// `formatErrorLimit` when `limitReached`).
        case lines([AppendRejected], limitReached: Bool)
        /// Anything else, already worded.
        case other(String)
    }
    /// The input's name as messages use it (a file, `-`, a spreadsheet).
    public var input: String?
    /// The 1-based line of `input`.
    public var line: Int?
    public var eventID: String?
    public var reason: Reason

    public init(input: String?, line: Int?, eventID: String?, reason: Reason) {
        self.input = input
        self.line = line
        self.eventID = eventID
        self.reason = reason
    }
    init(input: String, line: Int32, eventID: String?, reason: Reason) {
        self.init(input: input, line: Int(line), eventID: eventID, reason: reason)
    }
    public init(message: String) {
        self.init(input: nil, line: nil, eventID: nil, reason: .other(message))
    }

    /// The reason alone, without the place: `member.confirmed M-7: …`.
    public var detail: String {
        switch reason {
        case .json(let byte, let column, let detail):
            return "not valid JSON at byte \(byte) of the file (column \(column)): \(detail)"
        case .format(let e): return e.message
        case .knowledge(let v): return v.message
        case .rule(let v): return v.message
        case .breaksRecorded(let v, let id, let effective):
            return "the timeline would not stay valid: recorded event \(id) (seq \(v.seq), effective \(effective)) would break: \(v.message)"
        case .lineTooLong(let limit, let byte):
            return "longer than \(limit) bytes (starts at byte \(byte)); refused"
        case .lines(let refusals, let limitReached):
            let more = limitReached ? " (the first \(formatErrorLimit); there may be more)" : ""
            return "\(refusals.count) lines are not valid events\(more); nothing was appended:\n  "
                + refusals.map(\.message).joined(separator: "\n  ")
        case .other(let m): return m
        }
    }

    /// True when a line (or one of several) is not JSON at all.
    public var isNotJSON: Bool {
        switch reason {
        case .json: return true
        case .lines(let refusals, _): return refusals.contains(where: \.isNotJSON)
        default: return false
        }
    }

    /// `batch.jsonl line 12 (e-0012): member.confirmed M-7: …`
    public var message: String { message(place: { "\($0) line \($1)" }) }

    /// The prose with the place worded by `place(input, line)` (an import
    /// names the spreadsheet row a line came from).
    public func message(place: (_ input: String, _ line: Int) -> String) -> String {
        guard let input else { return detail }
        let at = line.map { place(input, $0) } ?? input
        return "\(at)\(eventID.map { " (\($0))" } ?? ""): \(detail)"
    }
    public var description: String { message }
}

public struct AppendResult: Sendable {
    public var added: Int
    public var skipped: Int
    public var head: LedgerHead
    /// True when the append started from the index cache instead of reading
    /// the log (`Ledger.loadForAppend`); the outcome is the same either way.
    public var loadedFromCache = false
    /// The names of the inputs that held no event (empty, or blank lines only).
    public var emptyInputs: [String] = []
    /// True for a dry run: everything was checked, nothing was written.
    public var dryRun = false
}

/// The most malformed lines one refusal lists.
public let formatErrorLimit = 20

/// Reads the lines of any byte source (opens the existential).
func eachLine<S: ByteSource>(_ source: S, _ body: (JSONLine) throws -> Void) throws {
    var reader = JSONLinesReader(source: source)
    try reader.forEachLine(body)
}

/// Where a line of the batch came from, for messages.
struct LineOrigin {
    var input: Int32
    var line: Int32
}

/// The line of every event added by a batch (index: seq − first seq), kept
/// as runs of consecutive lines of one input: a national bulk append is one
/// run instead of 24 million entries (195 MB held through the replay, only
/// for the message of a refused batch).
struct LineOrigins {
    /// The index of a run's first event, its input and line; each run goes
    /// on while the lines follow one another.
    private var runs: [(first: Int, origin: LineOrigin)] = []
    private(set) var count = 0
    var runCount: Int { runs.count }

    mutating func append(_ origin: LineOrigin) {
        if let last = runs.last, last.origin.input == origin.input,
           Int(last.origin.line) + (count - last.first) == Int(origin.line) {
            count += 1
            return
        }
        runs.append((count, origin))
        count += 1
    }

    subscript(index: Int) -> LineOrigin {
        precondition(index >= 0 && index < count, "LineOrigins: no event \(index) (count \(count))")
        // The last run that starts at or before `index`.
        var lo = 0, hi = runs.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if runs[mid].first <= index { lo = mid } else { hi = mid }
        }
        let run = runs[lo]
        return LineOrigin(input: run.origin.input, line: run.origin.line + Int32(index - run.first))
    }
}

extension Ledger {
    /// Appends one atomic batch: every line of every input is parsed,
    /// checked and chained, the whole timeline is re-validated with the new
    /// events in effective-date order, and the batch is committed entirely or
    /// not at all. `now` is the transaction time assigned to events without
    /// `recorded` (and the latest a given `recorded` may be).
    ///
    /// With `dryRun`, the batch goes through exactly the same steps — the
    /// same decoding, chain and replay of the whole timeline — and is then
    /// dropped instead of committed: what a real run would add or refuse.
    ///
    /// Lines that are not events (bad JSON, unknown fields or types, wrong
    /// values) are all listed, up to `formatErrorLimit`, in one refusal.
    public func append(_ inputs: [BatchInput], now: Timestamp, dryRun: Bool = false) throws -> AppendResult {
        var phases = PhaseTimer(label: "append")
        defer { phases.report() }
        // Taken apart, not kept whole: the ledger's arrays must stay uniquely
        // referenced, or the batch's first append to each copies it.
        var loaded: LoadedLedger
        let loadedFromCache: Bool
        let oldIndex: SnapshotIndex?
        (loaded, loadedFromCache, oldIndex) = try loadForAppend()
        phases.mark(loadedFromCache ? "load (index cache)" : "load (log)")
        if !loadedFromCache && loaded.head.seq > 0 {
            // The log was read, not the cache a checked append wrote: its
            // knowledge rules were checked on the way (`load`), its timeline
            // is checked here, alone, so that damage already in the ledger is
            // reported as damage (exit 3) and never blamed on the batch — nor
            // hidden by it (a late event that would mend the timeline).
            try checkRules(loaded)
            phases.mark("check the ledger's timeline")
        }
        let existingCount = loaded.head.seq
        let oldUnitCount = loaded.table.names.units.count
        lastValidation = nil
        let previousHead = loaded.head
        var hash = loaded.head.hash
        var chain = ChainHasher()
        var origins = LineOrigins()
        var skipped = 0
        /// Re-imported ids, to compare with the log after reading the batch.
        var repeats: [Repeat] = []
        /// Ids repeated inside the batch with the same fingerprint: their
        /// bytes are compared with the first line's once the batch is read.
        var batchRepeats: [Repeat] = []
        /// For duplicates inside the batch: a fingerprint of each new event's
        /// canonical JSON without `recorded` (index: seq − first); its
        /// recorded time is `loaded.recorded[seq − 1]`.
        var batchFingerprints: [UInt64] = []
        let inputNames = inputs.map(\.name)
        // Size the per-event tables once from the input's size (a line is
        // rarely under 100 bytes): growing a national table by doubling
        // copies gigabytes. Reserved pages that are never written cost no
        // memory.
        let expected = inputs.reduce(0) { $0 + ($1.source.sizeHint ?? 0) } / 100
        if expected > 0 {
            loaded.table.facts.reserveCapacity(loaded.table.facts.count + expected)
            loaded.recorded.reserveCapacity(loaded.recorded.count + expected)
            // The id table's slots are written (zeroed) when made, so it is
            // sized for about 256 bytes a line rather than 100: too large,
            // it would double for nothing; too small, it grows once.
            loaded.knowledge.ids.reserveCapacity(expected * 100 / 256)
            batchFingerprints.reserveCapacity(expected)
        }
        /// An event's canonical JSON with the `recorded` the ledger assigned.
        var spliced: [UInt8] = []
        spliced.reserveCapacity(4096)

        var warmSink: UInt64 = 0
        defer { blackHole(warmSink) }

        let writer = try log.beginBatch()
        var committed = false
        defer { if !committed { writer.abort() } }

        let cpuBefore = PhaseTimer.threadCPU()
        let pipeline = LinePipeline(inputs)
        var formatErrors: [any Error] = []
        var linesPerInput = [Int](repeating: 0, count: inputs.count)
        var finished = false
        defer { if !finished { pipeline.finish() } }
        while let chunk = pipeline.next() {
            try chunk.bytes.withUnsafeBytes { chunkBytes in
                for (n, line) in chunk.lines.enumerated() {
                    if n % LinePipeline.warmRun == 0 {
                        // Overlap the cache misses of the next lines' id lookups.
                        let run = n..<min(n + LinePipeline.warmRun, chunk.idHashes.count, chunk.memberHashes.count)
                        warmSink &+= chunk.idHashes.withUnsafeBufferPointer { loaded.knowledge.ids.warm(UnsafeBufferPointer(rebasing: $0[run])) }
                        warmSink &+= chunk.memberHashes.withUnsafeBufferPointer { loaded.table.names.members.warm(UnsafeBufferPointer(rebasing: $0[run])) }
                    }
                    if let error = line.error {
                        // Keep reading: every malformed line of the batch is
                        // reported at once (the reader stops at the limit).
                        formatErrors.append(error)
                        continue
                    }
                    linesPerInput[Int(line.input)] += 1
                    // After a malformed line the batch is refused anyway;
                    // the rest is only read for more of them.
                    if !formatErrors.isEmpty { continue }
                    func reject(_ v: KnowledgeViolation) -> AppendRejected {
                        AppendRejected(input: inputNames[Int(line.input)], line: Int(line.number), eventID: v.eventID, reason: .knowledge(v))
                    }
                    var event = line.event!
                    let canonical = UnsafeRawBufferPointer(rebasing: chunkBytes[line.canonical])
                    let id = event.id
                    // Idempotency: an id the ledger has is a no-op when the content is identical.
                    if let seq = loaded.knowledge.seq(of: id) {
                        if seq > existingCount {
                            // An earlier line of this batch.
                            let i = Int(seq - existingCount - 1)
                            let same = batchFingerprints[i] == line.fingerprint
                                && (event.recorded.map { $0.seconds &* 1_000_000_000 &+ Int64($0.nanos) == loaded.recorded[Int(seq - 1)] } ?? true)
                            if !same {
                                throw reject(KnowledgeViolation(seq: seq, eventID: id, reason: .idTwiceInBatch))
                            }
                            // The fingerprints match: the bytes confirm it
                            // once the batch is read (`checkBatchRepeats`).
                            var bytes = Array(UnsafeRawBufferPointer(rebasing: canonical[..<line.recorded.lowerBound]))
                            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[line.recorded.upperBound...]))
                            batchRepeats.append(Repeat(seq: seq, canonical: bytes, recordedGiven: false, hash: nil,
                                                       input: line.input, line: line.number, id: id))
                        } else {
                            do throws(KnowledgeViolation) {
                                try KnowledgeState.checkExportFields(id: id, seq: line.seq, hash: nil, expectedSeq: seq, expectedHash: nil, existing: true)
                            } catch { throw reject(error) }
                            repeats.append(Repeat(seq: seq, canonical: Array(canonical), recordedGiven: event.recorded != nil,
                                                  hash: line.hash, input: line.input, line: line.number, id: id))
                        }
                        skipped += 1
                        continue
                    }
                    // Transaction time.
                    let assigned = event.recorded == nil
                    if let r = event.recorded {
                        do throws(KnowledgeViolation) {
                            try loaded.knowledge.checkNotFuture(id: id, recorded: r, now: now)
                        } catch { throw reject(error) }
                    } else {
                        let t = loaded.knowledge.assignedRecorded(now: now)
                        event.recorded = t
                        // Splice `,"recorded":"…"` in where the key order puts it.
                        spliced.removeAll(keepingCapacity: true)
                        spliced.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[..<line.recorded.lowerBound]))
                        spliced.append(contentsOf: #","recorded":""#.utf8)
                        spliced.append(contentsOf: t.text.utf8)
                        spliced.append(0x22)
                        spliced.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[line.recorded.lowerBound...]))
                    }
                    // Knowledge time: the id, the recorded time, the retraction's target.
                    var retracts: String? = nil
                    if case .eventRetracted(let t, _) = event.body { retracts = t }
                    let (seq, target): (Int64, Int64)
                    do throws(KnowledgeViolation) {
                        (seq, target) = try loaded.knowledge.apply(id: id, recorded: event.recorded, retracts: retracts)
                    } catch { throw reject(error) }
                    // The chain.
                    if assigned {
                        try spliced.withUnsafeBytes { bytes in
                            hash = chain.next(previous: hash, canonical: bytes)
                            try writer.append(bytes)
                        }
                    } else {
                        hash = chain.next(previous: hash, canonical: canonical)
                        try writer.append(canonical)
                    }
                    do throws(KnowledgeViolation) {
                        try KnowledgeState.checkExportFields(id: id, seq: line.seq, hash: line.hash, expectedSeq: seq, expectedHash: hash, existing: false)
                    } catch { throw reject(error) }
                    batchFingerprints.append(line.fingerprint)
                    let r = event.recorded!
                    let nanos = r.seconds &* 1_000_000_000 &+ Int64(r.nanos)
                    loaded.table.append(event, seq: seq, retractedSeq: target)
                    loaded.head = LedgerHead(seq: seq, hash: hash)
                    loaded.noteHash(hash, seq: seq)
                    loaded.recorded.append(nanos)
                    origins.append(LineOrigin(input: line.input, line: line.number))
                }
            }
        }
        finished = true
        PhaseTimer.note("append: the writing thread (ids, chain, records, facts) used \(PhaseTimer.threadCPU() - cpuBefore) ms of CPU")
        if formatErrors.count == 1 { throw formatErrors[0] }
        if !formatErrors.isEmpty {
            throw AppendRejected(input: nil, line: nil, eventID: nil,
                                 reason: .lines(formatErrors.map { $0 as? AppendRejected ?? AppendRejected(message: "\($0)") },
                                                limitReached: formatErrors.count >= formatErrorLimit))
        }
        let emptyInputs = zip(inputNames, linesPerInput).filter { $0.1 == 0 }.map(\.0)
        phases.mark("read, decode, chain, write")
        // Not needed past the loop: 8 bytes an event, freed before the replay.
        batchFingerprints = []

        // Re-imported events must be identical to what the ledger holds:
        // the same canonical JSON (without `recorded` when the line did not
        // give it).
        if !repeats.isEmpty {
            try checkRepeats(repeats, loaded: loaded, inputNames: inputNames)
        }
        if !batchRepeats.isEmpty {
            try checkBatchRepeats(batchRepeats, writer: writer, inputNames: inputNames)
        }

        let added = Int(loaded.head.seq - existingCount)
        if added == 0 {
            return AppendResult(added: 0, skipped: skipped, head: loaded.head, loadedFromCache: loadedFromCache,
                                emptyInputs: emptyInputs, dryRun: dryRun)
        }

        // Only what the batch can change, when it qualifies
        // (`IncrementalCheck`); else the whole timeline below.
        let incremental: IncrementalOutcome
        do {
            incremental = try checkIncrementally(loaded, existingCount: existingCount, oldUnitCount: oldUnitCount, oldIndex: oldIndex)
            phases.mark(validationPhase)
        } catch {
            phases.mark(validationPhase)
            throw blame(error, loaded: loaded, existingCount: existingCount, origins: origins, inputNames: inputNames)
        }
        let index: SnapshotIndex
        if case .indexed(let updated) = incremental {
            index = updated
        } else {
            // The whole timeline, with the new events at their effective
            // dates: one replay checks every rule and builds the snapshot index.
            do {
                let timeline = Timeline(table: loaded.table)
                phases.mark("timeline")
                index = try SnapshotIndex.build(timeline)
                phases.mark("replay and index")
            } catch {
                if case .validated = incremental { lastValidation = .disagreement("\(error)") }
                throw blame(error, loaded: loaded, existingCount: existingCount, origins: origins, inputNames: inputNames)
            }
        }
        if dryRun {
            // Everything a real run checks has been checked; the deferred
            // abort drops the uncommitted records.
            return AppendResult(added: added, skipped: skipped, head: loaded.head, loadedFromCache: loadedFromCache,
                                emptyInputs: emptyInputs, dryRun: true)
        }
        try writer.commit(info: loaded.head.hash.bytes)
        phases.mark("commit (fsync)")
        committed = true
        // The next report and the next append read this instead of the log
        // (best effort: a cache that cannot be written is rebuilt by the next
        // reader, and the next append reads the log).
        writeCacheOrSay(loaded, index: index)
        phases.mark("index cache")
        EntityIndex.extend(directory: directory, after: previousHead, ledger: loaded, blockStarts: writer.blockStarts)
        phases.mark("entity index")
        return AppendResult(added: added, skipped: skipped, head: loaded.head, loadedFromCache: loadedFromCache,
                            emptyInputs: emptyInputs)
    }

    /// Parses and decodes one line, or says why it is not an event.
    static func decodeLine(_ line: JSONLine, inputName: String) throws(AppendRejected) -> DecodedEvent {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parse(line.bytes)
        } catch {
            throw AppendRejected(input: inputName, line: line.number, eventID: nil,
                                 reason: .json(byte: line.offset + Int64(error.offset), column: error.offset + 1, detail: error.message))
        }
        do throws(EventFormatError) {
            return try EventDecoder.decode(value)
        } catch {
            throw AppendRejected(input: inputName, line: line.number, eventID: error.eventID, reason: .format(error))
        }
    }

    /// Re-imported events must be the ledger's: the same canonical JSON
    /// (without `recorded` when the line did not give it), and the chain
    /// hash the ledger has at their seq when the line carries one.
    func checkRepeats(_ repeats: [Repeat], loaded: LoadedLedger, inputNames: [String]) throws {
        let wanted = Dictionary(repeats.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        let first = repeats.map(\.seq).min()!
        let needHashes = repeats.contains { $0.hash != nil }
        // The chain hash before `first`, from the nearest checkpoint; only
        // when a line carries a hash to compare.
        var hash = needHashes ? try self.hash(atSeq: first - 1, checkpoints: loaded.hashes) : .zero
        var chain = ChainHasher()
        try log.forEachEntry(startingAt: UInt64(first)) { seq, payload, _ in
            if needHashes { hash = chain.next(previous: hash, canonical: payload) }
            guard let r = wanted[Int64(seq)] else { return }
            do throws(KnowledgeViolation) {
                try KnowledgeState.checkRepeat(id: r.id, existingSeq: Int64(seq), existing: payload, new: r.canonical, recordedGiven: r.recordedGiven)
                try KnowledgeState.checkExportFields(id: r.id, seq: nil, hash: r.hash, expectedSeq: Int64(seq), expectedHash: hash, existing: true)
            } catch {
                throw AppendRejected(input: inputNames[Int(r.input)], line: r.line, eventID: r.id, reason: .knowledge(error))
            }
        }
    }

    /// Lines of the batch that repeat an earlier line's id with the same
    /// fingerprint (a 64-bit hash of the canonical JSON without `recorded`):
    /// the same event only when the bytes are equal too.
    func checkBatchRepeats(_ repeats: [Repeat], writer: BatchWriter, inputNames: [String]) throws {
        let wanted = Dictionary(grouping: repeats, by: \.seq)
        let first = repeats.map(\.seq).min()!
        try writer.forEachEntry(startingAt: UInt64(first)) { seq, payload in
            for r in wanted[Int64(seq)] ?? [] {
                do throws(KnowledgeViolation) {
                    try KnowledgeState.checkRepeatInBatch(id: r.id, firstSeq: Int64(seq), first: payload, new: r.canonical)
                } catch {
                    throw AppendRejected(input: inputNames[Int(r.input)], line: r.line, eventID: r.id, reason: .knowledge(error))
                }
            }
        }
    }

    /// Replays the whole timeline of `loaded` through every rule of valid
    /// time; a break is damage naming the seq, the event id and the rule.
    func checkRules(_ loaded: LoadedLedger) throws(LedgerDamage) {
        var state = LedgerState()
        do throws(RuleViolation) {
            try Timeline(table: loaded.table).replay(state: &state)
        } catch {
            throw Ledger.damage(error, loaded: loaded)
        }
    }

    /// Replays the whole timeline of `loaded` (every rule of valid time) and
    /// builds the snapshot index; a break is damage naming the seq, the
    /// event id and the rule.
    func checkTimeline(_ loaded: LoadedLedger) throws(LedgerDamage) -> SnapshotIndex {
        do throws(RuleViolation) {
            return try SnapshotIndex.build(Timeline(table: loaded.table))
        } catch {
            throw Ledger.damage(error, loaded: loaded)
        }
    }

    /// A rule of valid time broken by an event of the committed log.
    static func damage(_ v: RuleViolation, loaded: LoadedLedger) -> LedgerDamage {
        let fact = loaded.table.facts[Int(v.seq - 1)]
        return LedgerDamage(seq: v.seq, eventID: loaded.ids.id(ofSeq: v.seq), reason: .rule(v, effective: Day(number: fact.effective)))
    }

    /// Writes the index cache for the next report and the next append. Best
    /// effort: a cache that cannot be written is rebuilt by the next reader
    /// (and the next append reads the log); standard error says why.
    func writeCacheOrSay(_ loaded: LoadedLedger, index: SnapshotIndex) {
        do {
            try IndexCache.write(directory: directory, ledger: loaded, index: index)
        } catch {
            Ledger.warn("roster: note: the index cache was not written (the next command reads the log instead): \(error)")
        }
    }

    /// Turns a rule violation into a rejection that names the batch line to blame.
    func blame(_ v: RuleViolation, loaded: LoadedLedger, existingCount: Int64,
               origins: LineOrigins, inputNames: [String]) -> AppendRejected {
        let table = loaded.table
        func idOf(_ seq: Int64) -> String { loaded.ids.id(ofSeq: seq) }
        func rejection(_ seq: Int64, _ reason: AppendRejected.Reason) -> AppendRejected {
            let o = origins[Int(seq - existingCount - 1)]
            return AppendRejected(input: inputNames[Int(o.input)], line: o.line, eventID: idOf(seq), reason: reason)
        }
        if v.seq > existingCount {
            return rejection(v.seq, .rule(v))
        }
        // An event already in the ledger is no longer valid: find the new line
        // that touches the same member or unit, else the first line.
        let bad = table.facts[Int(v.seq - 1)]
        func touches(_ f: Fact) -> Bool {
            if f.type == .eventRetracted {
                let t = table.facts[Int(f.retractedSeq - 1)]
                return t.type.subject == bad.type.subject && t.subject == bad.subject
            }
            return f.type.subject == bad.type.subject && f.subject == bad.subject
        }
        var culprit = existingCount + 1
        for s in (existingCount + 1)...loaded.head.seq where touches(table.facts[Int(s - 1)]) {
            culprit = s
            break
        }
        return rejection(culprit, .breaksRecorded(v, eventID: idOf(v.seq), effective: Day(number: bad.effective)))
    }
}

/// An id of the batch that the ledger already holds: checked against the
/// log once the batch is read.
struct Repeat {
    var seq: Int64
    var canonical: [UInt8]
    var recordedGiven: Bool
    var hash: Digest32?
    var input: Int32
    var line: Int32
    var id: String
}
