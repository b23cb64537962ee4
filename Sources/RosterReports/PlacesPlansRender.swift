import RosterCore

/// `report places` and `report progress` in every format. JSON has the keys
/// of docs/REPORTS.md; the other formats print a `ReportDocument` (table,
/// CSV, Markdown, HTML), in English or Vietnamese.

/// The words of these two reports, in both languages.
struct PlacesPlansWords {
    let l: Localizer
    var vi: Bool { l.language == .vi }
    func say(_ en: String, _ vi: String) -> String { self.vi ? vi : en }

    static let placeKinds: [PlaceKind: (en: String, vi: String)] = [
        .village: ("Villages and residential groups", "Thôn, bản, tổ dân phố"),
        .school: ("Schools", "Trường học"),
        .healthStation: ("Health stations", "Trạm y tế"),
        .agency: ("Agencies", "Cơ quan"),
        .enterprise: ("Enterprises", "Doanh nghiệp"),
        .other: ("Other places", "Địa bàn khác"),
    ]

    func kind(_ k: PlaceKind) -> String { let p = Self.placeKinds[k]!; return vi ? p.vi : p.en }

    static let indicators: [String: (en: String, vi: String)] = [
        "admissions": ("Members admitted", "Kết nạp đảng viên mới"),
        "members": ("Party members on 31 December", "Tổng số đảng viên (31/12)"),
        "members-growth": ("Growth in party members", "Tăng trưởng số đảng viên"),
        "grassroots-good-or-better": ("Grassroots organisations rated good or better", "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên"),
        "grassroots-excellent": ("Grassroots organisations rated excellent", "Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ"),
        "grassroots-weak": ("Grassroots organisations rated weak", "Tổ chức cơ sở đảng yếu kém, không hoàn thành nhiệm vụ"),
        "members-good-or-better": ("Members rated good or better", "Đảng viên hoàn thành tốt nhiệm vụ trở lên"),
        "members-excellent": ("Members rated excellent", "Đảng viên hoàn thành xuất sắc nhiệm vụ"),
        "members-unsatisfactory": ("Members who did not complete their duties", "Đảng viên không hoàn thành nhiệm vụ"),
    ]

    func indicator(_ name: String) -> String {
        switch Indicator(name: name) {
        case .placesWithCell(let k)?: return say("\(kind(k)) with a cell", "\(kind(k)) có chi bộ")
        case .placesWithMembers(let k)?: return say("\(kind(k)) with party members", "\(kind(k)) có đảng viên")
        default: return Self.indicators[name].map { vi ? $0.vi : $0.en } ?? name
        }
    }

    /// A plan's bound as offices write it: `1.800`, `97,5` in Vietnamese.
    func number(_ n: PlanNumber) -> String {
        let decimals = n.text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        let scaled = Int(n.hundredths) / NumberFormat.power10(2 - decimals)
        return l.numbers.fixed(scaled: scaled, decimals: decimals)
    }

    /// `≥ 1.800`, `≤ 0,5 %`, `1.800–2.000`.
    func range(_ t: PlanTarget) -> String {
        let unit = Indicator(name: t.indicator)?.isPercent == true ? " %" : ""
        switch (t.min, t.max) {
        case (let lo?, let hi?): return "\(number(lo))–\(number(hi))\(unit)"
        case (let lo?, nil): return "≥ \(number(lo))\(unit)"
        case (nil, let hi?): return "≤ \(number(hi))\(unit)"
        case (nil, nil): return ""
        }
    }

    func verdict(_ met: Bool?) -> String {
        switch met {
        case true?: return say("met", "Đạt")
        case false?: return say("not met", "Không đạt")
        case nil: return say("unknown", "Chưa xác định")
        }
    }
}

extension ReportJSON {
    public static func places(_ r: PlacesReport) -> JSONOutput {
        .object([("at", .string(r.at.description)), ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("byKind", .object(PlaceKind.allCases.map { k in
                let c = r.counts(k)
                return (k.rawValue, .object([("open", .int(c.open)), ("withCell", .int(c.withCell)), ("withMembers", .int(c.withMembers)),
                                             ("withoutCell", .int(c.withoutCell)), ("withoutMembers", .int(c.withoutMembers))]))
            })),
            ("withoutCell", .array(r.withoutCell.map { p in
                .object([("place", .string(p.place)), ("name", .string(p.name)), ("kind", .string(p.kind.rawValue)), ("unit", .string(p.unit))])
            })),
        ])
    }

    static func value(_ v: IndicatorValue?) -> JSONOutput {
        switch v {
        case .count(let n)?: return .int(n)
        case .percent(let part, let whole)?: return .tenths(NumberFormat.shareScaled(part, of: whole, decimals: 1)!)
        case nil: return .null
        }
    }

