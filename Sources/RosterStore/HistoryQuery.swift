import RosterCore

extension Ledger {
    /// The audit trail of a member (every event about it) or a unit (every
    /// unit event that names it: as the unit acted on, a new parent, a merged
    /// unit or a merger's target), with retractions, in effective order.
    ///
    /// Read through the entity index (`EntityIndex`): only the blocks of the
    /// log that hold the trail are read and checked. When the index is
    /// missing, stale or damaged, or a block it points at does not check
    /// out, the whole log is read instead (which words any damage, exit 3)
    /// and the index is rebuilt on the way.
    public func history(of subject: HistoryReport.Subject, id: String) throws -> HistoryReport {
        var phases = PhaseTimer(label: "history")
        defer { phases.report() }
        var reader = EntityIndex.Reader(directory: directory, head: head)
        if reader == nil, (try? catchUpIndex()) == true {
            reader = EntityIndex.Reader(directory: directory, head: head)
            phases.mark("entity index caught up with the log")
        }
        if let index = reader {
            do {
                let report = try indexedHistory(index, subject: subject, id: id)
                phases.mark("entity index")
                return report
            } catch let notFound as HistoryNotFound {
                throw notFound
            } catch {
                phases.mark("entity index refused (\(error)); full read")
            }
        } else {
            phases.mark("no entity index for this head; full read")
        }
        let report = try scanHistory(subject: subject, id: id, rebuildIndex: true)
        phases.mark("full read and index rebuild")
        return report
    }

    /// The names of `units` over time, read from their own audit trails
    /// (through the entity index, like `history`), so that an audit trail can
    /// show a unit's name beside its id without reading the rest of the log.
    /// Retracted naming events do not count; an unknown unit has no name.
    public func unitNames(_ units: Set<String>) throws -> UnitDirectory {
        var directory = UnitDirectory()
        for unit in units.sorted() {
            let trail: HistoryReport
            do { trail = try history(of: .unit, id: unit) } catch is HistoryNotFound { continue }
            for e in trail.entries where e.retraction == nil {
                switch e.event.body {
                case .unitEstablished(let u, let name, _, _, _, _) where u == unit,
                     .unitRenamed(let u, let name) where u == unit:
                    directory.add(unit: unit, name: name, effective: e.event.effective, seq: e.seq)
                default: break
                }
            }
        }
        return directory
    }

    /// Whether `event` belongs in the audit trail of `id`.
    static func isAbout(_ event: Event, _ subject: HistoryReport.Subject, _ id: String) -> Bool {
        switch subject {
        case .member: event.body.member == id
        case .unit: event.body.member == nil && event.body.units.contains(id)
        }
    }

    /// The audit trail from the blocks the index names.
    func indexedHistory(_ index: EntityIndex.Reader, subject: HistoryReport.Subject, id: String) throws -> HistoryReport {
        let seqs = try index.seqs(of: EntityIndex.key(subject, id))
        var entries: [HistoryEntry] = []
        for (seq, event) in try events(at: seqs, index: index) where Ledger.isAbout(event, subject, id) {
            entries.append(HistoryEntry(seq: Int64(seq), event: event))
        }
        if entries.isEmpty {
            throw HistoryNotFound(message: "no \(subject.rawValue) \(id) in the ledger")
        }
        // Retractions, posted under the id they retract.
        var retractions: [UInt64] = []
        for e in entries { retractions += try index.seqs(of: EntityIndex.retractionKey(e.event.id)) }
        retractions.sort()
        for (seq, event) in try events(at: retractions, index: index) {
            // A hash collision can post another event's retraction here: skip it.
            guard case .eventRetracted(let target, let reason) = event.body,
                  let i = entries.firstIndex(where: { $0.event.id == target && $0.seq < Int64(seq) }) else { continue }
            entries[i].retraction = .init(seq: Int64(seq), id: event.id, recorded: event.recorded,
                                          actor: event.actor, reason: reason)
        }
        entries.sort { ($0.event.effective, $0.seq) < ($1.event.effective, $1.seq) }
        return HistoryReport(subject: subject, id: id, ledger: index.head, entries: entries)
    }

