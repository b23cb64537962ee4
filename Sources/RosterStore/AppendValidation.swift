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

extension Ledger {
    /// Checks the batch (the facts after `existingCount`) by replaying only
    /// what it can change, when it qualifies. Returns true when that decided
    /// the batch valid, false when the whole timeline must be replayed
    /// instead (`lastValidation` says why); throws the violation the whole
    /// replay would throw first.
    func checkIncrementally(_ loaded: LoadedLedger, existingCount: Int64, oldUnitCount: Int) throws(RuleViolation) -> Bool {
        if forceFullReplay {
            lastValidation = .full(reason: "asked for (ROSTER_FULL_REPLAY)")
            return false
        }
        switch IncrementalCheck.make(table: loaded.table, oldCount: existingCount, oldUnitCount: oldUnitCount,
                                     retracted: loaded.retracted) {
        case .failure(let fallback):
            lastValidation = .full(reason: fallback.reason)
            return false
        case .success(let check):
            lastValidation = .incremental(members: check.touched.count, facts: check.order.count)
            try check.replay(loaded.table)
            return true
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
