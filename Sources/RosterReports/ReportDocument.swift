import RosterCore

/// A report laid out as titled sections of rows, independent of the output
/// format: the table, CSV, Markdown and HTML renderers all print the same
/// document, so every format shows the same figures under the same labels.
/// Cells keep their numbers; each format decides how to print them.
/// Public as a name only (what `DocumentReport` makes); its parts are
/// the renderers' business.
public struct ReportDocument {
    /// `snapshot`, `compare`, `flows`, `ratings`, `series`.
    var kind: String
    /// "Party members on 2020-12-31" — the report and its date(s).
    var title: String
    /// The query and the provenance: dates, scope, ledger head, knownAt.
    var meta: [MetaItem]
    var sections: [Section]

    struct MetaItem {
        /// A machine key (`at`, `unit`, `ledger.seq`, `ledger.hash`, `knownAt`, …).
        var key: String
        var label: String
        /// The value as a machine reads it (ISO dates, full hash; empty for none).
        var value: String
        /// The value as a person reads it (localised date, "whole ledger").
        var display: String
    }

    struct Column {
        /// The CSV header (stable, English): `count`, `share`, `from_count`, …
        var id: String
        var title: String
    }

    struct Row {
        var key: String
        var label: String
        var cells: [Cell]
        /// A total or a headline row.
        var strong = false
    }

    struct Section {
        /// The JSON path of the figures: `byEducation`, `units.grassrootsByCategory`, `flows.in`.
        var id: String
        var title: String
        var columns: [Column]
        var rows: [Row]
    }

    enum Cell {
        case empty
        case count(Int)
        /// A difference of counts.
        case delta(Int)
        /// part / whole, in percent.
        case share(Int, of: Int)
        /// b/B − a/A in percentage points.
        case points(from: Int, fromWhole: Int, to: Int, toWhole: Int)
        /// A number with one decimal, in tenths (443 is 44.3); nil prints nothing.
        case tenths(Int?)
        /// Text as it is (ids, names, dates): CSV neutralises it.
        case text(String)
    }
}

extension ReportDocument.Cell {
    /// The cell for people: `8,197`, `+411`, `15.3 %`, `+12.3` (pp), by language.
    func display(_ n: NumberFormat) -> String {
        switch self {
        case .empty: return ""
        case .count(let c): return n.integer(c)
        case .delta(let d): return n.signedInteger(d)
        case .share(let p, let w): return n.share(p, of: w, decimals: 1)
        case .points(let a, let aw, let b, let bw): return n.points(from: a, of: aw, to: b, of: bw, decimals: 1)
        case .tenths(let t): return t.map { n.fixed(scaled: $0, decimals: 1) } ?? ""
        case .text(let s): return s
        }
    }

    /// The cell for machines: plain integers, two decimals with a point, no
    /// thousands separators, whatever the language.
    var plain: String {
        switch self {
        case .empty: return ""
        case .count(let c), .delta(let c): return String(c)
        case .share(let p, let w):
            return NumberFormat.shareScaled(p, of: w, decimals: 2).map { NumberFormat(.en).fixed(scaled: $0, decimals: 2) } ?? ""
        case .points(let a, let aw, let b, let bw):
            return NumberFormat.pointsScaled(from: a, of: aw, to: b, of: bw, decimals: 2).map { NumberFormat(.en).fixed(scaled: $0, decimals: 2) } ?? ""
        case .tenths(let t): return t.map { NumberFormat(.en).fixed(scaled: $0, decimals: 1) } ?? ""
        case .text(let s): return s
        }
    }
}

/// Builds the documents of each report.
struct DocumentBuilder {
    let l: Localizer
    init(_ language: Language) { l = Localizer(language) }

    func provenance(_ p: Provenance, unit: String?) -> [ReportDocument.MetaItem] {
        let hash = p.ledger.hash.hex
        return [
            .init(key: "unit", label: l.text(.scope), value: unit ?? "",
                  display: unit != nil && p.unitName != nil ? "\(p.unitName!) (\(unit!))" : l.scope(unit)),
            .init(key: "ledger.seq", label: l.text(.ledger) + " seq", value: String(p.ledger.seq), display: String(p.ledger.seq)),
            .init(key: "ledger.hash", label: l.text(.ledger) + " hash", value: hash, display: String(hash.prefix(12))),
            .init(key: "knownAt", label: l.text(.knownAt), value: p.knownAt ?? "", display: p.knownAt ?? l.text(.asKnownNow)),
        ]
    }

