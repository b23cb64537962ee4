import RosterCore

/// `--format html`: one self-contained page — inline CSS, inline SVG charts,
/// no script, nothing fetched (a Content-Security-Policy forbids it) — that
/// prints on A4. Every chart has a data table under it, for screen readers
/// and for print. Every value is escaped.
public enum HTMLRender {
    static let colorFrom = "#8da2bb", colorTo = "#b71c1c"
    static let colorIn = "#2e7d4f", colorOut = "#b71c1c"
    static let colorTotal = "#b71c1c", colorFull = "#3d5a80", colorProbationary = "#e09f3e"

    /// Escapes text for HTML and SVG content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escaped text whose percentages stay on one line with their number.
    static func prose(_ s: String) -> String {
        escape(s).replacing(" %", with: "&#160;%")
    }

    // MARK: page

    static let css = """
    :root { --ink: #1f2430; --muted: #5b6472; --line: #dfe3e8; --soft: #f4f6f8; --from: \(colorFrom); --to: \(colorTo); }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; background: #eef0f3; color: var(--ink);
           font: 14px/1.5 "Noto Sans", "DejaVu Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 920px; margin: 0 auto; padding: 28px 36px 40px; background: #fff; }
    header { border-bottom: 3px solid var(--to); padding-bottom: 12px; margin-bottom: 18px; }
    h1 { font-size: 24px; line-height: 1.25; margin: 0 0 6px; }
    h2 { font-size: 17px; margin: 28px 0 8px; break-after: avoid; page-break-after: avoid; }
    .meta { color: var(--muted); font-size: 12px; margin: 0; }
    .meta b { color: var(--ink); font-weight: 600; }
    .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0 8px; }
    .kpi { border: 1px solid var(--line); border-top: 3px solid var(--to); border-radius: 4px; padding: 8px 12px; background: var(--soft); }
    .kpi .label { font-size: 12px; color: var(--muted); }
    .kpi .value { font-size: 24px; font-weight: 700; line-height: 1.2; }
    .kpi .sub { font-size: 12px; color: var(--muted); }
    .up { color: #1d6b3f; } .down { color: #a31515; }
    .summary { font-size: 14px; line-height: 1.6; background: var(--soft); border-left: 4px solid var(--to);
               padding: 10px 14px; margin: 16px 0; }
    figure { margin: 22px 0 26px; break-inside: avoid; page-break-inside: avoid; }
    figcaption { font-weight: 700; font-size: 16px; margin-bottom: 6px; }
    svg.chart { display: block; width: 100%; height: auto; }
    svg.chart text { font-family: inherit; }
    table.data { border-collapse: collapse; width: 100%; font-size: 12px; margin-top: 8px; font-variant-numeric: tabular-nums; }
    table.data caption { text-align: left; font-size: 12px; color: var(--muted); padding-bottom: 2px; }
    table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: right; white-space: nowrap; }
    table.data th:first-child, table.data td:first-child { text-align: left; white-space: normal; }
    table.data thead th { background: var(--soft); font-weight: 600; border-bottom: 1px solid #c5cbd3; }
    table.data tr.strong td { font-weight: 700; }
    footer { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11px; word-break: break-all; }
    @page { size: A4; margin: 14mm 12mm 14mm 12mm; }
    @media print {
      body { background: #fff; font-size: 10pt; }
      main { max-width: none; padding: 0; }
      h1 { font-size: 17pt; }
      .kpis { gap: 3mm; }
      .kpi .value { font-size: 16pt; }
      .summary { font-size: 9.5pt; line-height: 1.45; }
      /* A chart keeps its caption and stays whole; its table may follow on the next page. */
      figure { margin: 5mm 0 7mm; break-inside: auto; page-break-inside: auto; }
      figcaption { font-size: 11.5pt; break-after: avoid; page-break-after: avoid; }
      svg.chart { width: 150mm; max-width: 100%; margin: 0 auto; break-inside: avoid; page-break-inside: avoid; }
      table.data { font-size: 8pt; }
      table.data th, table.data td { padding: 1.2pt 5pt; }
      thead { display: table-header-group; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      footer { font-size: 7.5pt; }
    }
    """

