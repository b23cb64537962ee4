/// The snapshot index after a batch, made from the index before it and the
/// partial timeline of `IncrementalCheck`, without replaying the whole one.
///
/// - Member spans and party records: the untouched members' are kept as
///   they are (their facts and the unit timeline they follow are the same,
///   so a full replay would record the same); the touched members' are
///   recorded anew by the partial replay.
/// - Unit spans and mergers: recorded anew, since the partial replay holds
///   every unit fact, in the order the full replay meets them.
/// - Daily flows of the whole ledger: the old totals, less the touched
///   members' arrivals and departures in the old timeline (a second partial
///   replay, of the ledger before the batch), plus theirs in the new one.
/// Tests compare the result with `SnapshotIndex.build` over the whole new
/// timeline.
extension IncrementalCheck {
    /// Checks the batch as `replay` does (throwing the same violation) and
    /// returns the index of the new timeline. `old` is the index of the
    /// ledger before the batch (`table.facts[..<oldCount]`); `retracted`
    /// holds every retracted seq, the batch's retractions included. Nil
    /// when the ledger before the batch does not replay as its index says
    /// it did (the caller then builds the index from the whole timeline).
    public func replay(_ table: FactTable, updating old: SnapshotIndex, oldCount: Int64,
                       retracted: Set<Int64>) throws(RuleViolation) -> SnapshotIndex? {
        // The new timeline of the touched members (and every unit).
        let partial = partialTable(table, order)
        var recorder = SpanRecorder(table: partial)
        var state = LedgerState()
        state.grow(partial.names)
        for f in partial.facts {
            recorder.before(f, state)
            try state.apply(f, partial)
            recorder.after(f, state)
        }

        // Their old timeline: the same selection within the ledger before the
        // batch, with the events the batch retracts still in it.
        let facts = table.facts
        var oldIndices = order.filter { Int64($0) < oldCount }
        for i in Int(oldCount)..<facts.count where facts[i].type == .eventRetracted {
            let t = facts[i].retractedSeq
            guard t <= oldCount else { continue }
            let f = facts[Int(t - 1)]
            if !f.type.isMemberEvent || touched.binarySearch(f.subject) { oldIndices.append(Int32(t - 1)) }
        }
        oldIndices.sort()
        oldIndices = facts.withUnsafeBufferPointer { Timeline.stableSortByEffective(oldIndices, $0) }
        let before = partialTable(table, oldIndices)
        var oldFlows = DailyFlows.Builder()
        var oldState = LedgerState()
        oldState.grow(before.names)
        do {
            for f in before.facts {
                try oldState.apply(f, before)
                if f.type.isMemberEvent { oldFlows.observe(f, oldState) }
            }
        } catch {
            return nil
        }

        // Untouched members as they were, touched members as they are now.
        let memberCount = table.names.members.count
        var isTouched = [Bool](repeating: false, count: memberCount)
        for m in touched { isTouched[Int(m)] = true }
        var (fresh, unitSpans) = recorder.takeAliveSpans()
        for i in fresh.indices { fresh[i].member = touched[Int(fresh[i].member)] }
        fresh.sort { $0.to > $1.to }
        var spans: [MemberSpan] = []
        old.withMemberSpans { kept in
            spans.reserveCapacity(kept.count + fresh.count)
            // Both lists are sorted by `to`, latest first: merge them.
            var j = 0
            let chunk = 1 << 16
            for (i, s) in kept.enumerated() {
                if i % chunk == 0 && i > 0 { old.releasePrefix?(i * MemoryLayout<MemberSpan>.stride) }
                if Int(s.member) < memberCount && isTouched[Int(s.member)] { continue }
                while j < fresh.count && fresh[j].to > s.to { spans.append(fresh[j]); j += 1 }
                spans.append(s)
            }
            spans.append(contentsOf: fresh[j...])
            old.releasePrefix?(kept.count * MemoryLayout<MemberSpan>.stride)
        }

        let touchedRecords = recorder.party.records(members: touched.count)
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(memberCount + 1)
        var records: [PartyRecord] = []
        records.reserveCapacity(old.party.records.count + touchedRecords.records.count)
        var c = 0
        for m in 0..<memberCount {
            if isTouched[m] {
                for var r in touchedRecords.records(of: Int32(c)) {
                    r.member = Int32(m)
                    records.append(r)
                }
                c += 1
            } else {
                records.append(contentsOf: old.party.records(of: Int32(m)))
            }
            offsets.append(Int32(records.count))
        }

        let flows = old.dailyFlows.adjusted(removing: oldFlows.events, adding: recorder.daily.events)
        return SnapshotIndex(memberSpans: spans, unitSpans: unitSpans, merges: recorder.merges,
                             names: SnapshotIndex.keptNames(table.names),
                             party: PartyRecords(offsets: offsets, records: records), dailyFlows: flows)
    }
}

extension Array where Element == Int32 {
    /// True when the ascending array holds `x`.
    func binarySearch(_ x: Int32) -> Bool {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo] == x
    }
}

extension DailyFlows {
    /// The totals with `removing` taken out and `adding` put in (one event
    /// each), over the days that then hold any event — the table the
    /// builder makes from the events of the new timeline.
    func adjusted(removing: [(day: Int32, column: Int)], adding: [(day: Int32, column: Int)]) -> DailyFlows {
        let k = Self.keys.count
        let days = self.days
        var lo = days > 0 ? firstDay : Int32.max
        var hi = days > 0 ? firstDay + Int32(days) - 1 : Int32.min
        for e in removing + adding { lo = Swift.min(lo, e.day); hi = Swift.max(hi, e.day) }
        guard lo <= hi else { return self }
        // Per-day counts over [lo, hi].
        let n = Int(hi - lo) + 1
        var perDay = [Int32](repeating: 0, count: n * k)
        if days > 0 {
            let shift = Int(firstDay - lo)
            for d in 0..<days {
                for col in 0..<k { perDay[(shift + d) * k + col] = totals[(d + 1) * k + col] - totals[d * k + col] }
            }
        }
        for e in removing { perDay[Int(e.day - lo) * k + e.column] -= 1 }
        for e in adding { perDay[Int(e.day - lo) * k + e.column] += 1 }
        // Only the days that hold events, as the builder sees them.
        func empty(_ d: Int) -> Bool { (0..<k).allSatisfy { perDay[d * k + $0] == 0 } }
        var first = 0, last = n - 1
        while first <= last && empty(first) { first += 1 }
        while last >= first && empty(last) { last -= 1 }
        guard first <= last else { return DailyFlows(firstDay: 0, totals: [Int32](repeating: 0, count: k)) }
        let kept = last - first + 1
        var out = [Int32](repeating: 0, count: (kept + 1) * k)
        for d in 0..<kept {
            for col in 0..<k { out[(d + 1) * k + col] = out[d * k + col] + perDay[(first + d) * k + col] }
        }
        return DailyFlows(firstDay: lo + Int32(first), totals: out)
    }
}