    static func targets(_ y: ProgressYear) -> [(String, JSONOutput)] {
        [("targets", .array(y.targets.map { t in
            var o: [(String, JSONOutput)] = [("indicator", .string(t.target.indicator))]
            if let lo = t.target.min { o.append(("min", .string(lo.text))) }
            if let hi = t.target.max { o.append(("max", .string(hi.text))) }
            o.append(("value", value(t.value)))
            o.append(("met", t.met.map { .bool($0) } ?? .null))
            return .object(o)
         })),
         ("met", .int(y.met)), ("notMet", .int(y.notMet)), ("unknown", .int(y.unknown))]
    }

    /// One year: the contract's object. The whole plan: `years`, one object
    /// per year of from…to, `targets` null for a year still to come or one
    /// when the plan's unit was not active (`status` says which).
    public static func progress(_ r: ProgressReport) -> JSONOutput {
        let head: [(String, JSONOutput)] = [("plan", .string(r.plan)), ("name", .string(r.name)), ("unit", .string(r.unit))]
        if let year = r.year, let y = r.years.first {
            return .object(head + [("year", .int(year))] + provenance(r.provenance) + targets(y))
        }
        return .object(head + [("from", .int(r.from)), ("to", .int(r.to))] + provenance(r.provenance) + [
            ("years", .array(r.years.map { y in
                switch y.status {
                case .evaluated: return .object([("year", .int(y.year)), ("status", .string("evaluated"))] + targets(y))
                case .toCome: return .object([("year", .int(y.year)), ("status", .string("to-come")), ("targets", .null)])
                case .unitInactive: return .object([("year", .int(y.year)), ("status", .string("unit-inactive")), ("targets", .null)])
                }
            })),
        ])
    }
}

extension DocumentBuilder {
    func places(_ r: PlacesReport) -> ReportDocument {
        let w = PlacesPlansWords(l: l)
        let columns: [ReportDocument.Column] = [
            .init(id: "open", title: w.say("Open", "Tổng số")),
            .init(id: "withCell", title: w.say("With a cell", "Có chi bộ")),
            .init(id: "withMembers", title: w.say("With members", "Có đảng viên")),
            .init(id: "withoutCell", title: w.say("Without a cell", "Chưa có chi bộ")),
            .init(id: "withoutMembers", title: w.say("Without members", "Chưa có đảng viên")),
        ]
        var total = PlaceCounts()
        var rows: [ReportDocument.Row] = PlaceKind.allCases.map { k in
            let c = r.counts(k)
            total.open += c.open; total.withCell += c.withCell; total.withMembers += c.withMembers
            return .init(key: k.rawValue, label: w.kind(k),
                         cells: [.count(c.open), .count(c.withCell), .count(c.withMembers), .count(c.withoutCell), .count(c.withoutMembers)])
        }
        rows.append(.init(key: "total", label: l.term(.members, "total"),
                          cells: [.count(total.open), .count(total.withCell), .count(total.withMembers),
                                  .count(total.withoutCell), .count(total.withoutMembers)], strong: true))
        let list: [ReportDocument.Row] = r.withoutCell.map { p in
            .init(key: p.place, label: p.name, cells: [.text(p.place), .text(w.kind(p.kind)), .text(p.unit)])
        }
        return ReportDocument(
            kind: "places", title: "\(w.say("Party presence in places on", "Tổ chức đảng, đảng viên ở các địa bàn ngày")) \(l.date(r.at))",
            meta: [dateItem("at", l.text(.atDate), r.at)] + provenance(r.provenance, unit: r.unit),
            sections: [
                .init(id: "byKind", title: w.say("Places", "Địa bàn"), columns: columns, rows: rows),
                .init(id: "withoutCell", title: w.say("Places without a cell", "Địa bàn chưa có chi bộ"),
                      columns: [.init(id: "place", title: w.say("Place", "Mã")), .init(id: "kind", title: w.say("Kind", "Loại")),
                                .init(id: "unit", title: w.say("Responsible unit", "Tổ chức đảng phụ trách"))],
                      rows: list),
            ])
    }

    /// A value as a cell: counts as counts, percents as shares (`50,0 %`; plain in CSV).
    func cell(_ v: IndicatorValue?) -> ReportDocument.Cell {
        switch v {
        case .count(let n)?: return .count(n)
        case .percent(let part, let whole)?: return .share(part, of: whole)
        case nil: return .text("–")
        }
    }

