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
    OptionSpec(name: "format", takesValue: true, help: "table (default), json, csv, markdown, html"),
    OptionSpec(name: "lang", takesValue: true, help: "en (default) or vi"),
    OptionSpec(name: "age-bands", takesValue: true, help: "upper bounds of the age bands, e.g. 30,35,40,45,50,55,60"),
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
                usage: "roster report snapshot --at D [--unit U] [--known-at T] [--format F] [--lang L] [--age-bands B]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date, YYYY-MM-DD")] + options(["unit", "known-at", "format", "lang", "age-bands"])),
    CommandSpec(path: ["report", "flows"], summary: "Movements in (D1, D2]: arrivals, departures, confirmations, discipline, grassroots units.",
                usage: "roster report flows --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "start date (exclusive)"),
                                   OptionSpec(name: "to", takesValue: true, help: "end date (inclusive)")] + options(["unit", "known-at", "format", "lang"])),
    CommandSpec(path: ["report", "compare"], summary: "Two snapshots side by side with differences, and the flows between them.",
                usage: "roster report compare --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L] [--narrative]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "first date"),
                                   OptionSpec(name: "to", takesValue: true, help: "second date")] + options(["unit", "known-at", "format", "lang", "age-bands"])
                    + [narrativeOption]),
    CommandSpec(path: ["report", "series"], summary: "Members (total, full, probationary) and grassroots organisations at the end of every month, quarter or year from D1 to D2.",
                usage: "roster report series --from D1 --to D2 --every month|quarter|year [--unit U] [--known-at T] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "first point (YYYY-MM-DD)"),
                                   OptionSpec(name: "to", takesValue: true, help: "last point (YYYY-MM-DD)"),
                                   OptionSpec(name: "every", takesValue: true, help: "month, quarter or year: a point at the end of each")]
                    + options(["unit", "known-at", "format", "lang"])),
    CommandSpec(path: ["report", "ratings"], summary: "Rating distributions of units and members for a year.",
                usage: "roster report ratings --year Y [--unit U] [--known-at T] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "year", takesValue: true, help: "the year rated")] + options(["unit", "known-at", "format", "lang"])),
    CommandSpec(path: ["report", "badges"], summary: "A badge round: members due, overdue and held back by a discipline, by party age (gaps out of the party excluded).",
                usage: "roster report badges --round D [--unit U] [--known-at T] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "round", takesValue: true, help: "the round day: 3/2, 19/5, 2/9 or 7/11 of a year (YYYY-MM-DD or DD/MM/YYYY)")]
                    + options(["unit", "known-at", "format", "lang"])),
    CommandSpec(path: ["report", "form"], summary: "Statutory forms: 1 (increase and decrease over a period, against a year earlier) or 3 (the membership on a day).",
                usage: "roster report form 1 --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L]\n       roster report form 3 --at D [--unit U] [--known-at T] [--age-bands B] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "form 1: start of the period (exclusive)"),
                                   OptionSpec(name: "to", takesValue: true, help: "form 1: end of the period (inclusive)"),
                                   OptionSpec(name: "at", takesValue: true, help: "form 3: the day")]
                    + options(["unit", "known-at", "format", "lang", "age-bands"]), positionals: 1...1),
    CommandSpec(path: ["report", "members"], summary: "The members behind a figure: the members current on a day that match every --where KEY=VALUE.",
                usage: "roster report members --at D [--unit U] [--where KEY=VALUE]… [--known-at T] [--age-bands B] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the day"),
                                   OptionSpec(name: "where", takesValue: true, help: "a filter, repeatable: \(MemberFilter.keys.joined(separator: ", "))")]
                    + options(["unit", "known-at", "format", "lang", "age-bands"])),
    CommandSpec(path: ["history", "member"], summary: "The audit trail of a member: every event, with recorded times, actors, decisions and retractions.",
                usage: "roster history member M [--format table|json]", options: common + options(["format", "lang"]), positionals: 1...1),
    CommandSpec(path: ["history", "unit"], summary: "The audit trail of a unit.",
                usage: "roster history unit U [--format table|json]", options: common + options(["format", "lang"]), positionals: 1...1),
    CommandSpec(path: ["demo"], summary: "Builds a ledger from the sample events (events/sample) in a temporary directory and prints the 2010 vs 2020 comparison.",
                usage: "roster demo [--format F] [--lang L] [--out FILE] [--narrative]",
                options: [OptionSpec(name: "help", takesValue: false, help: "show this help"),
                          OptionSpec(name: "out", takesValue: true, help: "also write the comparison to FILE (format from --format)")] + options(["format", "lang"])
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