    /// Decodes the events at `seqs` (ascending), reading each block of the
    /// log that holds one: every record's checksum, and the chain from the
    /// hash before the block to the hash after it, and at every commit
    /// record on the way.
    func events(at seqs: [UInt64], index: EntityIndex.Reader) throws -> [(UInt64, Event)] {
        var out: [(UInt64, Event)] = []
        var decoder = EntryDecoder()
        var chain = ChainHasher()
        var i = 0
        while i < seqs.count {
            let block = try index.block(holding: seqs[i])
            var hash = block.before
            var processed: UInt64 = 0
            try log.forEachEntry(from: block.start, through: block.last, commit: { info, lastSeq in
                if lastSeq == processed, info != hash.bytes {
                    throw EntityIndex.Damaged(description: "the chain read from \(block.start) disagrees with the commit record after seq \(lastSeq)")
                }
            }) { seq, payload in
                hash = chain.next(previous: hash, canonical: payload)
                processed = seq
                if i < seqs.count, seqs[i] == seq {
                    out.append((seq, try decoder.event(payload, seq: seq, location: EntryLocation(segment: "(indexed)", offset: 0))))
                    i += 1
                }
            }
            guard processed == block.last, hash == block.after else {
                throw EntityIndex.Damaged(description: "the chain read from \(block.start) through seq \(block.last) does not reach the hash the index holds")
            }
            guard i == seqs.count || seqs[i] > block.last else {
                throw EntityIndex.Damaged(description: "seq \(seqs[i]) was not found in its block")
            }
        }
        return out
    }

    /// Extends an index that is behind the log (an append killed between
    /// its commit and the index update) by reading only the entries after
    /// the head it covers: from the last block start it holds, the chain is
    /// recomputed and must reach the index's head hash, every commit record
    /// after, and the committed head. False when there is no such index or
    /// anything does not check out (then the caller reads the whole log).
    func catchUpIndex() throws -> Bool {
        let head = self.head
        guard let manifest = EntityIndex.Manifest.read(directory), manifest.head.seq > 0, manifest.head.seq < head.seq,
              let old = EntityIndex.Reader(directory: directory, head: manifest.head) else { return false }
        let covered = UInt64(manifest.head.seq)
        let block = try old.block(holding: covered)
        var hash = block.before
        var chain = ChainHasher()
        var batch = block.start.batch, batchFirstSeq = block.start.batchFirstSeq
        var processed: UInt64 = 0
        var decoder = EntryDecoder()
        var blocks: [EntityIndex.Block] = []
        var postings: [EntityIndex.Posting] = []
        var keys: [UInt64] = []
        try log.forEachEntry(from: block.start, through: UInt64(head.seq), commit: { info, lastSeq in
            if lastSeq == processed, info != hash.bytes {
                throw EntityIndex.Damaged(description: "the chain disagrees with the commit record after seq \(lastSeq)")
            }
            batch += 1
            batchFirstSeq = lastSeq + 1
        }) { seq, payload, segment, offset in
            if seq > covered && seq % LogPosition.blockSize == 1 {
                blocks.append(EntityIndex.Block(LogPosition(seq: seq, segment: segment, offset: offset, batch: batch,
                                                            batchFirstSeq: batchFirstSeq), hashBefore: hash))
            }
            hash = chain.next(previous: hash, canonical: payload)
            processed = seq
            if seq == covered, hash != manifest.head.hash {
                throw EntityIndex.Damaged(description: "the log at seq \(seq) is not the one the index covers")
            }
            if seq > covered {
                let event = try decoder.event(payload, seq: seq, location: EntryLocation(segment: SegmentName.label(segment), offset: offset))
                keys.removeAll(keepingCapacity: true)
                EntityIndex.keys(of: event, into: &keys)
                for k in keys { postings.append(.init(key: k, seq: seq)) }
            }
        }
        guard processed == UInt64(head.seq), hash == head.hash else { return false }
        EntityIndex.sortPostings(&postings)
        try EntityIndex.extend(directory: directory, previous: manifest.head, head: head, blocks: blocks, postings: postings)
        return true
    }

