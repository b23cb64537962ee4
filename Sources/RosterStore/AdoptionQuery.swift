import RosterCore

extension Ledger {
    /// Every committed event, decoded, in seq order.
    public func forEachEvent(_ body: (_ seq: Int64, _ event: Event) throws -> Void) throws {
        var decoder = EntryDecoder()
        try forEachChainedEntry { seq, payload, location, _ in
            try body(Int64(seq), try decoder.event(payload, seq: seq, location: location))
        }
    }

    /// The names, kinds and parents of units over time — as known now, as
    /// known at `knownAt`, or within the log prefix up to seq `limit` — for
    /// whatever names units: office documents' letterheads and tables, report
    /// headings, unit lists, import messages. The one reader of unit names.
    ///
    /// From the index cache when it is valid (its `unitDirectory` section:
    /// no read of the log). Otherwise one pass over the log: names are in
    /// the events only, and the facts do not keep them.
    public func unitDirectory(knownAt: Timestamp? = nil, limit: Int64? = nil) throws -> UnitDirectory {
        if let m = IndexCache.Mapping(file: IndexCache.path(directory).file), m.open(head: head, directory: directory) {
            var prefix = limit
            if let knownAt, let recorded = m.mapped(.recorded, of: Int64.self),
               let n = IndexCache.prefixLength(recorded, knownAt: knownAt) {
                prefix = min(prefix ?? .max, Int64(n))
            }
            if knownAt == nil || prefix != nil, let d = IndexCache.unitDirectory(m, limit: prefix) { return d }
        }
        return try unitDirectoryFromLog(knownAt: knownAt, limit: limit)
    }

    /// `unitDirectory` by a pass over the whole log (the reference, and the
    /// answer without a cache).
    public func unitDirectoryFromLog(knownAt: Timestamp? = nil, limit: Int64? = nil) throws -> UnitDirectory {
        var directory = UnitDirectory()
        var decoder = EntryDecoder()
        // Only unit events and retractions say anything here: the rest (the
        // member events, nearly all of the log) is skipped by a byte search
        // of the canonical JSON before decoding. Records are checked (their
        // checksums, the commit records) as every read of the log checks
        // them; the hash chain is not recomputed, as a report read from the
        // index cache does not recompute it either (`roster verify` does).
        let unitType = Array("\"type\":\"unit.".utf8), retraction = Array("\"type\":\"event.retracted\"".utf8)
        func contains(_ payload: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
            guard payload.count >= needle.count else { return false }
            let first = needle[0]
            var i = 0
            while i <= payload.count - needle.count {
                if payload[i] == first {
                    var j = 1
                    while j < needle.count && payload[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
        var past = false
        try log.forEachEntry { seq, payload, location in
            guard !past, contains(payload, unitType) || contains(payload, retraction) else { return }
            let event = try decoder.event(payload, seq: seq, location: location)
            if let knownAt, let r = event.recorded, r > knownAt { past = true; return }
            if let limit, Int64(seq) > limit { past = true; return }
            directory.add(event, seq: Int64(seq))
        }
        return directory
    }

    /// The head event as `roster export` prints it: `{"seq":…,"hash":"…",…}`.
    /// Nil for an empty ledger.
    public func headLine() throws -> String? {
        let head = self.head
        guard head.seq > 0 else { return nil }
        var line: String? = nil
        try log.forEachEntry(startingAt: UInt64(head.seq)) { seq, payload, _ in
            guard Int64(seq) == head.seq else { return }
            line = "{\"seq\":\(seq),\"hash\":\"\(head.hash.hex)\"," + String(decoding: payload.dropFirst(), as: UTF8.self)
        }
        return line
    }

    /// The line `roster export` prints for the event with `id`, with the
    /// hash recomputed along the chain; nil when the id is unknown.
    public func exportLine(id: String) throws -> String? {
        var line: String? = nil
        try forEachChainedEntry { seq, payload, _, hash in
            if line != nil { return }
            guard case .object(let o) = try JSONParser.parse(payload), case .string(let eid)? = o["id"], eid == id else { return }
            line = "{\"seq\":\(seq),\"hash\":\"\(hash.hex)\"," + String(decoding: payload.dropFirst(), as: UTF8.self)
        }
        return line
    }
}
