import Glibc
import RosterAdoption
import RosterCore
import RosterReports
import RosterStore

// The command line: parses arguments, calls the library, prints, and maps
// errors to the exit codes of docs/CLI.md (0 ok, 1 rejected input or failed
// check, 2 usage, 3 the ledger failed verification).

/// The one version of Roster: `roster --version` and the first line of
/// `roster --help` print it.
let rosterVersion = "1.1.0"

let common: [OptionSpec] = [
    OptionSpec(name: "ledger", takesValue: true, help: "the ledger directory (default $ROSTER_LEDGER, else ./roster-ledger)"),
    OptionSpec(name: "help", takesValue: false, help: "show this help"),
]
let reportOptions: [OptionSpec] = [
    OptionSpec(name: "unit", takesValue: true, help: "the scope: this unit and its subtree (default: the whole ledger)"),
    OptionSpec(name: "known-at", takesValue: true, help: "only what was recorded by then: an RFC 3339 time, or a date (YYYY-MM-DD or DD/MM/YYYY) meaning the end of that day, UTC"),
    OptionSpec(name: "format", takesValue: true, help: ""),   // generated from the command's formats
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
                usage: "roster export [--ledger DIR] [--known-at T]  |  roster export members …", options: common + options(["known-at"])),
    CommandSpec(path: ["verify"], summary: "Re-checks record checksums, the hash chain and the rules; prints the head seq and hash. Exit 3 on any damage.",
                usage: "roster verify [--ledger DIR]", options: common),
    CommandSpec(path: ["report", "snapshot"], summary: "Members and units on a date: totals and breakdowns.",
                usage: "roster report snapshot --at D [--unit U] [--known-at T] [--format F] [--lang L] [--age-bands B] [--out FILE]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date (YYYY-MM-DD or DD/MM/YYYY)")] + options(["unit", "known-at", "format", "lang", "age-bands"]) + documentOptions),
    CommandSpec(path: ["report", "flows"], summary: "Movements in (D1, D2]: arrivals, departures, confirmations, discipline, grassroots units.",
                usage: "roster report flows --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "start date, exclusive (YYYY-MM-DD or DD/MM/YYYY)"),
                                   OptionSpec(name: "to", takesValue: true, help: "end date, inclusive (YYYY-MM-DD or DD/MM/YYYY)")] + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "compare"], summary: "Two snapshots side by side with differences, and the flows between them.",
                usage: "roster report compare --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L] [--narrative] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "first date (YYYY-MM-DD or DD/MM/YYYY)"),
                                   OptionSpec(name: "to", takesValue: true, help: "second date (YYYY-MM-DD or DD/MM/YYYY)")] + options(["unit", "known-at", "format", "lang", "age-bands"])
                    + [narrativeOption] + documentOptions),
    CommandSpec(path: ["report", "series"], summary: "Members (total, full, probationary) and grassroots organisations at the end of every month, quarter or year from D1 to D2.",
                usage: "roster report series --from D1 --to D2 --every month|quarter|year [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "first point (YYYY-MM-DD or DD/MM/YYYY)"),
                                   OptionSpec(name: "to", takesValue: true, help: "last point (YYYY-MM-DD or DD/MM/YYYY)"),
                                   OptionSpec(name: "every", takesValue: true, help: "month, quarter or year: a point at the end of each")]
                    + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "ratings"], summary: "Rating distributions of units and members for a year.",
                usage: "roster report ratings --year Y [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "year", takesValue: true, help: "the year rated")] + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "badges"], summary: "A badge round: members due, overdue and held back by a discipline, by party age (gaps out of the party excluded).",
                usage: "roster report badges --round D [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "round", takesValue: true, help: "the round day: 3/2, 19/5, 2/9 or 7/11 of a year (YYYY-MM-DD or DD/MM/YYYY)")]
                    + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "form"], summary: "Statutory forms: 1 (increase and decrease over a period, against a year earlier) or 3 (the membership on a day).",
                usage: "roster report form 1 --from D1 --to D2 [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]\n       roster report form 3 --at D [--unit U] [--known-at T] [--age-bands B] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "from", takesValue: true, help: "form 1: start of the period (exclusive)"),
                                   OptionSpec(name: "to", takesValue: true, help: "form 1: end of the period (inclusive)"),
                                   OptionSpec(name: "at", takesValue: true, help: "form 3: the day")]
                    + options(["unit", "known-at", "format", "lang", "age-bands"]) + documentOptions, positionals: 1...1),
    CommandSpec(path: ["report", "members"], summary: "The members behind a figure: the members current on a day that match every --where KEY=VALUE.",
                usage: "roster report members --at D [--unit U] [--where KEY=VALUE]… [--known-at T] [--age-bands B] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the day"),
                                   OptionSpec(name: "where", takesValue: true, help: "a filter, repeatable: \(MemberFilter.keys.joined(separator: ", "))")]
                    + options(["unit", "known-at", "format", "lang", "age-bands"]) + documentOptions),
    CommandSpec(path: ["history", "member"], summary: "The audit trail of a member: every event, with recorded times, actors, decisions and retractions.",
                usage: "roster history member M [--format table|json] [--lang en|vi]", options: common + options(["format", "lang"]), positionals: 1...1, formats: ["table", "json"]),
    CommandSpec(path: ["history", "unit"], summary: "The audit trail of a unit.",
                usage: "roster history unit U [--format table|json] [--lang en|vi]", options: common + options(["format", "lang"]), positionals: 1...1, formats: ["table", "json"]),
    CommandSpec(path: ["demo"], summary: "Builds a ledger from the sample events (events/sample) in a temporary directory and prints the 2010 vs 2020 comparison.",
                usage: "roster demo [--format F] [--lang L] [--out FILE] [--narrative]",
                options: [OptionSpec(name: "help", takesValue: false, help: "show this help"),
                          OptionSpec(name: "out", takesValue: true, help: "write the comparison to FILE instead (format from --format; docx needs it)")] + options(["format", "lang"])
                    + [narrativeOption]),
    CommandSpec(path: ["units"], summary: "The unit tree on a date: id, name, kind, category (own or inherited), parent, and the members of each unit with its subtree. Use it to find unit ids.",
                usage: "roster units [--at D] [--unit U] [--known-at T] [--format F] [--lang L]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date (YYYY-MM-DD or DD/MM/YYYY; default today, UTC)")] + options(["unit", "known-at", "format", "lang"]),
                formats: ["table", "json", "csv", "markdown"]),
] + placesPlansCommands + adoptionCommands

