import RosterCore

public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv, markdown, html
}

public enum Language: String, CaseIterable, Sendable {
    case en, vi
}

/// Renders report values in every format. JSON keys are SPEC §6's, in English
/// whatever the language; the other formats are localised.
public enum Render {
    public static func snapshot(_ r: SnapshotReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.snapshot(r).serialized() + "\n"
        default: return plain(ReportJSON.snapshot(r))
        }
    }

    public static func flows(_ r: FlowsReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.flows(r).serialized() + "\n"
        default: return plain(ReportJSON.flows(r))
        }
    }

    public static func compare(_ r: CompareReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.compare(r).serialized() + "\n"
        default: return plain(ReportJSON.compare(r))
        }
    }

    public static func ratings(_ r: RatingsReport, format: OutputFormat, language: Language) -> String {
        switch format {
        case .json: return ReportJSON.ratings(r).serialized() + "\n"
        default: return plain(ReportJSON.ratings(r))
        }
    }

    /// An indented outline of a JSON document: every number on its own line.
    static func plain(_ doc: JSONOutput, level: Int = 0) -> String {
        var out = ""
        if case .object(let entries) = doc {
            for (key, value) in entries {
                let pad = String(repeating: "  ", count: level)
                switch value {
                case .object: out += "\(pad)\(key)\n" + plain(value, level: level + 1)
                case .int(let i): out += "\(pad)\(key): \(i)\n"
                case .string(let s): out += "\(pad)\(key): \(s)\n"
                case .null: out += "\(pad)\(key): -\n"
                default: out += "\(pad)\(key): \(value.serialized(pretty: false))\n"
                }
            }
        }
        return out
    }
}
