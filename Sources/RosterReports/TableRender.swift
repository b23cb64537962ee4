import RosterCore

/// `--format table`: a title line (the report, its dates, the scope, the
/// ledger head and the knowledge time), then each section as a block of
/// aligned columns — labels on the left, numbers right-aligned.
enum TableRender {
    static func render(_ doc: ReportDocument, language: Language) -> String {
        let n = NumberFormat(language)
        var out = titleLine(doc) + "\n"
        // One width for the label column of every section, so the blocks line up.
        let labelWidth = doc.sections.flatMap { s in [s.title] + s.rows.map(\.label) }.map(\.count).max() ?? 0
        for section in doc.sections {
            out += "\n"
            let header = [section.title] + section.columns.map(\.title)
            let body = section.rows.map { [$0.label] + $0.cells.map { $0.display(n) } }
            var widths = header.map(\.count)
            widths[0] = labelWidth
            for row in body { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
            func line(_ cells: [String]) -> String {
                var parts: [String] = []
                for (i, c) in cells.enumerated() {
                    let pad = String(repeating: " ", count: widths[i] - c.count)
                    parts.append(i == 0 ? c + pad : pad + c)
                }
                return trimmedRight(parts.joined(separator: "  "))
            }
            out += line(header) + "\n"
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for row in body { out += line(row) + "\n" }
        }
        return out
    }

    /// `Party members on 2020-12-31 · scope: whole ledger · ledger seq 48213, hash 3f2a9c1b0d4e · known at: as known now`
    static func titleLine(_ doc: ReportDocument) -> String {
        func item(_ key: String) -> ReportDocument.MetaItem? { doc.meta.first { $0.key == key } }
        var parts = [doc.title]
        if let every = item("every") { parts.append("\(every.label) \(every.display)") }
        if let scope = item("unit") { parts.append("\(scope.label): \(scope.display)") }
        if let seq = item("ledger.seq"), let hash = item("ledger.hash") {
            parts.append("\(seq.label.split(separator: " ").dropLast().joined(separator: " ")) seq \(seq.display), hash \(hash.display)")
        }
        if let known = item("knownAt") { parts.append("\(known.label): \(known.display)") }
        return parts.joined(separator: " · ")
    }

    static func trimmedRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
