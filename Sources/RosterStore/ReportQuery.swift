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
                return Reporter(index: index, provenance: Provenance(ledger: head, knownAt: nil)) { [self] in
                    if let table = IndexCache.table(m) { return Timeline(table: table) }
                    return Timeline(table: try self.load().table)
                }
            }
            if let knownAt, let table = IndexCache.table(m), let recorded = m.array(.recorded, of: Int64.self),
               let hashes = m.array(.hashes, of: Digest32.self), recorded.count == table.facts.count,
               Int64(hashes.count) == Int64(table.facts.count) / Ledger.chainCheckpointInterval {
                // Recorded times never decrease: the prefix is found by binary search.
                let t = knownAt.seconds &* 1_000_000_000 &+ Int64(knownAt.nanos)
                var lo = 0, hi = recorded.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if recorded[mid] <= t { lo = mid + 1 } else { hi = mid }
                }
                let known = LedgerHead(seq: Int64(lo), hash: try hash(atSeq: Int64(lo), checkpoints: hashes))
                return Reporter(timeline: Timeline(table: table, limit: Int64(lo)),
                                provenance: Provenance(ledger: known, knownAt: knownAtText))
            }
        }
        let loaded = try load(knownAt: knownAt, keepChain: useCache)
        if useCache { try? writeCache(loaded) }
        if knownAt == nil, useCache, let m = IndexCache.Mapping(file: IndexCache.path(directory).file), m.open(head: head, directory: directory),
           let index = IndexCache.snapshotIndex(m) {
            let table = loaded.table
            return Reporter(index: index, provenance: Provenance(ledger: loaded.head, knownAt: nil)) { Timeline(table: table) }
        }
        let timeline = Timeline(table: loaded.table, limit: loaded.knownLimit)
        return Reporter(timeline: timeline, provenance: Provenance(ledger: loaded.knownHead, knownAt: knownAtText))
    }

    /// Builds the snapshot index from a full read of the log and writes the cache.
    func writeCache(_ loaded: LoadedLedger) throws {
        guard Int64(loaded.hashes.count) == Int64(loaded.table.facts.count) / Ledger.chainCheckpointInterval else { return }
        let index = try SnapshotIndex.build(Timeline(table: loaded.table))
        try IndexCache.write(directory: directory, ledger: loaded, index: index)
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
    /// The name of `unit` on `day` in `timeline` (the establishing or latest
    /// renaming event effective by then, not retracted, within the known
    /// prefix), for report headings. The facts keep no names: this looks
    /// through the facts for the unit's naming events (a pass over the fact
    /// table in memory, only when a report is scoped to a unit) and reads
    /// just that one event from the log.
    public func unitName(_ unit: String, on day: Day, timeline: Timeline) throws -> String? {
        guard let u = timeline.table.names.units.index(of: unit) else { return nil }
        var best: (effective: Int32, seq: Int64)? = nil
        var first: (effective: Int32, seq: Int64)? = nil
        for f in timeline.table.facts where f.subject == u && (f.type == .unitEstablished || f.type == .unitRenamed) {
            guard f.seq <= timeline.limit, !timeline.retracted.contains(f.seq) else { continue }
            if f.type == .unitEstablished, first == nil { first = (f.effective, f.seq) }
            guard f.effective <= day.number else { continue }
            if best == nil || (f.effective, f.seq) > (best!.effective, best!.seq) { best = (f.effective, f.seq) }
        }
        guard let seq = (best ?? first)?.seq else { return nil }
        struct Done: Error {}
        var name: String? = nil
        do {
            try log.forEachEntry(startingAt: UInt64(seq)) { s, payload, _ in
                if Int64(s) == seq, case .object(let o) = try JSONParser.parse(payload), case .string(let n)? = o["name"] { name = n }
                throw Done()
            }
        } catch is Done {}
        return name
    }
}
