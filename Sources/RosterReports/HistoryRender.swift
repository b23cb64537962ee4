import RosterCore

extension Render {
    /// `unitLabel(id, day)` shows a unit to a person ("name (id)" as of the
    /// event's date); by default the id alone.
    public static func historyJSON(_ h: HistoryReport, unitLabel: (String, Day) -> String = { u, _ in u }) -> JSONOutput {
        .object([
            (h.subject.rawValue, .string(h.id)),
            ("ledger", .object([("seq", .int(Int(h.ledger.seq))), ("hash", .string(h.ledger.hash.hex))])),
            ("events", .array(h.entries.map { e in
                var o: [(String, JSONOutput)] = [
                    ("seq", .int(Int(e.seq))), ("id", .string(e.event.id)), ("type", .string(e.event.type.rawValue)),
                    ("effective", .string(e.event.effective.description)),
                    ("recorded", e.event.recorded.map { .string($0.text) } ?? .null),
                    ("actor", e.event.actor.map { .string($0) } ?? .null),
                    ("decision", e.event.decision.map { .string($0) } ?? .null),
                    ("note", e.event.note.map { .string($0) } ?? .null),
                    ("summary", .string(summary(e.event, unit: { unitLabel($0, e.event.effective) }))),
                ]
                if let r = e.retraction {
                    o.append(("retracted", .object([
                        ("by", .string(r.id)), ("seq", .int(Int(r.seq))),
                        ("recorded", r.recorded.map { .string($0.text) } ?? .null),
                        ("actor", r.actor.map { .string($0) } ?? .null),
                        ("reason", .string(r.reason))])))
                } else {
                    o.append(("retracted", .null))
                }
                return .object(o)
            })),
        ])
    }

    public static func history(_ h: HistoryReport, format: OutputFormat, language: Language,
                               unitLabel: (String, Day) -> String = { u, _ in u }, title: String? = nil) -> String {
        if format == .json { return historyJSON(h, unitLabel: unitLabel).serialized() + "\n" }
        if language == .vi { return historyVietnamese(h, unitLabel: unitLabel, title: title) }
        var rows: [[String]] = [["effective", "seq", "event", "what", "recorded", "actor", "decision", "retracted"]]
        for e in h.entries {
            rows.append([e.event.effective.description, String(e.seq), e.event.id, summary(e.event, unit: { unitLabel($0, e.event.effective) }),
                         e.event.recorded?.text ?? "", e.event.actor ?? "", e.event.decision ?? "",
                         e.retraction.map { "by \($0.id) at \($0.recorded?.text ?? "?"): \($0.reason)" } ?? ""])
        }
        var out = "History of \(h.subject.rawValue) \(title ?? h.id) (ledger seq \(h.ledger.seq), hash \(h.ledger.hash.hex))\n"
        out += alignedTable(rows)
        return out
    }

    /// A one-line description of an event's content.
    public static func summary(_ e: Event, unit label: (String) -> String = { $0 }) -> String {
        switch e.body {
        case .unitEstablished(_, let name, let kind, let category, let parent, let place):
            return "established \"\(name)\" (\(kind.rawValue)\(category.map { ", \($0.rawValue)" } ?? ""))\(parent.map { " under \(label($0))" } ?? "")\(place.map { " in place \($0)" } ?? "")"
        case .unitRenamed(_, let name): return "renamed \"\(name)\""
        case .unitReclassified(_, let kind, let category, let place):
            return "reclassified" + (kind.map { " kind \($0.rawValue)" } ?? "") + (category.map { " category \($0.rawValue)" } ?? "")
                + (place.map { " place \($0)" } ?? "")
        case .unitMoved(let u, let p): return "\(label(u)) moved under \(label(p))"
        case .unitMerged(let us, let into): return "\(us.map(label).joined(separator: ", ")) merged into \(label(into))"
        case .unitDissolved: return "dissolved"
        case .unitRated(_, let year, let rating): return "rated \(rating.rawValue) for \(year)"
        case .memberRegistered(_, let u, let p, let status, let admitted, _, _):
            return "registered \(p.name) (\(status.rawValue)\(admitted.map { ", admitted \($0)" } ?? "")) in \(label(u))"
        case .memberAdmitted(_, let u, let p, _, _): return "admitted \(p.name) (born \(p.birthDate)) in \(label(u))"
        case .memberReadmitted(_, let u): return "readmitted in \(label(u))"
        case .memberConfirmed: return "confirmed as full member"
        case .memberTransferred(_, let u): return "transferred to \(label(u))"
        case .memberTransferredIn(_, let u, let p, let status, _, let from, _, _):
            return "transferred in \(p.name) (\(status.rawValue)) to \(label(u))\(from.map { " from \($0)" } ?? "")"
        case .memberTransferredOut(_, let to): return "transferred out\(to.map { " to \($0)" } ?? "")"
        case .memberExpelled: return "expelled"
        case .memberStruckOff(_, let reason): return "struck off (\(reason.rawValue))"
        case .memberResigned: return "resigned"
        case .memberDied: return "died"
        case .memberDisciplined(_, let penalty): return "disciplined: \(penalty.rawValue)"
        case .memberRated(_, let year, let rating): return "rated \(rating.rawValue) for \(year)"
        case .memberUpdated(_, let u):
            var parts: [String] = []
            if let v = u.name { parts.append("name \(v)") }
            if let v = u.gender { parts.append("gender \(v.rawValue)") }
            if let v = u.birthDate { parts.append("birth date \(v)") }
            if let v = u.ethnicity { parts.append("ethnicity \(v)") }
            if let v = u.religion { parts.append("religion \(v)") }
            if let v = u.education { parts.append("education \(v.rawValue)") }
            if let v = u.theory { parts.append("theory \(v.rawValue)") }
            return "updated " + parts.joined(separator: ", ")
        case .memberExempted: return "exempted from activities"
        case .memberExemptionEnded: return "exemption ended"
        case .memberAwarded(_, let badge): return "awarded the \(badge)-year party badge"
        case .placeRegistered(let p, let name, let kind, let u): return "place \(p) \"\(name)\" (\(kind.rawValue)) registered under \(u)"
        case .placeClosed(let p): return "place \(p) closed"
        case .planAdopted(let p, _, let name, let from, let to, let targets):
            return "plan \(p) \"\(name)\" adopted for \(from)–\(to) (\(targets.count) target\(targets.count == 1 ? "" : "s"))"
        case .eventRetracted(let t, let reason): return "retracts \(t): \(reason)"
        }
    }

    /// Columns padded to their widest cell (by characters), first row a header.
    public static func alignedTable(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: header.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for (n, r) in rows.enumerated() {
            out += r.enumerated().map { i, c in i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ") + "\n"
            if n == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return out
    }
}
