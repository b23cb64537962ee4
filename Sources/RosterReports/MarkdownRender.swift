import RosterCore

/// `--format markdown`: a heading naming the report, a line with the scope,
/// the ledger head and the knowledge time, then a pipe table per section.
enum MarkdownRender {
    static func render(_ doc: ReportDocument, language: Language) -> String {
        let n = NumberFormat(language)
        var out = "# \(inline(doc.title))\n\n"
        out += doc.meta.map { "**\(inline($0.label))**: \(display($0))" }.joined(separator: " · ") + "\n"
        for section in doc.sections {
            out += "\n## \(inline(section.title))\n\n"
            out += "| " + ([inline(section.title)] + section.columns.map { inline($0.title) }).joined(separator: " | ") + " |\n"
            out += "| --- |" + section.columns.map { _ in " ---: |" }.joined() + "\n"
            for row in section.rows {
                let label = row.strong ? "**\(inline(row.label))**" : inline(row.label)
                out += "| " + ([label] + row.cells.map { inline($0.display(n)) }).joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    static func display(_ m: ReportDocument.MetaItem) -> String {
        m.key == "ledger.hash" ? "`\(m.display)`" : inline(m.display)
    }

    /// Text safe inside a table cell or a heading: pipes, backslashes and
    /// markup characters escaped, line breaks as spaces.
    static func inline(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#": out += "\\" + String(ch)
            case "\n", "\r", "\r\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
