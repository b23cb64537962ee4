/// Checks a batch against a checked ledger by replaying only what the batch
/// can change, and decides exactly what the replay of the whole timeline
/// would decide: the same outcome, and on a refusal the same
/// `RuleViolation` (the same seq, type and message).
///
/// What is replayed (the "partial timeline"), in (effective, seq) order:
/// every unit, place and plan fact of the ledger and the batch, and every
/// fact of the members the batch touches (named by a batch event, or by the
/// target of a batch retraction); retracted facts are left out as the
/// timeline leaves them out. Members the batch does not touch are left out.
///
/// Why that is exact, when the batch qualifies (see `Plan.make`):
/// - A member's rules read its own state and the units' existence, activity,
///   kind and mergers — never another member and never a unit's member
///   count. A qualifying batch changes none of those unit properties for
///   the events the old ledger already holds, so an untouched member's
///   facts decide exactly as they did when the ledger was checked: they
///   pass, and they need not be replayed.
/// - The unit rules that read member counts (a dissolution needs an empty
///   unit; a merger of units holding members needs a cell; a unit holding
///   members stays a cell kind) passed in the checked ledger with a count of
///   zero wherever the count mattered, so untouched members contributed
///   nothing there; and what they contribute cannot change, since their
///   facts and the unit timeline they follow are unchanged. Counting only
///   the touched members therefore gives the whole count at every place a
///   rule reads it, and the message's figures with it.
/// - Units, places and plans are all replayed, so every rule between them
///   (sub-units, places hosting units, plans naming active units) is
///   re-checked in full — except the ledger's own unit ratings and
///   renamings, which change no state and need only their unit active,
///   which a qualifying batch cannot change.
/// The first violation of the partial timeline is then the first violation
/// of the whole one. Anything the argument does not cover (a batch that
/// dissolves, merges or changes the kind of a unit, establishes a unit the
/// ledger already names, or retracts such an event) is not decided here:
/// the caller replays the whole timeline (`Plan.make` returns the reason).
public struct IncrementalCheck {
    /// Why a batch is left to the full replay.
    public struct Fallback: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The members the batch touches, in ascending index order.
    public let touched: [Int32]
    /// The facts replayed (indices into the table's facts), in timeline order.
    public let order: [Int32]

    /// Decides whether the batch — the facts after `oldCount` in `table` —
    /// can be checked locally, and gathers the partial timeline.
    /// `oldUnitCount` is how many unit ids the ledger had interned before
    /// the batch; `retracted` holds every retracted seq, the batch's
    /// retractions included.
    ///
    /// Cost: one pass over the facts to select (a table lookup per fact),
    /// then a sort of what was selected; the rules run on the selection only.
    public static func make(table: FactTable, oldCount: Int64, oldUnitCount: Int,
                            retracted: Set<Int64>) -> Result<IncrementalCheck, Fallback> {
        let facts = table.facts
        precondition(oldCount >= 0 && Int(oldCount) <= facts.count)
        var touchedFlags = [Bool](repeating: false, count: table.names.members.count)
        var touched: [Int32] = []
        func touch(_ m: Int32) {
            if !touchedFlags[Int(m)] {
                touchedFlags[Int(m)] = true
                touched.append(m)
            }
        }
        for i in Int(oldCount)..<facts.count {
            let f = facts[i]
            if f.type.isMemberEvent {
                touch(f.subject)
            } else if f.type == .eventRetracted {
                let t = facts[Int(f.retractedSeq - 1)]
                if t.type.isMemberEvent {
                    touch(t.subject)
                } else if let why = unsettling(t, oldUnitCount: oldUnitCount, retracted: true) {
                    return .failure(Fallback(reason: why))
                }
            } else if let why = unsettling(f, oldUnitCount: oldUnitCount, retracted: false) {
                return .failure(Fallback(reason: why))
            }
        }
        touched.sort()
        // The partial timeline: facts are in seq order, so a stable sort by
        // effective day gives (effective, seq) order.
        // The ledger's own ratings and renamings of units are left out: they
        // change no state, and the unit being active — all they need — is
        // something a qualifying batch cannot change. (At national scale
        // they are most of the unit facts.) The batch's own are checked.
        // A loop over every fact of the ledger, on the append's path: the
        // facts are in memory already (the append loads the whole cache, see
        // docs/BENCHMARKS.md), and one sequential pass of 32-byte facts
        // (about 1 s nationally) was cheaper to land than reading the touched
        // members' seqs from the entity index and keeping a list of unit,
        // place and plan facts. Both belong with the per-batch cache journal
        // that replaces the whole-cache load (issue 15, left open).
        var order: [Int32] = []
        for i in 0..<facts.count {
            let f = facts[i]
            if f.type == .eventRetracted { continue }
            if f.type.isMemberEvent {
                if !touchedFlags[Int(f.subject)] { continue }
            } else if i < Int(oldCount) && (f.type == .unitRated || f.type == .unitRenamed) {
                continue
            }
            if retracted.contains(f.seq) { continue }
            order.append(Int32(i))
        }
        order = facts.withUnsafeBufferPointer { facts in
            Timeline.stableSortByEffective(order, facts)
        }
        return .success(IncrementalCheck(touched: touched, order: order))
    }

