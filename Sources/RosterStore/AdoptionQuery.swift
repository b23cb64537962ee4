import RosterCore

extension Ledger {
    /// Every committed event, decoded, in seq order.
    public func forEachEvent(_ body: (_ seq: Int64, _ event: Event) throws -> Void) throws {
        var decoder = EntryDecoder()
        try forEachChainedEntry { seq, payload, location, _ in
            try body(Int64(seq), try decoder.event(payload, seq: seq, location: location))
        }
    }

    /// The names and kept confirmation dates of every member, for member lists.
    public func memberDirectory() throws -> MemberDirectory {
        var directory = MemberDirectory()
        try forEachEvent { seq, event in directory.add(event, seq: seq) }
        return directory
    }

    /// The names and parents of units over time, as known now or as known at
    /// `knownAt`, for documents that name the units they speak for. Reads the
    /// whole log once: names are in the events only (the facts and the index
    /// cache do not keep them), and a document is made once, not per query.
    public func unitDirectory(knownAt: Timestamp? = nil) throws -> UnitDirectory {
        var directory = UnitDirectory()
        try forEachEvent { seq, event in
            if let knownAt, let r = event.recorded, r > knownAt { return }
            directory.add(event, seq: seq)
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
