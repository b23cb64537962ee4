import RosterCore
import RosterReports
import RosterStore

// Places and plans: `roster report places`, `roster report progress`,
// `roster import places` (docs/REPORTS.md, docs/ADOPTION.md).

let placesPlansCommands: [CommandSpec] = [
    CommandSpec(path: ["report", "places"], summary: "Places (villages, schools, health stations, …) by kind: open, with a cell, with members; the places without a cell.",
                usage: "roster report places --at D [--unit U] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date (YYYY-MM-DD or DD/MM/YYYY)")] + options(["unit", "known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["report", "progress"], summary: "A plan's targets against the ledger for a year, or for every year of the plan.",
                usage: "roster report progress --plan P [--year Y] [--known-at T] [--format F] [--lang L] [--out FILE]",
                options: common + [OptionSpec(name: "plan", takesValue: true, help: "the plan id (as adopted by plan.adopted)"),
                                   OptionSpec(name: "year", takesValue: true, help: "a year of the plan; without it, every year of the plan, one column each")]
                    + options(["known-at", "format", "lang"]) + documentOptions),
    CommandSpec(path: ["import", "places"], summary: "Registers the places of a CSV list (one atomic batch). Columns: docs/ADOPTION.md.",
                usage: "roster import places FILE.csv [--as-of D] [--dry-run] [--actor A]",
                options: common + [OptionSpec(name: "as-of", takesValue: true, help: "the registration date (when the file has no registered column)"),
                                   OptionSpec(name: "dry-run", takesValue: false, help: "print the events (JSON Lines) instead of appending them"),
                                   OptionSpec(name: "actor", takesValue: true, help: "who records the import")],
                positionals: 1...1),
]

extension Demo {
    /// What else the sample answers, printed after the comparison.
    static let placesPlansHint = """
        demo: the sample also has places and plans; on a ledger of events/sample try
          roster report places --at 2022-12-31 --lang vi          (villages, schools, health stations without a cell)
          roster report progress --plan NQ-DH-XX --year 2022      (the province's 2021–2025 targets; without --year: every year)
        """
}

extension CLI {
    func executePlacesPlans(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        switch command.path {
        case ["report", "places"]:
            let at = try date(p, "at", command)
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let r = try reporter(p).places(at: at, unit: p.value("unit"))
            return try output(p, f, on: at, unit: p.value("unit"), text: { _ in Render.places(r, format: f, language: l) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "progress"]:
            let plan = try p.required("plan", for: command)
            var year: Int?
            if let text = p.value("year") {
                guard let y = Int(text), RuleConstants.years.contains(y) else {
                    throw UsageError(message: "--year: expected a year like 2022, found \"\(text)\"")
                }
                year = y
            }
            let (f, l) = (try format(p), try language(p))
            // Which years of the whole plan are still to come: as of --known-at, else today.
            let today = try knownAt(p).map { Day(number: Int32($0.seconds / 86_400)) } ?? CLI.today()
            try requireOut(p, f)
            let r = try reporter(p).progress(plan: plan, year: year, today: today)
            let day = year.flatMap { Day(year: $0, month: 12, day: 31) } ?? today
            return try output(p, f, on: day, unit: r.unit, text: { _ in Render.progress(r, format: f, language: l) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["import", "places"]:
            return try importFile(command, p)
        default:
            throw UsageError(message: "roster: unknown command")
        }
        return 0
    }
}