    /// The audit trail from a full read of the log (every record, the chain
    /// against every commit record). With `rebuildIndex`, also writes the
    /// entity index for the head read (best effort).
    func scanHistory(subject: HistoryReport.Subject, id: String, rebuildIndex: Bool) throws -> HistoryReport {
        var entries: [HistoryEntry] = []
        /// The trail's entries by event id (a retraction names its target's id).
        var byID: [String: Int] = [:]
        // The knowledge decider over the log in seq order: a history is not
        // told from a ledger that breaks a rule of knowledge time.
        var knowledge = KnowledgeState(capacity: Int(log.entryCount))
        var last = LedgerHead(seq: 0, hash: .zero)
        var decoder = EntryDecoder()
        var hash = Digest32.zero
        var chain = ChainHasher()
        var batch: UInt64 = 1, batchFirstSeq: UInt64 = 1
        var blocks: [EntityIndex.Block] = []
        var postings: [EntityIndex.Posting] = []
        var keys: [UInt64] = []
        if rebuildIndex { postings.reserveCapacity(Int(log.entryCount)) }
        try log.forEachEntry(batchEnd: { b in
            try Ledger.checkChain(b, hash)
            batch = b.number + 1
            batchFirstSeq = b.lastSeq + 1
        }) { seq, payload, location in
            if rebuildIndex && seq % LogPosition.blockSize == 1 {
                let segment = location.segmentNumber
                blocks.append(EntityIndex.Block(LogPosition(seq: seq, segment: segment, offset: location.offset,
                                                            batch: batch, batchFirstSeq: batchFirstSeq), hashBefore: hash))
            }
            hash = chain.next(previous: hash, canonical: payload)
            let event = try decoder.event(payload, seq: seq, location: location)
            last = LedgerHead(seq: Int64(seq), hash: hash)
            var retracts: String? = nil
            if case .eventRetracted(let target, _) = event.body { retracts = target }
            do throws(KnowledgeViolation) {
                _ = try knowledge.apply(id: event.id, recorded: event.recorded, retracts: retracts)
            } catch {
                throw LedgerDamage(seq: Int64(seq), eventID: event.id, location: location, reason: .knowledge(error))
            }
            if case .eventRetracted(let target, let reason) = event.body {
                if rebuildIndex { postings.append(.init(key: EntityIndex.retractionKey(target), seq: seq)) }
                if let i = byID[target] {
                    entries[i].retraction = .init(seq: Int64(seq), id: event.id, recorded: event.recorded,
                                                  actor: event.actor, reason: reason)
                }
                return
            }
            if rebuildIndex {
                keys.removeAll(keepingCapacity: true)
                EntityIndex.keys(of: event, into: &keys)
                for k in keys { postings.append(.init(key: k, seq: seq)) }
            }
            if Ledger.isAbout(event, subject, id) {
                byID[event.id] = entries.count
                entries.append(HistoryEntry(seq: Int64(seq), event: event))
            }
        }
        if rebuildIndex && last == head {
            EntityIndex.sortPostings(&postings)
            try? EntityIndex.replace(directory: directory, head: last, blocks: blocks, postings: postings)
        }
        if entries.isEmpty {
            throw HistoryNotFound(message: "no \(subject.rawValue) \(id) in the ledger")
        }
        entries.sort { ($0.event.effective, $0.seq) < ($1.event.effective, $1.seq) }
        return HistoryReport(subject: subject, id: id, ledger: last, entries: entries)
    }
}

/// `roster history` of an id the ledger does not know (exit 1).
public struct HistoryNotFound: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