    /// Why a unit, place or plan fact of the batch (or the target of one of
    /// its retractions) could change what an untouched member's facts
    /// decide; nil when it cannot.
    static func unsettling(_ f: Fact, oldUnitCount: Int, retracted: Bool) -> String? {
        let what = retracted ? "retracts a \(f.type.rawValue)" : "holds a \(f.type.rawValue)"
        switch f.type {
        case .unitRenamed, .unitRated, .unitMoved, .placeRegistered, .placeClosed, .planAdopted:
            // No member rule reads names, ratings, parents, places or plans.
            return nil
        case .unitReclassified:
            // A kind decides where members may go; a category or place does not.
            return f.code < 0 ? nil : "the batch \(what) that changes a unit's kind"
        case .unitEstablished:
            // A unit no earlier event names: no member fact of the ledger
            // can depend on it.
            return !retracted && Int(f.subject) >= oldUnitCount ? nil : "the batch \(what) of a unit the ledger already names"
        default:
            return "the batch \(what)"
        }
    }

    /// Replays the partial timeline through `LedgerState.apply`; throws the
    /// violation the whole timeline's replay would throw first.
    ///
    /// Members are renumbered 0..<touched.count in a table that shares every
    /// side table with `table` (attributes, updates, merge lists, names of
    /// units, places and plans), so the state holds the touched members
    /// only, and messages name them as the whole replay does.
    public func replay(_ table: FactTable) throws(RuleViolation) {
        let partial = partialTable(table, order)
        var state = LedgerState()
        state.grow(partial.names)
        for f in partial.facts { try state.apply(f, partial) }
    }

    /// `table` with only the facts at `indices` (in that order), the touched
    /// members renumbered 0..<touched.count; every side table is shared.
    func partialTable(_ table: FactTable, _ indices: [Int32]) -> FactTable {
        var partial = table
        var members = Interner()
        var compact: [Int32: Int32] = [:]
        compact.reserveCapacity(touched.count)
        for m in touched { compact[m] = members.intern(table.names.members[m]) }
        partial.names.members = members
        partial.facts = indices.map { i in
            var f = table.facts[Int(i)]
            if f.type.isMemberEvent { f.subject = compact[f.subject]! }
            return f
        }
        return partial
    }
}

extension Timeline {
    /// `indices` (into `facts`, ascending) stably sorted by effective day.
    static func stableSortByEffective(_ indices: [Int32], _ facts: UnsafeBufferPointer<Fact>) -> [Int32] {
        guard let first = indices.first else { return [] }
        var lo = facts[Int(first)].effective, hi = lo
        for i in indices { lo = min(lo, facts[Int(i)].effective); hi = max(hi, facts[Int(i)].effective) }
        var counts = [Int](repeating: 0, count: Int(hi - lo) + 2)
        for i in indices { counts[Int(facts[Int(i)].effective - lo) + 1] += 1 }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        var sorted = [Int32](repeating: 0, count: indices.count)
        for i in indices {
            let slot = Int(facts[Int(i)].effective - lo)
            sorted[counts[slot]] = i
            counts[slot] += 1
        }
        return sorted
    }
}
