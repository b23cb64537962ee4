import Glibc
import RosterCore
import RosterReports
import RosterStore

// The command line: parses arguments, calls the library, prints, and maps
// errors to SPEC §5's exit codes (0 ok, 1 rejected input or failed check,
// 2 usage, 3 the ledger failed verification).

let common: [OptionSpec] = [
    OptionSpec(name: "ledger", takesValue: true, help: "the ledger directory (default $ROSTER_LEDGER, else ./roster-ledger)"),
    OptionSpec(name: "help", takesValue: false, help: "show this help"),
]
let reportOptions: [OptionSpec] = [
    OptionSpec(name: "unit", takesValue: true, help: "the scope: this unit and its subtree (default: the whole ledger)"),
    OptionSpec(name: "known-at", takesValue: true, help: "only what was recorded by then (RFC 3339, or a date = end of that day UTC)"),
    OptionSpec(name: "format", takesValue: true, help: "table (default), json, csv, markdown, html, docx (with --out)"),
    OptionSpec(name: "lang", takesValue: true, help: "en (default) or vi"),
    OptionSpec(name: "age-bands", takesValue: true, help: "upper bounds of the age bands, e.g. 30,35,40,45,50,55,60"),
]
/// Every report: where to write it, and the office document's letterhead
/// (html and docx; defaults in the ledger's letterhead.json, docs/REPORTS.md).
let documentOptions: [OptionSpec] = [
    OptionSpec(name: "out", takesValue: true, help: "write the report to FILE (whole or not at all) instead of standard output; docx needs it"),
    OptionSpec(name: "place", takesValue: true, help: "document: the place of the date line (\"Hà Tĩnh\")"),
    OptionSpec(name: "dated", takesValue: true, help: "document: its date, YYYY-MM-DD (default today)"),
    OptionSpec(name: "number", takesValue: true, help: "document: its number (\"12-BC/TU\")"),
    OptionSpec(name: "signer", takesValue: true, help: "document: the signer's name"),
    OptionSpec(name: "signer-title", takesValue: true, help: "document: the signer's title (\"Bí thư\")"),
    OptionSpec(name: "recipients", takesValue: true, help: "document: the recipients, separated by ; (\"Ban Tổ chức Trung ương; Lưu VP\")"),
]
let narrativeOption = OptionSpec(name: "narrative", takesValue: false, help: "print the comparison as the paragraph of a ten-year review (text; --lang vi or en)")
func options(_ names: [String]) -> [OptionSpec] { reportOptions.filter { names.contains($0.name) } }

let commands: [CommandSpec] = [
    CommandSpec(path: ["init"], summary: "Creates an empty ledger.", usage: "roster init [--ledger DIR]", options: common),
    CommandSpec(path: ["append"], summary: "Appends the events of the files (one atomic batch; - reads standard input). Prints how many were added and skipped as duplicates, and the new head.",
                usage: "roster append [--ledger DIR] FILE…", options: common, positionals: 1...Int.max),
    CommandSpec(path: ["export"], summary: "Prints the log as JSON Lines with seq and hash.",
                usage: "roster export [--ledger DIR] [--known-at T]", options: common + options(["known-at"])),
    CommandSpec(path: ["verify"], summary: "Re-checks record checksums, the hash chain and the rules; prints the head seq and hash. Exit 3 on any damage.",
                usage: "roster verify [--ledger DIR]", options: common),
    CommandSpec(path: ["report", "snapshot"], summary: "Members and units on a date: totals and breakdowns.",
                usage: "roster report snapshot --at D [--unit U] [--known-at T] [--format F] [--lang L] [--age-bands B] [--out FILE]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date, YYYY-MM-DD")] + options(["unit", "known-at", "format", "lang", "age-bands"]) + documentOptions),
    CommandSpec(path: ["report", "flows"], summary: "Movements in (D1, D2]: arrivals, departures, confirmations, discipline, grassroots units.",
                usage: "roster report flows --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "start date (exclusive)"),
                                   OptionSpec(name: "to", takesValue: true, help: "end date (inclusive)")] + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "compare"], summary: "Two snapshots side by side with differences, and the flows between them.",
                usage: "roster report compare --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L] [--narrative] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "first date"),
                                   OptionSpec(name: "to", takesValue: true, help: "second date")] + options(["unit", "known-at", "format", "lang", "age-bands"])
                    + [narrativeOption] + documentOptions),
    CommandSpec(path: ["report", "series"], summary: "Members (total, full, probationary) and grassroots organisations at the end of every month, quarter or year from D1 to D2.",
                usage: "roster report series --from D1 --to D2 --every month|quarter|year [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "first point (YYYY-MM-DD)"),
                                   OptionSpec(name: "to", takesValue: true, help: "last point (YYYY-MM-DD)"),
                                   OptionSpec(name: "every", takesValue: true, help: "month, quarter or year: a point at the end of each")]
                    + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "ratings"], summary: "Rating distributions of units and members for a year.",
                usage: "roster report ratings --year Y [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "year", takesValue: true, help: "the year rated")] + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["history", "member"], summary: "The audit trail of a member: every event, with recorded times, actors, decisions and retractions.",
                usage: "roster history member M [--format table|json]", options: common + options(["format", "lang"]), positionals: 1...1),
    CommandSpec(path: ["history", "unit"], summary: "The audit trail of a unit.",
                usage: "roster history unit U [--format table|json]", options: common + options(["format", "lang"]), positionals: 1...1),
    CommandSpec(path: ["demo"], summary: "Builds a ledger from the sample events (events/sample) in a temporary directory and prints the 2010 vs 2020 comparison.",
                usage: "roster demo [--format F] [--lang L] [--out FILE] [--narrative]",
                options: [OptionSpec(name: "help", takesValue: false, help: "show this help"),
                          OptionSpec(name: "out", takesValue: true, help: "write the comparison to FILE instead (format from --format; docx needs it)")] + options(["format", "lang"])
                    + [narrativeOption]),
] + adoptionCommands

func topLevelHelp() -> String {
    var lines = ["roster — an event-sourced membership ledger", "", "commands:"]
    for c in commands { lines.append("  roster \(c.path.joined(separator: " "))" + String(repeating: " ", count: max(1, 18 - c.path.joined(separator: " ").count)) + c.summary.prefix(90)) }
    lines.append("")
    lines.append("`roster COMMAND --help` describes a command. Exit codes: 0 ok, 1 rejected input, 2 usage, 3 damaged ledger.")
    return lines.joined(separator: "\n")
}

func writeOut(_ s: String) {
    var s = s
    s.withUTF8 { buf in
        var off = 0
        while off < buf.count {
            let n = write(1, buf.baseAddress! + off, buf.count - off)
            if n <= 0 { if errno == EINTR { continue }; exit(1) }
            off += n
        }
    }
}

func writeErr(_ s: String) {
    var line = s.hasSuffix("\n") ? s : s + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let argv = CommandLine.arguments
var tool = CLI()
let code = tool.run(Array(argv.dropFirst()))
exit(code)
