/// One line of an audit trail: an event about a member or a unit, where it
/// stands in the log, and whether (and by what) it was retracted.
public struct HistoryEntry: Sendable {
    public var seq: Int64
    public var event: Event
    public var retraction: Retraction?

    public struct Retraction: Sendable {
        public var seq: Int64
        public var id: String
        public var recorded: Timestamp?
        public var actor: String?
        public var reason: String

        public init(seq: Int64, id: String, recorded: Timestamp?, actor: String?, reason: String) {
            self.seq = seq
            self.id = id
            self.recorded = recorded
            self.actor = actor
            self.reason = reason
        }
    }

    public init(seq: Int64, event: Event, retraction: Retraction? = nil) {
        self.seq = seq
        self.event = event
        self.retraction = retraction
    }
}

/// The audit trail of one member or unit, in effective order then seq.
public struct HistoryReport: Sendable {
    public enum Subject: String, Sendable { case member, unit }
    public var subject: Subject
    public var id: String
    public var ledger: LedgerHead
    public var entries: [HistoryEntry]

    public init(subject: Subject, id: String, ledger: LedgerHead, entries: [HistoryEntry]) {
        self.subject = subject
        self.id = id
        self.ledger = ledger
        self.entries = entries
    }
}
