import RosterCore

extension Ledger {
    /// Every committed event, decoded, in seq order.
    public func forEachEvent(_ body: (_ seq: Int64, _ event: Event) throws -> Void) throws {
        var decoder = EntryDecoder()
        try forEachChainedEntry { seq, payload, location, _ in
            try body(Int64(seq), try decoder.event(payload, seq: seq, location: location))
        }
    }

    /// The names and parents of units over time, as known now or as known at
    /// `knownAt`, for documents that name the units they speak for. Reads the
    /// whole log once: names are in the events only (the facts and the index
    /// cache do not keep them), and a document is made once, not per query.
    public func unitDirectory(knownAt: Timestamp? = nil) throws -> UnitDirectory {
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