    func dateItem(_ key: String, _ label: String, _ day: Day) -> ReportDocument.MetaItem {
        .init(key: key, label: label, value: day.description, display: l.date(day))
    }

    var countShare: [ReportDocument.Column] {
        [.init(id: "count", title: l.text(.count)), .init(id: "share", title: l.text(.share))]
    }

    /// Rows of a tally with shares of `whole`.
    func rows(_ t: Tally, _ vocabulary: Vocabulary?, whole: Int, ages: Bool = false) -> [ReportDocument.Row] {
        t.entries.map { e in
            .init(key: e.key, label: label(e.key, vocabulary, ages: ages), cells: [.count(e.count), .share(e.count, of: whole)])
        }
    }

    func label(_ key: String, _ vocabulary: Vocabulary?, ages: Bool = false) -> String {
        if ages { return l.ageBand(key) }
        guard let vocabulary else { return key }
        return l.term(vocabulary, key)
    }

    // MARK: snapshot

    /// The breakdowns of a snapshot: (section id, title, tally, vocabulary, is age).
    static func breakdowns(_ r: SnapshotReport) -> [(id: String, title: Localizer.Text, tally: Tally, vocabulary: Vocabulary?, ages: Bool)] {
        [("byAge", .byAge, r.byAge, nil, true),
         ("byEducation", .byEducation, r.byEducation, .education, false),
         ("byTheory", .byTheory, r.byTheory, .theory, false),
         ("byGender", .byGender, r.byGender, .gender, false),
         ("byEthnicity", .byEthnicity, r.byEthnicity, .ethnicity, false),
         ("byReligion", .byReligion, r.byReligion, .religion, false),
         ("byCategory", .byCategory, r.byCategory, .unitCategory, false)]
    }

    func snapshot(_ r: SnapshotReport) -> ReportDocument {
        var sections: [ReportDocument.Section] = []
        sections.append(.init(id: "members", title: l.text(.members), columns: countShare, rows: [
            .init(key: "total", label: l.term(.members, "total"), cells: [.count(r.total), .empty], strong: true),
            .init(key: "full", label: l.term(.members, "full"), cells: [.count(r.full), .share(r.full, of: r.total)]),
            .init(key: "probationary", label: l.term(.members, "probationary"), cells: [.count(r.probationary), .share(r.probationary, of: r.total)]),
            .init(key: "exempted", label: l.term(.members, "exempted"), cells: [.count(r.exempted), .share(r.exempted, of: r.total)]),
        ]))
        for b in DocumentBuilder.breakdowns(r) {
            sections.append(.init(id: b.id, title: l.text(b.title), columns: countShare,
                                  rows: rows(b.tally, b.vocabulary, whole: r.total, ages: b.ages)))
        }
        var units: [ReportDocument.Row] = [
            .init(key: "grassroots", label: l.text(.grassroots), cells: [.count(r.grassroots)], strong: true)]
        units += r.unitsByKind.entries.map { .init(key: $0.key, label: l.term(.unitKind, $0.key), cells: [.count($0.count)]) }
        sections.append(.init(id: "units", title: l.text(.units), columns: [.init(id: "count", title: l.text(.count))], rows: units))
        sections.append(.init(id: "units.grassrootsByCategory", title: l.text(.grassrootsByCategory), columns: countShare,
                              rows: rows(r.grassrootsByCategory, .unitCategory, whole: r.grassroots)))
        return ReportDocument(
            kind: "snapshot", title: "\(l.text(.snapshotTitle)) \(l.date(r.at))",
            meta: [dateItem("at", l.text(.atDate), r.at)] + provenance(r.provenance, unit: r.unit),
            sections: sections)
    }

    // MARK: compare

    func compareColumns(_ r: CompareReport) -> [ReportDocument.Column] {
        [.init(id: "from_count", title: l.date(r.from.at)), .init(id: "from_share", title: "%"),
         .init(id: "to_count", title: l.date(r.to.at)), .init(id: "to_share", title: "%"),
         .init(id: "change", title: l.text(.change)), .init(id: "change_pp", title: l.text(.changePoints))]
    }

