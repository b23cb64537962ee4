import RosterCore

/// `roster units` in table, JSON, CSV and Markdown.
extension Render {
    public static let unitListFormats: [OutputFormat] = [.table, .json, .csv, .markdown]

    /// In Vietnamese (`language: .vi`) the headings and the kinds and
    /// categories are worded as offices say them; JSON keeps the codes.
    public static func unitList(_ r: UnitListReport, format: OutputFormat, language: Language = .en) -> String {
        let vi = language == .vi
        let l = Localizer(language)
        let header = vi ? ["mã", "tên", "loại tổ chức", "loại hình", "cấp trên", "số đảng viên"]
                        : ["unit", "name", "kind", "category", "parent", "members"]
        let rows = r.rows.map { row -> [String] in
            let kind = vi ? l.term(.unitKind, row.kind.rawValue) : row.kind.rawValue
            let category = vi ? l.term(.unitCategory, row.category?.rawValue ?? "unknown") : row.category?.rawValue ?? "unknown"
            let members = vi ? NumberFormat(.vi).integer(row.members) : String(row.members)
            return [row.unit, row.name ?? "", kind, category, row.parent ?? "", members]
        }
        let title = vi ? "Tổ chức đảng ngày \(Localizer(.vi).date(r.at))\(r.unit.map { " thuộc \($0)" } ?? "")"
                       : "units on \(r.at)\(r.unit.map { " in \($0)" } ?? "")"
        switch format {
        case .json:
            return JSONOutput.object([
                ("at", .string(r.at.description)),
                ("unit", r.unit.map { .string($0) } ?? .null),
                ("knownAt", r.provenance.knownAt.map { .string($0) } ?? .null),
                ("ledger", .object([("seq", .int(Int(r.provenance.ledger.seq))), ("hash", .string(r.provenance.ledger.hash.hex))])),
                ("count", .int(r.rows.count)),
                ("units", .array(r.rows.map { row in
                    .object([("unit", .string(row.unit)), ("name", row.name.map { .string($0) } ?? .null),
                             ("kind", .string(row.kind.rawValue)), ("category", row.category.map { .string($0.rawValue) } ?? .null),
                             ("parent", row.parent.map { .string($0) } ?? .null), ("members", .int(row.members))])
                })),
            ]).serialized() + "\n"
        case .csv:
            return ([header] + rows).map { CSVRender.record($0) }.joined()
        case .markdown:
            func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingPipes }.joined(separator: " | ") + " |\n" }
            return "## \(vi ? title : "Units on \(r.at)\(r.unit.map { " in \($0)" } ?? "")") (\(vi ? "sổ dữ liệu" : "ledger") seq \(r.provenance.ledger.seq))\n\n"
                + line(header) + line(header.map { _ in "---" }) + rows.map(line).joined()
        default:
            var widths = header.map(\.count)
            for row in rows { for i in row.indices { widths[i] = max(widths[i], row[i].count) } }
            func line(_ cells: [String]) -> String {
                var s = ""
                for i in cells.indices {
                    let pad = i == cells.count - 1 ? "" : String(repeating: " ", count: widths[i] - cells[i].count + 2)
                    s += (i == cells.count - 1 ? String(repeating: " ", count: widths[i] - cells[i].count) : "") + cells[i] + pad
                }
                return s + "\n"
            }
            return "\(title): \(r.rows.count) (\(vi ? "sổ dữ liệu" : "ledger") seq \(r.provenance.ledger.seq))\n"
                + line(header) + rows.map(line).joined()
        }
    }
}

extension String {
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
