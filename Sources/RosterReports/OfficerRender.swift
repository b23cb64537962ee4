import RosterCore

extension Render {
    public static func badges(_ r: BadgeRoundReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.badges(r).serialized() + "\n"
        case .html: return HTMLRender.tables(r.document(language: language), language: language)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func form1(_ r: Form1Report, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.form1(r).serialized() + "\n"
        case .html: return HTMLRender.tables(r.document(language: language), language: language)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func form3(_ r: Form3Report, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.form3(r).serialized() + "\n"
        case .html: return HTMLRender.tables(r.document(language: language), language: language)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }

    public static func members(_ r: MembersReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.members(r).serialized() + "\n"
        case .csv:
            // A flat table for a spreadsheet: one header, one row per member,
            // text that a spreadsheet would run as a formula neutralised (as
            // `export members` writes it; with a BOM in Vietnamese).
            let b = DocumentBuilder(language)
            let header = DocumentBuilder.memberColumns
            let rows = r.rows.map { x in
                [x.member, x.name ?? "", x.unit, x.status.rawValue, x.exempted ? "true" : "false", x.birthDate.description,
                 x.gender?.rawValue ?? "", x.education?.rawValue ?? "", x.theory?.rawValue ?? "", x.ethnicity ?? "",
                 x.religion ?? "", x.admitted?.description ?? "", x.partyAge.map(String.init) ?? ""]
            }
            if language == .vi {
                let localized = r.rows.map { x in b.memberCells(x).map { $0.display(NumberFormat(.vi)) } }
                return "\u{FEFF}" + CSVRender.records([header.map(b.memberColumnTitle)] + localized)
            }
            return CSVRender.records([header] + rows)
        case .html: return HTMLRender.tables(r.document(language: language), language: language)
        default: return text(r.document(language: language), format: format, language: language)
        }
    }
}
