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

/// A refused batch (exit 1). Nothing of it was written.
public struct AppendRejected: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct AppendResult: Sendable {
    public var added: Int
    public var skipped: Int
    public var head: LedgerHead
    /// True when the append started from the index cache instead of reading
    /// the log (`Ledger.loadForAppend`); the outcome is the same either way.
    public var loadedFromCache = false
}

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

extension Ledger {
    /// Appends one atomic batch: every line of every input is parsed,
    /// checked and chained, the whole timeline is re-validated with the new
    /// events in effective-date order, and the batch is committed entirely or
    /// not at all. `now` is the transaction time assigned to events without
    /// `recorded` (and the latest a given `recorded` may be).
    public func append(_ inputs: [BatchInput], now: Timestamp) throws -> AppendResult {
        var phases = PhaseTimer(label: "append")
        defer { phases.report() }
        // Taken apart, not kept whole: the ledger's arrays must stay uniquely
        // referenced, or the batch's first append to each copies it.
        var loaded: LoadedLedger
        let loadedFromCache: Bool
        (loaded, loadedFromCache) = try loadForAppend()
        phases.mark(loadedFromCache ? "load (index cache)" : "load (log)")
        let existingCount = loaded.head.seq
        let previousHead = loaded.head
        var hash = loaded.head.hash
        var chain = ChainHasher()
        var lastRecorded = loaded.lastRecorded
        var origins: [LineOrigin] = []
        var skipped = 0
        /// Re-imported ids, to compare with the log after reading the batch.
        var repeats: [(seq: Int64, canonical: [UInt8], recordedGiven: Bool, where: String)] = []
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
            origins.reserveCapacity(expected)
            // The id table's slots are written (zeroed) when made, so it is
            // sized for about 256 bytes a line rather than 100: too large,
            // it would double for nothing; too small, it grows once.
            loaded.ids.reserveCapacity(expected * 100 / 256)
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

        let pipeline = LinePipeline(inputs)
        var finished = false
        defer { if !finished { pipeline.finish() } }
        while let chunk = pipeline.next() {
            try chunk.bytes.withUnsafeBytes { chunkBytes in
                for (n, line) in chunk.lines.enumerated() {
                    if n % LinePipeline.warmRun == 0 {
                        // Overlap the cache misses of the next lines' id lookups.
                        let run = n..<min(n + LinePipeline.warmRun, chunk.idHashes.count, chunk.memberHashes.count)
                        warmSink &+= chunk.idHashes.withUnsafeBufferPointer { loaded.ids.warm(UnsafeBufferPointer(rebasing: $0[run])) }
                        warmSink &+= chunk.memberHashes.withUnsafeBufferPointer { loaded.table.names.members.warm(UnsafeBufferPointer(rebasing: $0[run])) }
                    }
                    if let error = line.error {
                        finished = true
                        pipeline.finish()
                        throw error
                    }
                    let inputName = inputNames[Int(line.input)]
                    func reject(_ id: String?, _ message: String) -> AppendRejected {
                        AppendRejected(message: "\(inputName) line \(line.number)\(id.map { " (\($0))" } ?? ""): \(message)")
                    }
                    var event = line.event!
                    let canonical = UnsafeRawBufferPointer(rebasing: chunkBytes[line.canonical])
                    let id = event.id
                    // Idempotency: an id the ledger has is a no-op when the content is identical.
                    if let seq = loaded.ids[id] {
                        if seq > existingCount {
                            // An earlier line of this batch.
                            let i = Int(seq - existingCount - 1)
                            let same = batchFingerprints[i] == line.fingerprint
                                && (event.recorded.map { $0.seconds &* 1_000_000_000 &+ Int64($0.nanos) == loaded.recorded[Int(seq - 1)] } ?? true)
                            if !same {
                                throw reject(id, "event id \(id) appears twice in this batch with different content")
                            }
                        } else {
                            if let s = line.seq, Int64(s) != seq {
                                throw reject(id, "seq \(s) does not match the ledger: event \(id) is seq \(seq)")
                            }
                            repeats.append((seq, Array(canonical), event.recorded != nil, "\(inputName) line \(line.number) (\(id))"))
                        }
                        skipped += 1
                        continue
                    }
                    let seq = loaded.head.seq + 1
                    // Transaction time.
                    let assigned = event.recorded == nil
                    if let r = event.recorded {
                        if r > now {
                            throw reject(id, "recorded \(r.text) is in the future (now is \(now.text))")
                        }
                        if let last = lastRecorded, r < last {
                            throw reject(id, "recorded \(r.text) is earlier than the last recorded event (\(last.text))")
                        }
                    } else {
                        var t = now
                        if let last = lastRecorded, last > t { t = last }
                        t = Timestamp(seconds: t.seconds + (t.nanos > 0 ? 1 : 0))
                        event.recorded = t
                        // Splice `,"recorded":"…"` in where the key order puts it.
                        spliced.removeAll(keepingCapacity: true)
                        spliced.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[..<line.recorded.lowerBound]))
                        spliced.append(contentsOf: #","recorded":""#.utf8)
                        spliced.append(contentsOf: t.text.utf8)
                        spliced.append(0x22)
                        spliced.append(contentsOf: UnsafeRawBufferPointer(rebasing: canonical[line.recorded.lowerBound...]))
                    }
                    lastRecorded = event.recorded
                    // Retractions: an existing event that is not a retraction and not yet retracted.
                    var target: Int64 = -1
                    if case .eventRetracted(let t, _) = event.body {
                        guard let s = loaded.ids[t] else {
                            throw reject(id, "event.retracted \(t): no event with id \(t) in the ledger")
                        }
                        if loaded.table.facts[Int(s - 1)].type == .eventRetracted {
                            throw reject(id, "event.retracted \(t): \(t) is a retraction; a retraction cannot be retracted")
                        }
                        if loaded.retracted.contains(s) {
                            throw reject(id, "event.retracted \(t): \(t) is already retracted")
                        }
                        target = s
                        loaded.retracted.insert(s)
                    }
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
                    if let s = line.seq, Int64(s) != seq {
                        throw reject(id, "seq \(s) does not match the ledger: this event would be seq \(seq)")
                    }
                    if let h = line.hash, h != hash {
                        throw reject(id, "hash does not match: the line says \(h.hex), the ledger computes \(hash.hex) (tampered, or not appended onto the same history)")
                    }
                    loaded.ids[id] = seq
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
        phases.mark("read, decode, chain, write")
        // Not needed past the loop: 8 bytes an event, freed before the replay.
        batchFingerprints = []

        // Re-imported events must be identical to what the ledger holds:
        // the same canonical JSON (without `recorded` when the line did not
        // give it).
        if !repeats.isEmpty {
            let wanted = Dictionary(repeats.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
            let first = UInt64(repeats.map(\.seq).min()!)
            try log.forEachEntry(startingAt: first) { seq, payload, _ in
                guard let r = wanted[Int64(seq)] else { return }
                if !Ledger.sameContent(existing: payload, new: r.canonical, recordedGiven: r.recordedGiven) {
                    throw AppendRejected(message: "\(r.where): event id already exists in the ledger (seq \(seq)) with different content; correct it with event.retracted and a new event")
                }
            }
        }

        let added = Int(loaded.head.seq - existingCount)
        if added == 0 {
            return AppendResult(added: 0, skipped: skipped, head: loaded.head, loadedFromCache: loadedFromCache)
        }

        // The whole timeline, with the new events at their effective dates.
        // The whole timeline, with the new events at their effective dates:
        // one replay checks every rule and builds the snapshot index.
        let index: SnapshotIndex
        do {
            let timeline = Timeline(table: loaded.table)
            phases.mark("timeline")
            index = try SnapshotIndex.build(timeline)
            phases.mark("replay and index")
        } catch {
            throw blame(error, loaded: loaded, existingCount: existingCount, origins: origins, inputNames: inputNames)
        }
        try writer.commit(info: loaded.head.hash.bytes)
        phases.mark("commit (fsync)")
        committed = true
        // The next report and the next append read this instead of the log
        // (best effort: a cache that cannot be written is rebuilt by the next
        // reader, and the next append reads the log).
        loaded.lastRecorded = lastRecorded
        try? IndexCache.write(directory: directory, ledger: loaded, index: index)
        phases.mark("index cache")
        EntityIndex.extend(directory: directory, after: previousHead, ledger: loaded, blockStarts: writer.blockStarts)
        phases.mark("entity index")
        return AppendResult(added: added, skipped: skipped, head: loaded.head, loadedFromCache: loadedFromCache)
    }

    /// Parses and decodes one line, or says why it is not an event.
    static func decodeLine(_ line: JSONLine, inputName: String) throws(AppendRejected) -> DecodedEvent {
        func reject(_ id: String?, _ message: String) -> AppendRejected {
            AppendRejected(message: "\(inputName) line \(line.number)\(id.map { " (\($0))" } ?? ""): \(message)")
        }
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parse(line.bytes)
        } catch {
            throw reject(nil, "not valid JSON at byte \(line.offset + Int64(error.offset)) of the file (column \(error.offset + 1)): \(error.message)")
        }
        do throws(EventFormatError) {
            return try EventDecoder.decode(value)
        } catch {
            throw reject(error.eventID, error.message)
        }
    }

    /// The same event: equal canonical JSON, ignoring the ledger's
    /// `recorded` when the new line did not give one.
    static func sameContent(existing: UnsafeRawBufferPointer, new: [UInt8], recordedGiven: Bool) -> Bool {
        if recordedGiven { return existing.elementsEqual(new) }
        let r = CanonicalEvent.recordedRange(existing)
        return new.count == existing.count - r.count
            && existing[..<r.lowerBound].elementsEqual(new[..<r.lowerBound])
            && existing[r.upperBound...].elementsEqual(new[r.lowerBound...])
    }

    /// Turns a rule violation into a message that names the batch line to blame.
    func blame(_ v: RuleViolation, loaded: LoadedLedger, existingCount: Int64,
               origins: [LineOrigin], inputNames: [String]) -> AppendRejected {
        let table = loaded.table
        func idOf(_ seq: Int64) -> String { loaded.ids.id(ofSeq: seq) }
        func place(_ seq: Int64) -> String {
            let o = origins[Int(seq - existingCount - 1)]
            return "\(inputNames[Int(o.input)]) line \(o.line) (\(idOf(seq)))"
        }
        if v.seq > existingCount {
            return AppendRejected(message: "\(place(v.seq)): \(v.message)")
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
        return AppendRejected(message: "\(place(culprit)): the timeline would not stay valid: recorded event \(idOf(v.seq)) (seq \(v.seq), effective \(Day(number: bad.effective))) would break: \(v.message)")
    }
}
