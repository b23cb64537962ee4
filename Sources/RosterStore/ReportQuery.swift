import RosterCore

extension Ledger {
    /// A reporter over the ledger as known now, or as known at `knownAt`
    /// (only events recorded by then, retractions recorded by then).
    public func reporter(knownAt: Timestamp?, knownAtText: String?) throws -> Reporter {
        let loaded = try load(knownAt: knownAt)
        let timeline = Timeline(table: loaded.table, limit: loaded.knownLimit)
        return Reporter(timeline: timeline, provenance: Provenance(ledger: loaded.knownHead, knownAt: knownAtText))
    }
}
