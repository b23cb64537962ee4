import RosterCore

public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv, markdown, html, docx

    /// Formats written as bytes to a file only (`--out`), never to a terminal.
    public var isBinary: Bool { self == .docx }
}

public enum Language: String, CaseIterable, Sendable {
    case en, vi
}

/// Renders report values in every format. JSON keys are docs/REPORTS.md's, in English
/// whatever the language; the other formats are localised (labels, dates and
/// numbers: `8.197`, `15,3 %` in Vietnamese), except CSV figures, which stay
/// plain numbers for spreadsheets and scripts.
public enum Render {
    public static func snapshot(_ r: SnapshotReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.snapshot(r).serialized() + "\n"
        case .html: return HTMLRender.snapshot(r, language: language, letterhead: letterhead)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func flows(_ r: FlowsReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.flows(r).serialized() + "\n"
        case .html: return HTMLRender.flows(r, language: language, letterhead: letterhead)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    /// `series` (for HTML only) adds the chart of members over time.
    public static func compare(_ r: CompareReport, format: OutputFormat, language: Language, series: SeriesReport? = nil,
                               letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.compare(r).serialized() + "\n"
        case .html: return HTMLRender.compare(r, series: series, language: language, letterhead: letterhead)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func ratings(_ r: RatingsReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.ratings(r).serialized() + "\n"
        case .html: return HTMLRender.tables(r.document(language: language), language: language, letterhead: letterhead)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func series(_ r: SeriesReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.series(r).serialized() + "\n"
        case .html: return HTMLRender.series(r, language: language, letterhead: letterhead)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    /// The step of the members-over-time chart on a comparison page: yearly
    /// over three years or more, quarterly over a year or more, else monthly.
    public static func overviewInterval(from: Day, to: Day) -> SeriesInterval {
        let years = NumberFormat.years(from: from, to: to)
        return years >= 3 ? .year : years >= 1 ? .quarter : .month
    }

    /// The comparison as a paragraph of a ten-year review (`--narrative`).
    public static func narrative(_ r: CompareReport, language: Language) -> String {
        Narrative.compare(r, language: language) + "\n"
    }

    // MARK: documents (DOCX)

    /// Any report as an office document (WordprocessingML in a zip): its
    /// document's tables, after its opening paragraph when it has one (the
    /// comparison's narrative).
    public static func docx(_ r: some DocumentReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(r.document(language: language), narrative: r.openingParagraph(language: language),
                    letterhead: letterhead, language: language)
    }

    static func text(_ doc: ReportDocument, format: OutputFormat, language: Language) -> String {
        switch format {
        case .csv: return CSVRender.render(doc)
        case .markdown: return MarkdownRender.render(doc, language: language)
        default: return TableRender.render(doc, language: language)
        }
    }
}

extension OutputFormat {
    /// The formats that print an office document (letterhead, signature block): html and docx.
    public var isOffice: Bool { self == .html || self == .docx }
}

/// A report that lays itself out as a `ReportDocument` — the one path to
/// every office document (`Render.docx`).
public protocol DocumentReport {
    /// The report's titled sections of rows, labelled in `language`.
    func document(language: Language) -> ReportDocument
    /// The paragraph a document opens with; nil for none.
    func openingParagraph(language: Language) -> String?
}

extension DocumentReport {
    public func openingParagraph(language: Language) -> String? { nil }
}

// Which `DocumentBuilder` layout is each report's.
extension SnapshotReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).snapshot(self) }
}
extension CompareReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).compare(self) }
    public func openingParagraph(language: Language) -> String? { Narrative.compare(self, language: language) }
}
extension FlowsReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).flows(self) }
}
extension RatingsReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).ratings(self) }
}
extension SeriesReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).series(self) }
}
extension BadgeRoundReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).badges(self) }
}
extension Form1Report: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).form1(self) }
}
extension Form3Report: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).form3(self) }
}
extension MembersReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).members(self) }
}
extension PlacesReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).places(self) }
}
extension ProgressReport: DocumentReport {
    public func document(language: Language) -> ReportDocument { DocumentBuilder(language).progress(self) }
}
