/// The Charter's soft rules (`roster check`): conditions the ledger accepts
/// but that need attention, found in the state on one day. They are
/// warnings, never rejections.

public struct CharterWarning: Equatable, Sendable {
    public enum Code: String, CaseIterable, Sendable {
        /// A cell with members but fewer than 3 full members.
        case cellTooSmall = "cell-too-small"
        /// A grassroots cell with 30 or more members: it should become a grassroots committee.
        case cellTooLarge = "grassroots-cell-too-large"
        /// A cell with no members at all.
        case emptyUnit = "empty-unit"
        /// A probationer whose 12 months ended without confirmation or strike-off.
        case probationOverdue = "probation-overdue"
        /// A current member admitted over 60 without a decision number.
        case admittedOver60WithoutDecision = "admitted-over-60-without-decision"
        /// A grassroots organisation whose members rated excellent for the
        /// year exceed 20 % of those rated good (the rating rules' cap).
        case excellentOverQuota = "excellent-over-quota"
    }
    public var code: Code
    /// `unit` or `member`.
    public var subjectKind: String
    public var subject: String
    /// The unit concerned: the unit itself, or the member's cell.
    public var unit: String
    public var message: String
    /// The figures behind the message, by name (`full`, `total`, `limit`,
    /// `began`, `due`, `admitted`, `age`, `year`, `excellent`, `good`,
    /// `percent`), so a renderer can word it in another language.
    public var figures: [String: String] = [:]
}

public struct CharterCheckReport: Sendable {
    public var at: Day
    public var unit: String?
    public var provenance: Provenance
    public var warnings: [CharterWarning]
}

public enum CharterCheck {
    public static let minimumFullMembers = 3
    public static let grassrootsCellLimit = 30

    /// The warnings on `day` for the scope `unit` (its subtree as it stood
    /// then; the whole ledger when nil), units first, then members, each
    /// group by id.
    public static func run(timeline: Timeline, at day: Day, unit: String?, provenance: Provenance) throws -> CharterCheckReport {
        let names = timeline.table.names
        let (state, scope) = try timeline.scopedState(at: day, unit: unit)
        func inScope(_ u: Int32) -> Bool { scope.map { state.isWithin(u, $0) } ?? true }

        // Members per cell.
        var full = [Int](repeating: 0, count: state.units.count)
        var total = [Int](repeating: 0, count: state.units.count)
        for m in state.members where m.isCurrent {
            let c = Int(state.resolved(m.cell))
            total[c] += 1
            if m.status == LedgerState.fullStatus { full[c] += 1 }
        }
        var unitWarnings: [CharterWarning] = []
        for u in state.units.indices where state.units[u].active && state.units[u].unitKind.holdsMembers && inScope(Int32(u)) {
            let id = names.units[Int32(u)]
            let kind = state.units[u].unitKind
            if total[u] == 0 {
                unitWarnings.append(CharterWarning(code: .emptyUnit, subjectKind: "unit", subject: id, unit: id,
                                                   message: "\(kind.rawValue) \(id) has no members", figures: ["kind": kind.rawValue]))
                continue
            }
            if full[u] < minimumFullMembers {
                unitWarnings.append(CharterWarning(code: .cellTooSmall, subjectKind: "unit", subject: id, unit: id,
                                                   message: "\(kind.rawValue) \(id) has \(full[u]) full member\(full[u] == 1 ? "" : "s") (\(total[u]) in all); a cell needs at least \(minimumFullMembers) full members",
                                                   figures: ["kind": kind.rawValue, "full": String(full[u]), "total": String(total[u]), "limit": String(minimumFullMembers)]))
            }
            if kind == .grassrootsCell && total[u] >= grassrootsCellLimit {
                unitWarnings.append(CharterWarning(code: .cellTooLarge, subjectKind: "unit", subject: id, unit: id,
                                                   message: "grassroots-cell \(id) has \(total[u]) members; from \(grassrootsCellLimit) it should become a grassroots committee",
                                                   figures: ["total": String(total[u]), "limit": String(grassrootsCellLimit)]))
            }
        }

        // The latest admission of every member, for the age rule.
        var admission: [Int32: (day: Day, birth: Day, decision: Bool, type: EventType)] = [:]
        for i in timeline.order {
            let f = timeline.table.facts[Int(i)]
            if f.effective > day.number { break }
            switch f.type {
            case .memberAdmitted:
                admission[f.subject] = (Day(number: f.effective), timeline.table.attributes[Int(f.extra)].birth, f.hasDecision, f.type)
            case .memberReadmitted:
                admission[f.subject] = (Day(number: f.effective), state.members[Int(f.subject)].attributes.birth, f.hasDecision, f.type)
            case .memberRegistered, .memberTransferredIn:
                if f.date2 != Int32.min {
                    admission[f.subject] = (Day(number: f.date2), timeline.table.attributes[Int(f.extra)].birth, f.hasDecision, f.type)
                } else {
                    admission[f.subject] = nil
                }
            default: break
            }
        }

        var memberWarnings: [CharterWarning] = []
        for (m, s) in state.members.enumerated() where s.isCurrent {
            let cell = state.resolved(s.cell)
            guard inScope(cell) else { continue }
            let id = names.members[Int32(m)]
            let cellID = names.units[cell]
            if s.status == LedgerState.probationary {
                let due = Day(number: s.probationStart).adding(months: RuleConstants.probationMonths)
                if day > due {
                    memberWarnings.append(CharterWarning(code: .probationOverdue, subjectKind: "member", subject: id, unit: cellID,
                                                         message: "probationer \(id) (\(cellID)): probation began \(Day(number: s.probationStart)), \(RuleConstants.probationMonths) months ended \(due); not confirmed nor struck off",
                                                         figures: ["began": Day(number: s.probationStart).description, "due": due.description]))
                }
            }
            if let a = admission[Int32(m)], !a.decision {
                let age = a.day.yearsSince(a.birth)
                if age > RuleConstants.admissionAge.upperBound {
                    memberWarnings.append(CharterWarning(code: .admittedOver60WithoutDecision, subjectKind: "member", subject: id, unit: cellID,
                                                         message: "member \(id) (\(cellID)) was admitted on \(a.day) aged \(age) (\(a.type.rawValue)) without a decision number",
                                                         figures: ["admitted": a.day.description, "age": String(age)]))
                }
            }
        }
        unitWarnings += try excellentQuota(timeline: timeline, at: day, inScope: inScope)
        unitWarnings.sort { ($0.subject, $0.code.rawValue) < ($1.subject, $1.code.rawValue) }
        memberWarnings.sort { ($0.subject, $0.code.rawValue) < ($1.subject, $1.code.rawValue) }
        return CharterCheckReport(at: day, unit: unit, provenance: provenance, warnings: unitWarnings + memberWarnings)
    }