    /// The print layout of an office document, beside the screen styles:
    /// A4 with the margins of administrative documents, Times New Roman,
    /// the letterhead, the signature block and page numbers (CSS page
    /// counters, where the browser prints margin boxes).
    static let officeCSS = """
    .letterhead { display: grid; grid-template-columns: 45% 55%; text-align: center; margin-bottom: 14px;
                  font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 15px; line-height: 1.35; }
    .letterhead p { margin: 0; }
    .letterhead .organisation, .letterhead .party { font-weight: 700; }
    .letterhead .party { text-decoration: underline; }
    .letterhead .dateline { font-style: italic; margin-top: 10px; }
    .kind { text-align: center; font-weight: 700; font-size: 18px; margin: 10px 0 0; letter-spacing: 0.02em; }
    header.office { text-align: center; }
    header.office h1 { font-size: 19px; }
    .signature { display: grid; grid-template-columns: 45% 55%; margin-top: 28px; break-inside: avoid; page-break-inside: avoid;
                 font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; }
    .signature p { margin: 0; }
    .recipients { font-size: 13px; }
    .recipients .heading { font-weight: 700; font-style: italic; }
    .signer { text-align: center; font-weight: 700; font-size: 15px; }
    .signer .space { height: 72px; }
    footer.footnote { word-break: normal; }
    @page { size: A4 portrait; margin: 20mm 20mm 20mm 30mm;
      @bottom-center { content: counter(page); font: 11pt "Times New Roman", "Liberation Serif", serif; } }
    @media print {
      body.office { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; }
      body.office .letterhead, body.office .signer { font-size: 13pt; }
      body.office .kind { font-size: 14pt; }
      body.office header.office h1 { font-size: 14pt; }
      body.office .summary { font-size: 13pt; background: none; border: 0; padding: 0; text-indent: 10mm; text-align: justify; }
      body.office .recipients { font-size: 11pt; }
      body.office footer.footnote { font-size: 9pt; }
    }
    """

