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
                let reporter = Reporter(timeline: Timeline(table: table, limit: Int64(lo)),
                                        provenance: Provenance(ledger: known, knownAt: knownAtText))
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
    /// The naming events (`unit.established`, `unit.renamed`) of `units`
    /// (every unit when nil) within `timeline`'s known prefix. The facts say
    /// which events name a unit but keep no names, so this walks the fact
    /// table in memory and then reads from the log only those events (one
    /// pass from the first to the last of them, decoding nothing else):
    /// the cost is a scan of the facts plus the log span they cover, not a
    /// decode of the whole history.
    public func unitDirectory(units: Set<String>?, timeline: Timeline) throws -> UnitDirectory {
        let interner = timeline.table.names.units
        let wanted: Set<Int32>? = units.map { Set($0.compactMap { interner.index(of: $0) }) }
        var seqs = Set<Int64>()
        for f in timeline.table.facts where f.type == .unitEstablished || f.type == .unitRenamed {
            guard f.seq <= timeline.limit else { continue }
            if let wanted, !wanted.contains(f.subject) { continue }
            seqs.insert(f.seq)
        }
        var directory = UnitDirectory()
        guard let first = seqs.min(), let last = seqs.max() else { return directory }
        struct Done: Error {}
        do {
            try log.forEachEntry(startingAt: UInt64(first)) { s, payload, _ in
                let seq = Int64(s)
                if seq > last { throw Done() }
                guard seqs.contains(seq), case .object(let o) = try JSONParser.parse(payload),
                      case .string(let u)? = o["unit"], case .string(let n)? = o["name"],
                      case .string(let e)? = o["effective"], let day = Day(iso: e) else { return }
                directory.add(unit: u, name: n, effective: day, seq: seq)
            }
        } catch is Done {}
        return directory
    }

    /// The name of `unit` on `day` in `timeline` (the establishing or latest
    /// renaming event effective by then, not retracted, within the known
    /// prefix), for report headings.
    public func unitName(_ unit: String, on day: Day, timeline: Timeline) throws -> String? {
        try unitDirectory(units: [unit], timeline: timeline).name(of: unit, on: day, retracted: timeline.retracted, limit: timeline.limit)
    }
}
