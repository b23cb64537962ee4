import RosterCore

extension Ledger {
    /// The audit trail of a member (every event about it) or a unit (every
    /// unit event that names it: as the unit acted on, a new parent, a merged
    /// unit or a merger's target), with retractions, in effective order.
    public func history(of subject: HistoryReport.Subject, id: String) throws -> HistoryReport {
        var entries: [HistoryEntry] = []
        var bySeq: [Int64: Int] = [:]
        // The knowledge decider over the log in seq order: a history is not
        // told from a ledger that breaks a rule of knowledge time.
        var knowledge = KnowledgeState(capacity: Int(log.entryCount))
        var last = LedgerHead(seq: 0, hash: .zero)
        var decoder = EntryDecoder()
        try forEachChainedEntry { seq, payload, location, hash in
            let event = try decoder.event(payload, seq: seq, location: location)
            last = LedgerHead(seq: Int64(seq), hash: hash)
            var retracts: String? = nil
            if case .eventRetracted(let target, _) = event.body { retracts = target }
            let target: Int64
            do throws(KnowledgeViolation) {
                target = try knowledge.apply(id: event.id, recorded: event.recorded, retracts: retracts).target
            } catch {
                throw LedgerDamage(seq: Int64(seq), eventID: event.id, location: location, reason: .knowledge(error))
            }
            if case .eventRetracted(_, let reason) = event.body {
                if let i = bySeq[target] {
                    entries[i].retraction = .init(seq: Int64(seq), id: event.id, recorded: event.recorded,
                                                  actor: event.actor, reason: reason)
                }
                return
            }
            let about: Bool
            switch subject {
            case .member: about = event.body.member == id
            case .unit: about = event.body.member == nil && event.body.units.contains(id)
            }
            if about {
                bySeq[Int64(seq)] = entries.count
                entries.append(HistoryEntry(seq: Int64(seq), event: event))
            }
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