    static func page(_ doc: ReportDocument, language: Language, body: String, letterhead: Letterhead? = nil) -> String {
        let l = Localizer(language)
        let office = letterhead.map { OfficeLayout(doc, $0, language) }
        let doc = office?.doc ?? doc
        var out = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(escape(doc.title))</title>\n<style>\n\(css)\n\(office == nil ? "" : officeCSS)\n</style>\n</head>\n"
        out += office == nil ? "<body>\n<main>\n" : "<body class=\"office\">\n<main>\n"
        if let office {
            out += "<div class=\"letterhead\">\n<div class=\"issuer\">"
            if let s = office.superiorLine { out += "<p class=\"superior\">\(escape(s))</p>" }
            out += "<p class=\"organisation\">\(escape(office.organisationLine))</p><p>*</p>"
            out += "<p class=\"number\">\(escape(office.numberLine))</p></div>\n"
            out += "<div><p class=\"party\">\(escape(office.party))</p><p class=\"dateline\">\(escape(office.dateLine))</p></div>\n</div>\n"
            out += "<header class=\"office\">\n<p class=\"kind\">\(escape(office.kindLine))</p>\n"
            out += "<h1>\(escape(doc.title))<sup>1</sup></h1>\n"
            if let scope = office.scopeLine { out += "<p class=\"meta\">\(escape(scope))</p>\n" }
            out += "</header>\n"
        } else {
            out += "<header>\n<h1>\(escape(doc.title))</h1>\n<p class=\"meta\">\(metaLine(doc))</p>\n</header>\n"
        }
        out += body
        if let office {
            out += "<div class=\"signature\">\n<div class=\"recipients\"><p class=\"heading\">\(escape(office.recipientsTitle))</p>"
            for r in office.recipientLines { out += "<p>\(escape(r))</p>" }
            out += "</div>\n<div class=\"signer\"><p>\(escape(office.mandateLine))</p>"
            if let t = office.signerTitleLine { out += "<p>\(escape(t))</p>" }
            out += "<div class=\"space\"></div>"
            if let s = office.signerLine { out += "<p>\(escape(s))</p>" }
            out += "</div>\n</div>\n"
            out += "<footer class=\"footnote\"><sup>1</sup> \(escape(office.footnote))</footer>\n"
        } else {
            let hash = doc.meta.first { $0.key == "ledger.hash" }?.value ?? ""
            let seq = doc.meta.first { $0.key == "ledger.seq" }?.value ?? ""
            out += "<footer>\(escape(l.text(.generatedBy))): seq \(escape(seq)), hash \(escape(hash))</footer>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func metaLine(_ doc: ReportDocument) -> String {
        doc.meta.filter { ["unit", "every", "ledger.seq", "ledger.hash", "knownAt"].contains($0.key) }
            .map { "<b>\(escape($0.label)):</b> \(escape($0.display))" }
            .joined(separator: " · ")
    }

    static func kpi(_ label: String, _ value: String, _ sub: String, trend: Int = 0) -> String {
        let cls = trend > 0 ? " up" : trend < 0 ? " down" : ""
        return "<div class=\"kpi\"><div class=\"label\">\(escape(label))</div><div class=\"value\">\(prose(value))</div>"
            + "<div class=\"sub\(cls)\">\(prose(sub))</div></div>\n"
    }

    /// A data table for a document section.
    static func table(_ s: ReportDocument.Section, _ n: NumberFormat, caption: String? = nil, skipEmpty: Bool = false) -> String {
        var out = "<table class=\"data\">"
        if let caption { out += "<caption>\(escape(caption))</caption>" }
        out += "<thead><tr><th scope=\"col\">\(escape(s.title))</th>"
        for c in s.columns { out += "<th scope=\"col\">\(escape(c.title))</th>" }
        out += "</tr></thead><tbody>"
        for row in s.rows {
            if skipEmpty && row.cells.allSatisfy({ if case .count(let c) = $0 { return c == 0 }; return true }) { continue }
            out += row.strong ? "<tr class=\"strong\">" : "<tr>"
            out += "<th scope=\"row\" style=\"font-weight:inherit\">\(escape(row.label))</th>"
            for c in row.cells { out += "<td>\(prose(c.display(n)))</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table>\n"
    }

    static func figure(_ caption: String, _ svg: String, _ table: String) -> String {
        "<figure>\n<figcaption>\(escape(caption))</figcaption>\n\(svg)\n\(table)</figure>\n"
    }

    static func section(_ doc: ReportDocument, _ id: String) -> ReportDocument.Section? {
        doc.sections.first { $0.id == id }
    }

    static func share(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) * 100 / Double(whole) : 0 }

    // MARK: snapshot

    public static func snapshot(_ r: SnapshotReport, language: Language, letterhead: Letterhead? = nil) -> String {
        let l = Localizer(language), n = l.numbers
        let doc = r.document(language: language)
        var body = "<div class=\"kpis\">\n"
        body += kpi(l.term(.members, "total"), n.integer(r.total), "\(l.term(.members, "full")) \(n.integer(r.full)) · \(l.term(.members, "probationary")) \(n.integer(r.probationary))")
        body += kpi(l.text(.women), n.share(r.byGender["female"], of: r.total), n.integer(r.byGender["female"]))
        body += kpi(l.term(.education, "postgraduate") + " + " + l.term(.education, "university"),
                    n.share(r.byEducation["postgraduate"] + r.byEducation["university"], of: r.total),
                    n.integer(r.byEducation["postgraduate"] + r.byEducation["university"]))
        body += kpi(l.text(.grassroots), n.integer(r.grassroots),
                    "\(l.term(.unitKind, "grassroots-committee")) \(n.integer(r.unitsByKind["grassroots-committee"])) · \(l.term(.unitKind, "grassroots-cell")) \(n.integer(r.unitsByKind["grassroots-cell"]))")
        body += "</div>\n"
        let name = l.date(r.at)
        body += figure(l.text(.ageChart), SVGCharts.columns(BarChart(
            id: "chart-age", title: l.text(.ageChart), description: "\(l.text(.ageChart)), \(name)",
            categories: r.byAge.entries.map { l.ageBand($0.key) },
            series: [ChartSeries(name: name, color: colorTo, values: r.byAge.entries.map { Double($0.count) },
                                 labels: r.byAge.entries.map { n.integer($0.count) })],
            valueAxis: l.text(.membersAxis), categoryAxis: l.text(.ageAxis)), n), table(section(doc, "byAge")!, n))
        for (id, text, tally, vocabulary) in [("byEducation", Localizer.Text.educationChart, r.byEducation, Vocabulary.education),
                                              ("byTheory", .theoryChart, r.byTheory, .theory)] {
            body += figure(l.text(text), shareBars(id: "chart-\(id)", title: l.text(text), vocabulary: vocabulary,
                                                    tallies: [tally], totals: [r.total], names: [name], colors: [colorTo], l: l),
                           table(section(doc, id)!, n))
        }
        body += figure(l.text(.grassrootsChart), categoryBars(id: "chart-grassroots", title: l.text(.grassrootsChart),
                                                              tallies: [r.grassrootsByCategory], names: [name], colors: [colorTo],
                                                              axis: l.text(.unitsAxis), l: l),
                       table(section(doc, "units.grassrootsByCategory")!, n, skipEmpty: true))
        body += "<h2>\(escape(l.text(.otherTables)))</h2>\n"
        for id in ["members", "byGender", "byCategory", "byEthnicity", "byReligion", "units"] {
            body += table(section(doc, id)!, n, skipEmpty: id == "byCategory")
        }
        return page(doc, language: language, body: body, letterhead: letterhead)
    }

    /// Shares of members by a closed vocabulary, one bar per date; the
    /// `unknown` row only when something is unknown.
    static func shareBars(id: String, title: String, vocabulary: Vocabulary, tallies: [Tally], totals: [Int],
                          names: [String], colors: [String], l: Localizer) -> String {
        let n = l.numbers
        let keys = tallies.last!.entries.map(\.key).filter { k in k != "unknown" || tallies.contains { $0[k] > 0 } }
        let series = tallies.indices.map { i in
            ChartSeries(name: names[i], color: colors[i],
                        values: keys.map { share(tallies[i][$0], totals[i]) },
                        labels: keys.map { n.share(tallies[i][$0], of: totals[i]) })
        }
        return SVGCharts.bars(BarChart(id: id, title: title, description: "\(title): \(names.joined(separator: ", "))",
                                       categories: keys.map { l.term(vocabulary, $0) }, series: series,
                                       valueAxis: l.text(.shareAxis), categoryAxis: "", percent: true), n)
    }

    /// Counts by category (members' cells or grassroots units), rows with
    /// nothing at any date left out.
    static func categoryBars(id: String, title: String, tallies: [Tally], names: [String], colors: [String],
                             axis: String, l: Localizer, shareOf totals: [Int]? = nil) -> String {
        let n = l.numbers
        let keys = tallies[0].entries.map(\.key).filter { k in tallies.contains { $0[k] > 0 } }
        let series = tallies.enumerated().map { i, t in
            ChartSeries(name: names[i], color: colors[i],
                        values: keys.map { k in totals.map { share(t[k], $0[i]) } ?? Double(t[k]) },
                        labels: keys.map { k in totals.map { n.share(t[k], of: $0[i]) } ?? n.integer(t[k]) })
        }
        return SVGCharts.bars(BarChart(id: id, title: title, description: "\(title): \(names.joined(separator: ", "))",
                                       categories: keys.map { l.term(.unitCategory, $0) }, series: series,
                                       valueAxis: axis, categoryAxis: "", percent: totals != nil), n)
    }

    // MARK: compare

    public static func compare(_ r: CompareReport, series: SeriesReport?, language: Language, letterhead: Letterhead? = nil) -> String {
        let l = Localizer(language), n = l.numbers
        let (a, b) = (r.from, r.to)
        let doc = r.document(language: language)
        let names = [l.date(a.at), l.date(b.at)]
        let colors = [colorFrom, colorTo]
        let years = NumberFormat.years(from: a.at, to: b.at)

        var body = "<div class=\"kpis\">\n"
        var growth = "\(names[0]): \(n.integer(a.total)) · \(n.signedInteger(b.total - a.total))"
        if let rate = NumberFormat.compoundAnnualGrowth(from: a.total, to: b.total, years: years) {
            growth += " (\(rate >= 0 ? "+" : "")\(n.percent(rate, decimals: 2))\(l.text(.perYear)))"
        }
        body += kpi(l.text(.members), n.integer(b.total), growth, trend: b.total - a.total)
        let women = NumberFormat.pointsScaled(from: a.byGender["female"], of: a.total, to: b.byGender["female"], of: b.total, decimals: 1) ?? 0
        body += kpi(l.text(.women), n.share(b.byGender["female"], of: b.total),
                    "\(names[0]): \(n.share(a.byGender["female"], of: a.total)) · \(n.points(from: a.byGender["female"], of: a.total, to: b.byGender["female"], of: b.total))\u{00A0}\(language == .vi ? "điểm\u{00A0}%" : "pp")",
                    trend: women)
        let higherA = a.byEducation["postgraduate"] + a.byEducation["university"]
        let higherB = b.byEducation["postgraduate"] + b.byEducation["university"]
        let higher = NumberFormat.pointsScaled(from: higherA, of: a.total, to: higherB, of: b.total, decimals: 1) ?? 0
        body += kpi(l.term(.education, "postgraduate") + " + " + l.term(.education, "university"), n.share(higherB, of: b.total),
                    "\(names[0]): \(n.share(higherA, of: a.total)) · \(n.points(from: higherA, of: a.total, to: higherB, of: b.total))\u{00A0}\(language == .vi ? "điểm\u{00A0}%" : "pp")",
                    trend: higher)
        body += kpi(l.text(.grassroots), n.integer(b.grassroots),
                    "\(names[0]): \(n.integer(a.grassroots)) · \(n.signedInteger(b.grassroots - a.grassroots))", trend: b.grassroots - a.grassroots)
        body += "</div>\n"
        body += "<p class=\"summary\">\(prose(Narrative.compare(r, language: language)))</p>\n"

        if let series, series.points.count > 1 {
            body += membersOverTime(series, l: l)
        }
        body += figure(l.text(.ageChart), SVGCharts.columns(BarChart(
            id: "chart-age", title: l.text(.ageChart), description: "\(l.text(.ageChart)): \(names.joined(separator: ", "))",
            categories: b.byAge.entries.map { l.ageBand($0.key) },
            series: [a, b].enumerated().map { i, s in
                ChartSeries(name: names[i], color: colors[i], values: b.byAge.entries.map { Double(s.byAge[$0.key]) },
                            labels: b.byAge.entries.map { n.integer(s.byAge[$0.key]) }) },
            valueAxis: l.text(.membersAxis), categoryAxis: l.text(.ageAxis)), n), table(section(doc, "byAge")!, n))
        body += figure(l.text(.educationChart),
                       shareBars(id: "chart-education", title: l.text(.educationChart), vocabulary: .education,
                                 tallies: [a.byEducation, b.byEducation], totals: [a.total, b.total], names: names, colors: colors, l: l),
                       table(section(doc, "byEducation")!, n))
        body += figure(l.text(.theoryChart),
                       shareBars(id: "chart-theory", title: l.text(.theoryChart), vocabulary: .theory,
                                 tallies: [a.byTheory, b.byTheory], totals: [a.total, b.total], names: names, colors: colors, l: l),
                       table(section(doc, "byTheory")!, n))
        body += figure(l.text(.grassrootsChart),
                       categoryBars(id: "chart-grassroots", title: l.text(.grassrootsChart),
                                    tallies: [a.grassrootsByCategory, b.grassrootsByCategory], names: names, colors: colors,
                                    axis: l.text(.unitsAxis), l: l),
                       table(section(doc, "units.grassrootsByCategory")!, n, skipEmpty: true))
        body += figure(l.text(.categoryChart),
                       categoryBars(id: "chart-category", title: l.text(.categoryChart),
                                    tallies: [a.byCategory, b.byCategory], names: names, colors: colors,
                                    axis: l.text(.shareAxis), l: l, shareOf: [a.total, b.total]),
                       table(section(doc, "byCategory")!, n, skipEmpty: true))
        body += flowsFigure(r.flows, doc, l: l)
        body += "<h2>\(escape(l.text(.otherTables)))</h2>\n"
        for id in ["members", "byGender", "byEthnicity", "byReligion", "units", "flows.units"] {
            body += table(section(doc, id)!, n, skipEmpty: id == "byEthnicity" || id == "byReligion")
        }
        return page(doc, language: language, body: body, letterhead: letterhead)
    }

    /// Arrivals and departures of the period as bars, with their tables.
    static func flowsFigure(_ f: FlowsReport, _ doc: ReportDocument, l: Localizer) -> String {
        let n = l.numbers
        var categories: [String] = [], values: [Double] = [], labels: [String] = [], colors: [String] = []
        for e in f.inflow.entries where e.count > 0 {
            categories.append("+ " + l.term(.inflow, e.key)); values.append(Double(e.count))
            labels.append(n.signedInteger(e.count)); colors.append(colorIn)
        }
        if f.confirmed > 0 {
            categories.append(l.text(.confirmed)); values.append(Double(f.confirmed))
            labels.append(n.integer(f.confirmed)); colors.append(colorFull)
        }
        for e in f.outflow.entries where e.count > 0 {
            categories.append("− " + l.term(.outflow, e.key)); values.append(Double(e.count))
            labels.append(n.signedInteger(-e.count)); colors.append(colorOut)
        }
        if categories.isEmpty {
            return "<h2>\(escape(l.text(.flowsChart)))</h2>\n" + ["flows", "flows.in", "flows.out"].map { table(section(doc, $0)!, n) }.joined()
        }
        let svg = SVGCharts.bars(BarChart(id: "chart-flows", title: l.text(.flowsChart), description: doc.sections.first { $0.id == "flows" }?.title ?? "",
                                          categories: categories,
                                          series: [ChartSeries(name: l.text(.flowsChart), color: colorIn, values: values, labels: labels)],
                                          valueAxis: l.text(.membersAxis), categoryAxis: ""), n, colors: colors)
        let tables = ["flows", "flows.in", "flows.out", "flows.struckOffByReason"].map { table(section(doc, $0)!, n) }.joined()
        return figure(l.text(.flowsChart), svg, tables)
    }

    // MARK: series

    static func tickLabel(_ d: Day, every: SeriesInterval, l: Localizer) -> String {
        let c = d.components
        let periodEnd = every.periodEnd(of: d) == d
        switch every {
        case .year where periodEnd: return String(c.year)
        case .month where periodEnd, .quarter where periodEnd:
            return l.language == .vi ? "\(c.month)/\(c.year)" : "\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)"
        default: return l.date(d)
        }
    }

    /// The points labelled on a time axis: the year ends when there are
    /// some (every k-th year, about ten labels at most), else about ten
    /// evenly spaced points; the last point always.
    static func timeTicks(_ s: SeriesReport, l: Localizer) -> [(index: Int, label: String)] {
        let days = s.points.map(\.at)
        guard !days.isEmpty else { return [] }
        let yearEnds = days.indices.filter { let c = days[$0].components; return c.month == 12 && c.day == 31 }
        var chosen: [Int]
        if s.every != .year && yearEnds.count >= 2 {
            let step = max(1, Int((Double(yearEnds.count) / 10).rounded(.up)))
            chosen = yearEnds.enumerated().filter { $0.offset % step == 0 }.map(\.element)
            return chosen.map { ($0, String(days[$0].year)) }
        }
        let step = max(1, Int((Double(days.count) / 10).rounded(.up)))
        chosen = days.indices.filter { $0 % step == 0 }
        if let last = chosen.last, last != days.count - 1 {
            if days.count - 1 - last < max(1, step / 2) { chosen.removeLast() }
            chosen.append(days.count - 1)
        }
        return chosen.map { ($0, tickLabel(days[$0], every: s.every, l: l)) }
    }

    static func membersOverTime(_ s: SeriesReport, l: Localizer) -> String {
        let n = l.numbers
        let doc = s.document(language: l.language)
        let ticks = s.points.map { tickLabel($0.at, every: s.every, l: l) }
        func line(_ name: String, _ color: String, _ v: (SeriesPoint) -> Int) -> ChartSeries {
            ChartSeries(name: name, color: color, values: s.points.map { Double(v($0)) }, labels: s.points.map { n.integer(v($0)) })
        }
        if s.points.count <= 24 {
            // Few points: one column per date, full members with the probationary on top.
            let columns = SVGCharts.columns(BarChart(
                id: "chart-members-time", title: l.text(.membersOverTimeChart),
                description: "\(l.text(.membersOverTimeChart)): \(l.date(s.from)) – \(l.date(s.to))",
                categories: ticks,
                series: [line(l.term(.members, "full"), colorFull, \.full), line(l.term(.members, "probationary"), colorProbationary, \.probationary)],
                valueAxis: l.text(.membersAxis), categoryAxis: l.text(.dateAxis), stackTotals: s.points.map { n.integer($0.total) }), n)
            return figure(l.text(.membersOverTimeChart), columns, table(doc.sections[0], n))
        }
        let members = SVGCharts.lines(LineChart(
            id: "chart-members-time", title: l.text(.membersOverTimeChart),
            description: "\(l.text(.membersOverTimeChart)): \(l.date(s.from)) – \(l.date(s.to))",
            days: s.points.map(\.at), pointLabels: s.points.map { l.date($0.at) }, ticks: timeTicks(s, l: l),
            series: [line(l.term(.members, "total"), colorTotal, \.total), line(l.term(.members, "full"), colorFull, \.full),
                     line(l.term(.members, "probationary"), colorProbationary, \.probationary)],
            valueAxis: l.text(.membersAxis), timeAxis: l.text(.dateAxis)), n)
        return figure(l.text(.membersOverTimeChart), members, table(doc.sections[0], n))
    }

    public static func series(_ s: SeriesReport, language: Language, letterhead: Letterhead? = nil) -> String {
        let l = Localizer(language), n = l.numbers
        let doc = s.document(language: language)
        var body = ""
        if let first = s.points.first, let last = s.points.last {
            body += "<div class=\"kpis\">\n"
            let years = NumberFormat.years(from: first.at, to: last.at)
            var sub = "\(l.date(first.at)): \(n.integer(first.total)) · \(n.signedInteger(last.total - first.total))"
            if let rate = NumberFormat.compoundAnnualGrowth(from: first.total, to: last.total, years: years) {
                sub += " (\(rate >= 0 ? "+" : "")\(n.percent(rate, decimals: 2))\(l.text(.perYear)))"
            }
            body += kpi(l.text(.members), n.integer(last.total), sub, trend: last.total - first.total)
            body += kpi(l.term(.members, "full"), n.integer(last.full), "\(l.date(first.at)): \(n.integer(first.full))", trend: last.full - first.full)
            body += kpi(l.term(.members, "probationary"), n.integer(last.probationary), "\(l.date(first.at)): \(n.integer(first.probationary))")
            body += kpi(l.text(.grassroots), n.integer(last.grassroots), "\(l.date(first.at)): \(n.integer(first.grassroots))", trend: last.grassroots - first.grassroots)
            body += "</div>\n"
        }
        body += membersOverTime(s, l: l)
        let grassroots = ChartSeries(name: l.text(.grassroots), color: colorFull, values: s.points.map { Double($0.grassroots) },
                                     labels: s.points.map { n.integer($0.grassroots) })
        let description = "\(l.text(.grassrootsOverTimeChart)): \(l.date(s.from)) – \(l.date(s.to))"
        let units = s.points.count <= 24
            ? SVGCharts.columns(BarChart(id: "chart-grassroots-time", title: l.text(.grassrootsOverTimeChart), description: description,
                                         categories: s.points.map { tickLabel($0.at, every: s.every, l: l) }, series: [grassroots],
                                         valueAxis: l.text(.unitsAxis), categoryAxis: l.text(.dateAxis)), n)
            : SVGCharts.lines(LineChart(id: "chart-grassroots-time", title: l.text(.grassrootsOverTimeChart), description: description,
                                        days: s.points.map(\.at), pointLabels: s.points.map { l.date($0.at) }, ticks: timeTicks(s, l: l),
                                        series: [grassroots], valueAxis: l.text(.unitsAxis), timeAxis: l.text(.dateAxis)), n)
        let grassrootsTable = ReportDocument.Section(
            id: "grassroots", title: l.text(.date), columns: [.init(id: "grassroots", title: l.text(.grassroots))],
            rows: doc.sections[0].rows.map { .init(key: $0.key, label: $0.label, cells: [$0.cells[4]]) })
        body += figure(l.text(.grassrootsOverTimeChart), units, table(grassrootsTable, n))
        return page(doc, language: language, body: body, letterhead: letterhead)
    }

    // MARK: flows, ratings

    public static func flows(_ r: FlowsReport, language: Language, letterhead: Letterhead? = nil) -> String {
        let l = Localizer(language), n = l.numbers
        let doc = r.document(language: language)
        var body = flowsFigure(r, doc, l: l)
        for id in ["flows.units"] { body += table(section(doc, id)!, n) }
        return page(doc, language: language, body: body, letterhead: letterhead)
    }

    static func tables(_ doc: ReportDocument, language: Language, letterhead: Letterhead? = nil) -> String {
        let n = NumberFormat(language)
        return page(doc, language: language, body: doc.sections.map { "<h2>\(escape($0.title))</h2>\n" + table($0, n) }.joined(), letterhead: letterhead)
    }
}
