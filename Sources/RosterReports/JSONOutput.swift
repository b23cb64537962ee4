import RosterCore

/// A JSON document for output, with object keys in the order they were added
/// (reports print keys in docs/REPORTS.md's order).
public indirect enum JSONOutput: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number with one decimal, given in tenths (1037 prints 103.7).
    case tenths(Int)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    public static func == (a: JSONOutput, b: JSONOutput) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.tenths(let x), .tenths(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Serialises; `indent` > 0 pretty-prints, nesting small objects of
    /// numbers on one line so that a report stays readable.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, level: 0, pretty: pretty)
        return out
    }

    var isFlat: Bool {
        switch self {
        case .object(let entries): return entries.allSatisfy { if case .object = $0.1 { return false }; if case .array = $0.1 { return false }; return true }
        case .array(let items): return items.allSatisfy { if case .object = $0 { return false }; if case .array = $0 { return false }; return true }
        default: return true
        }
    }

    func write(into out: inout String, level: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .tenths(let t): out += (t < 0 ? "-" : "") + String(abs(t) / 10) + "." + String(abs(t) % 10)
        case .string(let s): JSONOutput.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let inline = !pretty || isFlat
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += inline && pretty ? ", " : "," }
                if !inline { out += "\n" + String(repeating: "  ", count: level + 1) }
                item.write(into: &out, level: level + 1, pretty: pretty)
            }
            if !inline { out += "\n" + String(repeating: "  ", count: level) }
            out += "]"
        case .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            let inline = !pretty || (isFlat && level > 0)
            out += "{"
            for (i, (key, value)) in entries.enumerated() {
                if i > 0 { out += inline && pretty ? ", " : "," }
                if !inline { out += "\n" + String(repeating: "  ", count: level + 1) }
                JSONOutput.writeString(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(into: &out, level: level + 1, pretty: pretty)
            }
            if !inline { out += "\n" + String(repeating: "  ", count: level) }
            out += "}"
        }
    }

    public static func writeString(_ s: String, into out: inout String) {
        // Most strings need no escape: copied whole (long member lists print
        // hundreds of thousands of them).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// The JSON of every report, with exactly docs/REPORTS.md's keys.
public enum ReportJSON {
    static func tally(_ t: Tally) -> JSONOutput { .object(t.entries.map { ($0.key, .int($0.count)) }) }
    static func optional(_ s: String?) -> JSONOutput { s.map { .string($0) } ?? .null }

    static func provenance(_ p: Provenance) -> [(String, JSONOutput)] {
        [("knownAt", optional(p.knownAt)),
         ("ledger", .object([("seq", .int(Int(p.ledger.seq))), ("hash", .string(p.ledger.hash.hex))]))]
    }

    public static func snapshot(_ r: SnapshotReport) -> JSONOutput {
        .object([("at", .string(r.at.description)), ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("members", .object([("total", .int(r.total)), ("full", .int(r.full)),
                                 ("probationary", .int(r.probationary)), ("exempted", .int(r.exempted))])),
            ("byAge", tally(r.byAge)),
            ("byEducation", tally(r.byEducation)),
            ("byTheory", tally(r.byTheory)),
            ("byGender", tally(r.byGender)),
            ("byEthnicity", tally(r.byEthnicity)),
            ("byReligion", tally(r.byReligion)),
            ("byCategory", tally(r.byCategory)),
            ("units", .object([("grassroots", .int(r.grassroots)), ("byKind", tally(r.unitsByKind)),
                               ("grassrootsByCategory", tally(r.grassrootsByCategory))])),
        ])
    }

    public static func flows(_ r: FlowsReport) -> JSONOutput {
        .object([("from", .string(r.from.description)), ("to", .string(r.to.description)), ("unit", optional(r.unit))]
                + provenance(r.provenance) + [
            ("start", .int(r.start)), ("end", .int(r.end)),
            ("in", tally(r.inflow)), ("out", tally(r.outflow)),
            ("struckOffByReason", tally(r.struckOffByReason)),
            ("confirmed", .int(r.confirmed)), ("disciplined", .int(r.disciplined)),
            ("units", tally(r.units)),
        ])
    }

    public static func compare(_ r: CompareReport) -> JSONOutput {
        .object([("from", snapshot(r.from)), ("to", snapshot(r.to)), ("flows", flows(r.flows))])
    }

    public static func ratings(_ r: RatingsReport) -> JSONOutput {
        .object([("year", .int(r.year)), ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("units", .object([("rated", .int(r.unitsRated)), ("byRating", tally(r.unitsByRating)), ("shares", shares(r.unitShares))])),
            ("members", .object([("rated", .int(r.membersRated)), ("byRating", tally(r.membersByRating)), ("shares", shares(r.memberShares))])),
        ])
    }
}
