import RosterCore

/// How an append checked its batch against the rules of valid time.
public enum AppendValidation: Sendable, Equatable {
    /// Only what the batch can change was replayed (`IncrementalCheck`):
    /// the touched members' facts and every unit, place and plan fact.
    case incremental(members: Int, facts: Int)
    /// The whole timeline was replayed: the batch did not qualify for the
    /// incremental check (the reason), or the full replay was asked for.
    case full(reason: String)
    /// The incremental check accepted a batch the full replay refused (a
    /// bug: the full replay's refusal stands). Tests expect never to see it.
    case disagreement(String)

    public var isIncremental: Bool {
        if case .incremental = self { return true }
        return false
    }
}

/// What the incremental check of an append decided.
enum IncrementalOutcome {
    /// The batch did not qualify: the whole timeline is replayed.
    case fallback
    /// The batch holds; the index is still to be built (no index of the
    /// ledger before it to start from: the append read the log).
    case validated
    /// The batch holds, and this is the index after it.
    case indexed(SnapshotIndex)
}

extension Ledger {
    /// Checks the batch (the facts after `existingCount`) by replaying only
    /// what it can change, when it qualifies, and updates `oldIndex` (the
    /// cache's index of the ledger before the batch) when there is one.
    /// Throws the violation the whole replay would throw first;
    /// `lastValidation` says which way the batch went.
    func checkIncrementally(_ loaded: LoadedLedger, existingCount: Int64, oldUnitCount: Int,
                            oldIndex: SnapshotIndex?) throws(RuleViolation) -> IncrementalOutcome {
        if forceFullReplay {
            lastValidation = .full(reason: "asked for (ROSTER_FULL_REPLAY)")
            return .fallback
        }
        switch IncrementalCheck.make(table: loaded.table, oldCount: existingCount, oldUnitCount: oldUnitCount,
                                     retracted: loaded.retracted) {
        case .failure(let fallback):
            lastValidation = .full(reason: fallback.reason)
            return .fallback
        case .success(let check):
            lastValidation = .incremental(members: check.touched.count, facts: check.order.count)
            guard let oldIndex else {
                try check.replay(loaded.table)
                return .validated
            }
            if let index = try check.replay(loaded.table, updating: oldIndex, oldCount: existingCount, retracted: loaded.retracted) {
                return .indexed(index)
            }
            return .validated
        }
    }

    /// The phase name `ROSTER_TIMINGS` prints for the check just made: the
    /// fallbacks to the full replay are counted there.
    var validationPhase: String {
        switch lastValidation {
        case .incremental(let members, let facts)?: return "incremental check (\(members) members, \(facts) facts)"
        case .full(let reason)?: return "fallback to the full replay: \(reason)"
        case .disagreement(let what)?: return "disagreement: \(what)"
        case nil: return "no check"
        }
    }
}
