import RosterCore

/// `--format csv` (RFC 4180): one row per (section, key). Columns:
/// `section,key,label,value` and then the report's figure columns
/// (`count,share` for a snapshot; `from_count,from_share,to_count,to_share,
/// change,change_pp` and `count` for a comparison). The first rows, section
/// `report`, carry the query and the ledger head in `value`.
///
/// Figures are plain numbers for spreadsheets and scripts in both languages:
/// no thousands separator, a decimal point, two decimals for shares. Labels
/// follow `--lang`. Text cells that a spreadsheet would take for a formula
/// (starting with = + - @, tab or carriage return) get a leading `'`.
enum CSVRender {
    static func render(_ doc: ReportDocument) -> String {
        var columns: [String] = []
        for s in doc.sections { for c in s.columns where !columns.contains(c.id) { columns.append(c.id) } }
        var out = record(["section", "key", "label", "value"] + columns)
        out += record(["report", "report", "report", doc.kind] + columns.map { _ in "" }, text: [true, true, true, true])
        for m in doc.meta {
            out += record(["report", m.key, m.label, m.value] + columns.map { _ in "" }, text: [true, true, true, true])
        }
        for s in doc.sections {
            for row in s.rows {
                var cells = [String](repeating: "", count: columns.count)
                for (c, cell) in zip(s.columns, row.cells) {
                    if case .text = cell { cells[columns.firstIndex(of: c.id)!] = neutralised(cell.plain) } else { cells[columns.firstIndex(of: c.id)!] = cell.plain }
                }
                out += record([s.id, row.key, row.label, ""] + cells, text: [true, true, true, true])
            }
        }
        return out
    }

    /// One record: fields quoted when they hold a comma, a quote, CR or LF;
    /// `text[i]` marks the fields to neutralise (figures are never formulas).
    static func record(_ fields: [String], text: [Bool] = []) -> String {
        fields.enumerated().map { i, f in
            field(i < text.count && text[i] ? neutralised(f) : f)
        }.joined(separator: ",") + "\r\n"
    }

    /// Rows of text for a spreadsheet: every field neutralised and quoted
    /// as needed, CRLF line ends.
    static func records(_ rows: [[String]]) -> String {
        rows.map { record($0, text: [Bool](repeating: true, count: $0.count)) }.joined()
    }

    static func field(_ s: String) -> String {
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return s }
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }

    /// `=1+2` → `'=1+2`: a spreadsheet shows the text instead of evaluating it.
    static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + s
        default: return s
        }
    }
}
