import RosterCore
/// `roster export members`: the member list on a day, in the columns the
/// member import reads, so that import → export → import gives the same list.

/// What the facts do not hold and the events do: names, and the
/// confirmation dates that registrations keep in their note. Fed with the
/// events of the log in seq order (retracted ones are ignored later).
public struct MemberDirectory: Sendable {
    /// member → (effective, seq, name), every naming event.
    var names: [String: [(effective: Day, seq: Int64, name: String)]] = [:]
    /// registration seq → confirmation date from its note.
    var confirmedNotes: [Int64: Day] = [:]

    public init() {}

    public mutating func add(_ event: Event, seq: Int64) {
        switch event.body {
        case .memberRegistered(let m, _, let p, _, _, _, _):
            names[m, default: []].append((event.effective, seq, p.name))
            if let note = event.note, note.hasPrefix(Adoption.confirmedNotePrefix),
               let d = Day(iso: String(note.dropFirst(Adoption.confirmedNotePrefix.count))) {
                confirmedNotes[seq] = d
            }
        case .memberAdmitted(let m, _, let p, _, _), .memberTransferredIn(let m, _, let p, _, _, _, _, _):
            names[m, default: []].append((event.effective, seq, p.name))
        case .memberUpdated(let m, let u):
            if let n = u.name { names[m, default: []].append((event.effective, seq, n)) }
        default: break
        }
    }

    /// The member's name on `day`, from events within the log prefix `limit`, ignoring retracted ones.
    func name(of member: String, on day: Day, retracted: Set<Int64>, limit: Int64) -> String? {
        var best: (effective: Day, seq: Int64, name: String)? = nil
        for e in names[member] ?? [] where e.effective <= day && e.seq <= limit && !retracted.contains(e.seq) {
            if best == nil || (e.effective, e.seq) > (best!.effective, best!.seq) { best = e }
        }
        return best?.name
    }
}

public enum ExportLanguage: Sendable {
    /// English headers and values, ISO dates.
    case en
    /// Vietnamese headers and values, dd/mm/yyyy dates.
    case vi
}

extension Adoption {
    /// The export's columns, in import order.
    public static let exportColumns = ["member", "name", "birthDate", "gender", "ethnicity", "religion", "unit",
                                       "admitted", "confirmed", "status", "education", "theory"]

    static let viGender: [Gender: String] = [.male: "Nam", .female: "Nữ"]
    static let viEducation: [Education: String] = [.postgraduate: "Trên đại học", .university: "Đại học", .college: "Cao đẳng",
                                                   .intermediate: "Trung cấp", .basic: "Sơ cấp"]
    static let viTheory: [Theory: String] = [.advanced: "Cao cấp", .intermediate: "Trung cấp", .elementary: "Sơ cấp", .none: "Không"]
    static let viStatus: [MemberStatus: String] = [.full: "Chính thức", .probationary: "Dự bị"]

    /// `dd/mm/yyyy`.
    public static func vietnameseDate(_ d: Day) -> String {
        let c = d.components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(c.day))/\(two(c.month))/\(c.year)"
    }

    /// The member list on `day` (the scope's subtree, else everyone), header
    /// first, members by id. Admitted: the registration's `admitted`, the
    /// admission's or readmission's date, a transfer in's `admitted`;
    /// confirmed: the last confirmation, or the date a registration kept.
    public static func memberRows(timeline: Timeline, directory: MemberDirectory, at day: Day, unit: String?,
                                  language: ExportLanguage = .en) throws -> [[String]] {
        let names = timeline.table.names
        let (state, scope) = try timeline.scopedState(at: day, unit: unit)
        var admitted: [Int32: Day] = [:]
        var confirmed: [Int32: Day] = [:]
        for i in timeline.order {
            let f = timeline.table.facts[Int(i)]
            if f.effective > day.number { break }
            switch f.type {
            case .memberRegistered, .memberTransferredIn:
                if f.date2 != Int32.min { admitted[f.subject] = Day(number: f.date2) }
                else if f.code == FactTable.index(MemberStatus.probationary) { admitted[f.subject] = Day(number: f.effective) }
                else { admitted[f.subject] = nil }
                confirmed[f.subject] = directory.confirmedNotes[f.seq]
            case .memberAdmitted, .memberReadmitted:
                admitted[f.subject] = Day(number: f.effective)
                confirmed[f.subject] = nil
            case .memberConfirmed:
                confirmed[f.subject] = Day(number: f.effective)
            default: break
            }
        }
        func date(_ d: Day?) -> String { d.map { language == .vi ? vietnameseDate($0) : $0.description } ?? "" }
        func value<V: CaseIterable & RawRepresentable & Hashable>(_ index: Int8, _ type: V.Type, _ vi: [V: String]) -> String where V.RawValue == String {
            guard index >= 0 else { return "" }
            let v = Array(V.allCases)[Int(index)]
            return language == .vi ? vi[v]! : v.rawValue
        }
        var rows: [(String, [String])] = []
        for (m, s) in state.members.enumerated() where s.isCurrent {
            let cell = state.resolved(s.cell)
            if let scope, !state.isWithin(cell, scope) { continue }
            let id = names.members[Int32(m)]
            let a = s.attributes
            let status: MemberStatus = s.status == LedgerState.fullStatus ? .full : .probationary
            rows.append((id, [
                id,
                directory.name(of: id, on: day, retracted: timeline.retracted, limit: timeline.limit) ?? "",
                date(a.birth),
                value(a.gender, Gender.self, viGender),
                a.ethnicity >= 0 ? names.ethnicities[a.ethnicity] : "",
                a.religion >= 0 ? names.religions[a.religion] : "",
                names.units[cell],
                date(admitted[Int32(m)]),
                status == .full ? date(confirmed[Int32(m)]) : "",
                language == .vi ? viStatus[status]! : status.rawValue,
                value(a.education, Education.self, viEducation),
                value(a.theory, Theory.self, viTheory),
            ]))
        }
        rows.sort { $0.0 < $1.0 }
        let columns = Dictionary(uniqueKeysWithValues: memberColumns.map { ($0.key, $0) })
        let header = exportColumns.map { language == .vi ? columns[$0]!.vietnamese : $0 }
        return [header] + rows.map(\.1)
    }
}