    /// Keys of both tallies: the first's order, then keys only the second has.
    static func unionKeys(_ a: Tally, _ b: Tally) -> [String] {
        var keys = b.entries.map(\.key)
        var seen = Set(keys)
        for e in a.entries where !seen.contains(e.key) { keys.append(e.key); seen.insert(e.key) }
        return keys
    }

    func compareRows(_ a: Tally, _ aWhole: Int, _ b: Tally, _ bWhole: Int, _ vocabulary: Vocabulary?, ages: Bool = false) -> [ReportDocument.Row] {
        DocumentBuilder.unionKeys(a, b).map { key in
            compareRow(key, label(key, vocabulary, ages: ages), a[key], aWhole, b[key], bWhole)
        }
    }

    func compareRow(_ key: String, _ label: String, _ x: Int, _ xWhole: Int?, _ y: Int, _ yWhole: Int?, strong: Bool = false) -> ReportDocument.Row {
        var cells: [ReportDocument.Cell] = [.count(x), xWhole.map { .share(x, of: $0) } ?? .empty,
                                            .count(y), yWhole.map { .share(y, of: $0) } ?? .empty, .delta(y - x)]
        if let xWhole, let yWhole { cells.append(.points(from: x, fromWhole: xWhole, to: y, toWhole: yWhole)) } else { cells.append(.empty) }
        return .init(key: key, label: label, cells: cells, strong: strong)
    }

    func compare(_ r: CompareReport) -> ReportDocument {
        let (a, b) = (r.from, r.to)
        let columns = compareColumns(r)
        var sections: [ReportDocument.Section] = []
        sections.append(.init(id: "members", title: l.text(.members), columns: columns, rows: [
            compareRow("total", l.term(.members, "total"), a.total, nil, b.total, nil, strong: true),
            compareRow("full", l.term(.members, "full"), a.full, a.total, b.full, b.total),
            compareRow("probationary", l.term(.members, "probationary"), a.probationary, a.total, b.probationary, b.total),
            compareRow("exempted", l.term(.members, "exempted"), a.exempted, a.total, b.exempted, b.total),
        ]))
        for (x, y) in zip(DocumentBuilder.breakdowns(a), DocumentBuilder.breakdowns(b)) {
            sections.append(.init(id: x.id, title: l.text(x.title), columns: columns,
                                  rows: compareRows(x.tally, a.total, y.tally, b.total, x.vocabulary, ages: x.ages)))
        }
        var units = [compareRow("grassroots", l.text(.grassroots), a.grassroots, nil, b.grassroots, nil, strong: true)]
        units += DocumentBuilder.unionKeys(a.unitsByKind, b.unitsByKind).map {
            compareRow($0, l.term(.unitKind, $0), a.unitsByKind[$0], nil, b.unitsByKind[$0], nil)
        }
        // Counts of units have no shares: only the count columns.
        let unitColumns = [columns[0], columns[2], columns[4]]
        units = units.map { row in var row = row; row.cells = [row.cells[0], row.cells[2], row.cells[4]]; return row }
        sections.append(.init(id: "units", title: l.text(.units), columns: unitColumns, rows: units))
        sections.append(.init(id: "units.grassrootsByCategory", title: l.text(.grassrootsByCategory), columns: columns,
                              rows: compareRows(a.grassrootsByCategory, a.grassroots, b.grassrootsByCategory, b.grassroots, .unitCategory)))
        sections += flowSections(r.flows)
        let title = "\(l.text(.compareTitle)) \(l.date(a.at)) – \(l.date(b.at))"
        return ReportDocument(
            kind: "compare", title: title,
            meta: [dateItem("from", l.text(.fromDate), a.at), dateItem("to", l.text(.toDate), b.at)]
                + provenance(a.provenance, unit: a.unit),
            sections: sections)
    }

    // MARK: flows