    /// A count against its minimum as offices write it: 149 of 140 → `106,43 %`.
    func ofPlan(_ t: TargetResult) -> ReportDocument.Cell {
        guard case .count(let n)? = t.value, let lo = t.target.min, lo.hundredths > 0 else { return .empty }
        let scaled = NumberFormat.roundedQuotient(n * 1_000_000, Int(lo.hundredths))
        return .text(l.numbers.fixed(scaled: scaled, decimals: 2) + " %")
    }

    func progress(_ r: ProgressReport) -> ReportDocument {
        let w = PlacesPlansWords(l: l)
        var meta: [ReportDocument.MetaItem] = [
            .init(key: "plan", label: w.say("Plan", "Nghị quyết"), value: r.plan, display: "\(r.plan) — \(r.name)"),
        ]
        var sections: [ReportDocument.Section] = []
        let indicatorTitle = w.say("Indicator", "Nội dung")
        if let year = r.year, let y = r.years.first {
            meta.append(.init(key: "year", label: l.text(.year), value: String(year), display: String(year)))
            let rows: [ReportDocument.Row] = y.targets.map { t in
                .init(key: t.target.indicator, label: w.indicator(t.target.indicator),
                      cells: [.text(w.range(t.target)), cell(t.value), ofPlan(t), .text(w.verdict(t.met))])
            }
            sections.append(.init(id: "targets", title: indicatorTitle, columns: [
                .init(id: "target", title: w.say("Target", "Chỉ tiêu")),
                .init(id: "result", title: w.say("Result", "Kết quả")),
                .init(id: "ofPlan", title: w.say("% of the target", "Tỷ lệ so với chỉ tiêu")),
                .init(id: "assessment", title: w.say("Assessment", "Đánh giá")),
            ], rows: rows))
            sections.append(summary(w, [y]))
        } else {
            meta.append(.init(key: "years", label: w.say("Years", "Giai đoạn"), value: "\(r.from)-\(r.to)", display: "\(r.from)–\(r.to)"))
            var columns: [ReportDocument.Column] = [.init(id: "target", title: w.say("Target", "Chỉ tiêu"))]
            for y in r.years {
                columns.append(.init(id: "y\(y.year)", title: String(y.year)))
                columns.append(.init(id: "y\(y.year)_met", title: w.say("Assessment", "Đánh giá")))
            }
            let rows: [ReportDocument.Row] = r.targets.enumerated().map { i, t in
                var cells: [ReportDocument.Cell] = [.text(w.range(t))]
                for y in r.years {
                    switch y.status {
                    case .evaluated: cells += [cell(y.targets[i].value), .text(w.verdict(y.targets[i].met))]
                    case .toCome: cells += [.empty, .empty]
                    case .unitInactive: cells += [.text("–"), .empty]
                    }
                }
                return .init(key: t.indicator, label: w.indicator(t.indicator), cells: cells)
            }
            sections.append(.init(id: "targets", title: indicatorTitle, columns: columns, rows: rows))
            sections.append(summary(w, r.years))
        }
        let period = r.year.map { w.say("in \($0)", "năm \($0)") } ?? "\(r.from)–\(r.to)"
        return ReportDocument(
            kind: "progress",
            title: "\(w.say("Targets of", "Kết quả thực hiện chỉ tiêu")) \(r.name) (\(r.plan)) \(period)",
            meta: meta + provenance(r.provenance, unit: r.unit),
            sections: sections)
    }

    /// Met / not met / unknown per year; a year that was not evaluated is left empty.
    func summary(_ w: PlacesPlansWords, _ years: [ProgressYear]) -> ReportDocument.Section {
        let columns: [ReportDocument.Column] = years.count == 1
            ? [.init(id: "count", title: l.text(.count))]
            : years.map { .init(id: "y\($0.year)", title: String($0.year)) }
        func row(_ key: String, _ label: String, _ f: (ProgressYear) -> Int) -> ReportDocument.Row {
            .init(key: key, label: label, cells: years.map { $0.status == .evaluated ? .count(f($0)) : .empty })
        }
        return .init(id: "summary", title: w.say("Summary", "Tổng hợp"), columns: columns, rows: [
            row("met", w.say("Targets met", "Số chỉ tiêu đạt"), \.met),
            row("notMet", w.say("Targets not met", "Số chỉ tiêu không đạt"), \.notMet),
            row("unknown", w.say("Not measurable", "Chưa xác định được"), \.unknown),
        ])
    }
}

extension Render {
    public static func places(_ r: PlacesReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.places(r).serialized() + "\n"
        case .html: return HTMLRender.tables(r.document(language: language), language: language)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func progress(_ r: ProgressReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.progress(r).serialized() + "\n"
        case .html: return HTMLRender.tables(r.document(language: language), language: language)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }
}
