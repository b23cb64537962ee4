import RosterCore

extension Ledger {
    /// A reporter over the ledger as known now, or as known at `knownAt`
    /// (only events recorded by then, retractions recorded by then).
    ///
    /// Reads the index cache when it is valid for the committed head, and
    /// otherwise reads the log, builds the index and writes the cache for the
    /// next process (best effort: a read-only ledger simply has no cache).
    public func reporter(knownAt: Timestamp?, knownAtText: String?, useCache: Bool = true) throws -> Reporter {
        let head = self.head
        if useCache, let m = IndexCache.Mapping(file: IndexCache.path(directory).file), m.open(head: head, directory: directory) {
            if knownAt == nil, let index = IndexCache.snapshotIndex(m) {
                let reporter = Reporter(index: index, provenance: Provenance(ledger: head, knownAt: nil)) { [self] in
                    if let table = IndexCache.table(m) { return Timeline(table: table) }
                    return Timeline(table: try self.load().table)
                }
                reporter.loadNames = { [self] members, people in try self.names(m, members: members, people: people) }
                return reporter
            }
            if let knownAt, let recorded = m.mapped(.recorded, of: Int64.self),
               let hashes = m.array(.hashes, of: Digest32.self), let facts = m.sections[.facts],
               recorded.count == facts.length / MemoryLayout<Fact>.stride,
               Int64(hashes.count) == Int64(recorded.count) / Ledger.chainCheckpointInterval,
               let lo = IndexCache.prefixLength(recorded, knownAt: knownAt) {
                let known = LedgerHead(seq: Int64(lo), hash: try hash(atSeq: Int64(lo), checkpoints: hashes))
                // The timeline of the prefix is built only when a report
                // needs a replay: the index answers when what was recorded
                // after the prefix does not touch the dates asked about.
                let reporter = Reporter(index: nil, provenance: Provenance(ledger: known, knownAt: knownAtText)) { [self] in
                    Timeline(table: try IndexCache.table(m) ?? self.load().table, limit: Int64(lo))
                }
                reporter.loadNames = { [self] members, people in try self.names(m, members: members, people: people) }
                reporter.knownPrefix = IndexCache.knownPrefix(m, limit: Int64(lo), seqs: Int64(recorded.count))
                return reporter
            }
        }
        // The log is read: the knowledge decider checks it on the way
        // (`load`), and the whole timeline is replayed here — not only the
        // prefix a `--known-at` report folds — so a report from a ledger that
        // breaks a rule is refused as damage, like `roster verify`. The
        // replay builds the index the cache holds; the cache is written only
        // after both checks passed, which is why a valid cache is trusted.
        let loaded = try load(knownAt: knownAt, keepChain: useCache)
        guard useCache else {
            // No index wanted: the plain replay checks the rules.
            try checkRules(loaded)
            return Reporter(timeline: Timeline(table: loaded.table, limit: loaded.knownLimit),
                            provenance: Provenance(ledger: loaded.knownHead, knownAt: knownAtText))
        }
        let index = try checkTimeline(loaded)
        if Int64(loaded.hashes.count) == Int64(loaded.table.facts.count) / Ledger.chainCheckpointInterval {
            writeCacheOrSay(loaded, index: index)
        }
        if knownAt == nil {
            let table = loaded.table
            return Reporter(index: index, provenance: Provenance(ledger: loaded.head, knownAt: nil)) { Timeline(table: table) }
        }
        let timeline = Timeline(table: loaded.table, limit: loaded.knownLimit)
        return Reporter(timeline: timeline, provenance: Provenance(ledger: loaded.knownHead, knownAt: knownAtText))
    }

    /// Member ids and person names from the cache, only those asked (one
    /// pass over the length-prefixed strings, materialising the few wanted),
    /// else from a full read of the log.
    func names(_ m: IndexCache.Mapping, members: [Int32], people: [Int32]) throws -> (members: [Int32: String], people: [Int32: String]) {
        if let ids = m.strings(.memberIDs, only: Set(members)), let persons = m.strings(.people, only: Set(people.filter { $0 >= 0 })) {
            return (ids, persons)
        }
        let table = try load().table
        var a: [Int32: String] = [:], b: [Int32: String] = [:]
        for i in members { a[i] = table.names.members[i] }
        for i in people where i >= 0 { b[i] = table.names.people[i] }
        return (a, b)
    }

    /// The chain's hash after `seq`, from the nearest checkpoint at or before
    /// it and the log's entries after that (at most one interval of them).
    func hash(atSeq seq: Int64, checkpoints: [Digest32]) throws -> Digest32 {
        let base = seq / Ledger.chainCheckpointInterval * Ledger.chainCheckpointInterval
        var hash = base == 0 ? Digest32.zero : checkpoints[Int(base / Ledger.chainCheckpointInterval) - 1]
        guard seq > base else { return hash }
        struct Done: Error {}
        var chain = ChainHasher()
        do {
            try log.forEachEntry(startingAt: UInt64(base + 1)) { s, payload, _ in
                hash = chain.next(previous: hash, canonical: payload)
                if Int64(s) == seq { throw Done() }
            }
        } catch is Done {}
        return hash
    }
}

extension Ledger {
    /// The name of `unit` on `day` as known within the log prefix up to seq
    /// `limit` (the establishing or latest renaming event effective by then,
    /// not retracted), for report headings: from the unit directory, so a
    /// heading never needs the timeline.
    public func unitName(_ unit: String, on day: Day, limit: Int64) throws -> String? {
        try unitDirectory(limit: limit).name(of: unit, on: day, retracted: [], limit: limit)
    }
}