/// The groups of commands (`roster report`, `roster history`, `roster import`):
/// their help lists their subcommands.
let groupSummaries: [String: String] = [
    "report": "Reports computed from the ledger, each for a date or a span, the whole ledger or one unit's scope.",
    "history": "The audit trail of one member or one unit.",
    "import": "Builds a batch from a spreadsheet (CSV) and appends it.",
]

func topLevelHelp() -> String {
    var lines = ["roster \(rosterVersion) — an event-sourced membership ledger", "",
                 "usage: roster [--ledger DIR] COMMAND [ARGS…]", "", "commands:"]
    let width = commands.map { $0.path.joined(separator: " ").count }.max()! + 4
    for c in commands {
        let left = "  " + c.path.joined(separator: " ")
        let text = ArgumentParser.wrap(c.summary, width: 79 - width - 2, indent: "")
        lines.append(left + String(repeating: " ", count: width + 2 - left.count) + text[0])
        for more in text.dropFirst() { lines.append(String(repeating: " ", count: width + 2) + more) }
    }
    lines.append("")
    lines += ArgumentParser.wrap("Global options, before or after the command: --ledger DIR (default $ROSTER_LEDGER, else ./roster-ledger), --format F and --lang L (where the command takes them), --help. `roster --version` prints the version. `roster COMMAND --help` describes a command; `roster report --help` lists the reports. Dates are YYYY-MM-DD or DD/MM/YYYY. Exit codes: 0 ok, 1 rejected input or a failed check, 2 usage, 3 damaged ledger.", width: 79, indent: "")
    return lines.joined(separator: "\n")
}

func groupHelp(_ group: String) -> String {
    let members = commands.filter { $0.path.count > 1 && $0.path[0] == group }
    var lines = ["usage: roster \(group) SUBCOMMAND [OPTIONS]", ""]
    lines += ArgumentParser.wrap(groupSummaries[group] ?? "", width: 79, indent: "")
    lines += ["", "subcommands:"]
    let width = members.map { $0.path.dropFirst().joined(separator: " ").count }.max()! + 4
    for c in members {
        let left = "  " + c.path.dropFirst().joined(separator: " ")
        let text = ArgumentParser.wrap(c.summary, width: 79 - width - 2, indent: "")
        lines.append(left + String(repeating: " ", count: width + 2 - left.count) + text[0])
        for more in text.dropFirst() { lines.append(String(repeating: " ", count: width + 2) + more) }
    }
    lines += ["", "`roster \(group) SUBCOMMAND --help` describes one."]
    return lines.joined(separator: "\n")
}

/// Writes all of `bytes` to `fd`. A closed pipe (the reader has gone, as
/// with `roster export | head`) ends the program quietly; any other failure
/// (a full disk: `roster export > /dev/full`) ends it with exit 1 and the
/// system's words for it, so nothing is silently lost.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, what: String = "standard output") {
    guard let base = bytes.baseAddress else { return }
    var off = 0
    while off < bytes.count {
        let n = write(fd, base + off, bytes.count - off)
        if n < 0 {
            let e = errno
            if e == EINTR { continue }
            if e == EPIPE { exit(0) }
            writeErr("roster: write to \(what) failed: \(String(cString: strerror(e)))")
            exit(1)
        }
        off += n
    }
}

func writeOut(_ s: String) {
    var s = s
    s.withUTF8 { writeAll(1, UnsafeRawBufferPointer($0)) }
}

func writeErr(_ s: String) {
    var line = s.hasSuffix("\n") ? s : s + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

// A closed pipe is an error value of write (EPIPE), not a signal.
signal(SIGPIPE, SIG_IGN)
// A write past RLIMIT_FSIZE (a file-size quota) then fails with EFBIG, which
// the store reports and rolls back, instead of killing the process mid-batch.
signal(SIGXFSZ, SIG_IGN)

let argv = CommandLine.arguments
var tool = CLI()
let code = tool.run(Array(argv.dropFirst()))
exit(code)