    /// Excellent members may be at most this share (percent) of those rated good.
    public static let excellentQuotaPercent = 20

    /// The latest year with member ratings recorded with `effective` by
    /// `day`: per grassroots organisation (the one the member's cell
    /// belonged to when rated, in the scope), the members whose last rating
    /// of that year is `excellent` against those rated `good`. (A replay up
    /// to the day: `roster check` reads the history up to it anyway.)
    static func excellentQuota(timeline: Timeline, at day: Day, inScope: (Int32) -> Bool) throws -> [CharterWarning] {
        let names = timeline.table.names
        var latest: Int32 = Int32.min
        for i in timeline.order {
            let f = timeline.table.facts[Int(i)]
            if f.effective > day.number { break }
            if f.type == .memberRated { latest = max(latest, f.extra) }
        }
        guard latest != Int32.min else { return [] }
        // member → (grassroots organisation, rating), the last of the year.
        var last: [Int32: (unit: Int32, rating: Int8)] = [:]
        var state = LedgerState()
        try timeline.replay(until: day, state: &state, before: { f, st in
            guard f.type == .memberRated, f.extra == latest else { return }
            var u = st.resolved(st.members[Int(f.subject)].cell)
            while u >= 0 && !st.units[Int(u)].unitKind.isGrassroots { u = st.units[Int(u)].parent }
            if u >= 0 { last[f.subject] = (u, f.code) }
        })
        let excellent = FactTable.index(MemberRating.excellent), good = FactTable.index(MemberRating.good)
        var counts: [Int32: (excellent: Int, good: Int)] = [:]
        for (_, v) in last {
            if v.rating == excellent { counts[v.unit, default: (0, 0)].excellent += 1 }
            if v.rating == good { counts[v.unit, default: (0, 0)].good += 1 }
        }
        var warnings: [CharterWarning] = []
        for (u, c) in counts where c.excellent * 100 > excellentQuotaPercent * c.good && inScope(u) {
            let id = names.units[u]
            warnings.append(CharterWarning(code: .excellentOverQuota, subjectKind: "unit", subject: id, unit: id,
                                           message: "\(id): \(c.excellent) member\(c.excellent == 1 ? "" : "s") rated excellent for \(latest) against \(c.good) rated good; excellent may be at most \(excellentQuotaPercent) % of good",
                                           figures: ["year": String(latest), "excellent": String(c.excellent), "good": String(c.good),
                                                     "percent": String(excellentQuotaPercent)]))
        }
        return warnings
    }
}