    func flowSections(_ r: FlowsReport) -> [ReportDocument.Section] {
        let count = [ReportDocument.Column(id: "count", title: l.text(.count))]
        func tallyRows(_ t: Tally, _ v: Vocabulary) -> [ReportDocument.Row] {
            t.entries.map { .init(key: $0.key, label: l.term(v, $0.key), cells: [.count($0.count)]) }
        }
        return [
            .init(id: "flows", title: l.text(.flowsMembers), columns: count, rows: [
                .init(key: "start", label: "\(l.text(.start)) (\(l.date(r.from)))", cells: [.count(r.start)], strong: true),
                .init(key: "in", label: l.text(.totalIn), cells: [.delta(r.inflow.total)]),
                .init(key: "out", label: l.text(.totalOut), cells: [.delta(-r.outflow.total)]),
                .init(key: "end", label: "\(l.text(.end)) (\(l.date(r.to)))", cells: [.count(r.end)], strong: true),
                .init(key: "confirmed", label: l.text(.confirmed), cells: [.count(r.confirmed)]),
                .init(key: "disciplined", label: l.text(.disciplined), cells: [.count(r.disciplined)]),
            ]),
            .init(id: "flows.in", title: l.text(.arrivals), columns: count, rows: tallyRows(r.inflow, .inflow)),
            .init(id: "flows.out", title: l.text(.departures), columns: count, rows: tallyRows(r.outflow, .outflow)),
            .init(id: "flows.struckOffByReason", title: l.text(.struckOffByReason), columns: count,
                  rows: tallyRows(r.struckOffByReason, .strikeOffReason)),
            .init(id: "flows.units", title: l.text(.unitFlows), columns: count, rows: tallyRows(r.units, .unitFlows)),
        ]
    }

    func flows(_ r: FlowsReport) -> ReportDocument {
        let period = l.text(.fromTo).replacing("%1", with: l.date(r.from)).replacing("%2", with: l.date(r.to))
        return ReportDocument(
            kind: "flows", title: "\(l.text(.flowsTitle)) \(period)",
            meta: [dateItem("from", l.text(.fromDate), r.from), dateItem("to", l.text(.toDate), r.to)]
                + provenance(r.provenance, unit: r.unit),
            sections: flowSections(r))
    }

    // MARK: ratings

    func ratings(_ r: RatingsReport) -> ReportDocument {
        func section(_ id: String, _ title: Localizer.Text, rated: Int, _ t: Tally, _ v: Vocabulary) -> ReportDocument.Section {
            var rows = [ReportDocument.Row(key: "rated", label: l.text(.rated), cells: [.count(rated), .empty], strong: true)]
            rows += t.entries.map { .init(key: $0.key, label: l.term(v, $0.key), cells: [.count($0.count), .share($0.count, of: rated)]) }
            return .init(id: id, title: l.text(title), columns: countShare, rows: rows)
        }
        return ReportDocument(
            kind: "ratings", title: "\(l.text(.ratingsTitle)) \(r.year)",
            meta: [.init(key: "year", label: l.text(.year), value: String(r.year), display: String(r.year))]
                + provenance(r.provenance, unit: r.unit),
            sections: [section("units", .unitsByRating, rated: r.unitsRated, r.unitsByRating, .unitRating),
                       sharesSection("units.shares", o.pick("Grassroots organisations: shares", "Tổ chức cơ sở đảng: tỷ lệ"), r.unitShares),
                       section("members", .membersByRating, rated: r.membersRated, r.membersByRating, .memberRating),
                       sharesSection("members.shares", o.pick("Party members: shares", "Đảng viên: tỷ lệ"), r.memberShares)])
    }

    // MARK: series

    func series(_ r: SeriesReport) -> ReportDocument {
        let columns: [ReportDocument.Column] = [
            .init(id: "total", title: l.term(.members, "total")),
            .init(id: "full", title: l.term(.members, "full")),
            .init(id: "probationary", title: l.term(.members, "probationary")),
            .init(id: "change", title: l.text(.change)),
            .init(id: "grassroots", title: l.text(.grassroots)),
        ]
        var previous: Int?
        let rows: [ReportDocument.Row] = r.points.map { p in
            defer { previous = p.total }
            return .init(key: p.at.description, label: l.date(p.at),
                         cells: [.count(p.total), .count(p.full), .count(p.probationary),
                                 previous.map { .delta(p.total - $0) } ?? .empty, .count(p.grassroots)])
        }
        let period = l.text(.fromTo).replacing("%1", with: l.date(r.from)).replacing("%2", with: l.date(r.to))
        return ReportDocument(
            kind: "series", title: "\(l.text(.seriesTitle)) \(period)",
            meta: [dateItem("from", l.text(.fromDate), r.from), dateItem("to", l.text(.toDate), r.to),
                   .init(key: "every", label: l.text(.every), value: r.every.rawValue, display: l.term(.interval, r.every.rawValue))]
                + provenance(r.provenance, unit: r.unit),
            sections: [.init(id: "points", title: l.text(.date), columns: columns, rows: rows)])
    }
}
