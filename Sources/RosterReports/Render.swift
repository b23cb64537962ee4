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
        default: return text(DocumentBuilder(language).snapshot(r), format: format, language: language)
        }
    }

    public static func flows(_ r: FlowsReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.flows(r).serialized() + "\n"
        case .html: return HTMLRender.flows(r, language: language, letterhead: letterhead)
        default: return text(DocumentBuilder(language).flows(r), format: format, language: language)
        }
    }

    /// `series` (for HTML only) adds the chart of members over time.
    public static func compare(_ r: CompareReport, format: OutputFormat, language: Language, series: SeriesReport? = nil,
                               letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.compare(r).serialized() + "\n"
        case .html: return HTMLRender.compare(r, series: series, language: language, letterhead: letterhead)
        default: return text(DocumentBuilder(language).compare(r), format: format, language: language)
        }
    }

    public static func ratings(_ r: RatingsReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.ratings(r).serialized() + "\n"
        case .html: return HTMLRender.tables(DocumentBuilder(language).ratings(r), language: language, letterhead: letterhead)
        default: return text(DocumentBuilder(language).ratings(r), format: format, language: language)
        }
    }

    public static func series(_ r: SeriesReport, format: OutputFormat, language: Language, letterhead: Letterhead? = nil) -> String {
        switch format {
        case .json: return ReportJSON.series(r).serialized() + "\n"
        case .html: return HTMLRender.series(r, language: language, letterhead: letterhead)
        default: return text(DocumentBuilder(language).series(r), format: format, language: language)
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

    /// The snapshot as an office document (WordprocessingML in a zip).
    public static func docx(_ r: SnapshotReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).snapshot(r), letterhead: letterhead, language: language)
    }

    /// The comparison with its narrative as the opening paragraph, then the tables.
    public static func docx(_ r: CompareReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).compare(r), narrative: Narrative.compare(r, language: language),
                    letterhead: letterhead, language: language)
    }

    public static func docx(_ r: FlowsReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).flows(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: RatingsReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).ratings(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: SeriesReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).series(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: BadgeRoundReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).badges(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: Form1Report, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).form1(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: Form3Report, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).form3(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: MembersReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).members(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: PlacesReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).places(r), letterhead: letterhead, language: language)
    }

    public static func docx(_ r: ProgressReport, language: Language, letterhead: Letterhead) -> [UInt8] {
        DOCX.render(DocumentBuilder(language).progress(r), letterhead: letterhead, language: language)
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
