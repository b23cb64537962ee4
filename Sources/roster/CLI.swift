import Glibc
import RosterAdoption
import RosterCore
import RosterReports
import RosterStore

/// Dispatches a command line to the library and maps errors to exit codes.
struct CLI {
    func run(_ arguments: [String]) -> Int32 {
        do {
            // Global options may stand before the command (git-style).
            let (leading, rest) = try ArgumentParser.hoistGlobals(arguments)
            if leading.contains("--version") {
                writeOut("roster \(rosterVersion)\n")
                return 0
            }
            let wantsHelp = leading.contains("--help")
            var args = rest
            if args.first == "help" {
                args.removeFirst()
                if !args.isEmpty { args.append("--help") }
            }
            if args.isEmpty {
                if wantsHelp || rest.first == "help" {
                    writeOut(topLevelHelp() + "\n")
                    return 0
                }
                writeErr(topLevelHelp())
                return 2
            }
            // The longest command path that matches.
            guard let command = commands.filter({ Array(args.prefix($0.path.count)) == $0.path })
                .max(by: { $0.path.count < $1.path.count }) else {
                return group(args, help: wantsHelp)
            }
            // The leading options go right after the command's words (before any `--`).
            let tail = Array(leading) + Array(args[command.path.count...])
            let parsed = try ArgumentParser.parse(tail[...], for: command)
            if parsed.has("help") {
                writeOut(ArgumentParser.help(command) + "\n")
                return 0
            }
            return try execute(command, parsed)
        } catch let e as UsageError {
            writeErr(e.message)
            return 2
        } catch let e as StoreError {
            writeErr("roster: \(e)")
            return e.isDamage ? 3 : 1
        } catch let e as LedgerDamage {
            writeErr("roster: the ledger failed verification: \(e.message)")
            return 3
        } catch {
            writeErr("roster: \(error)")
            return 1
        }
    }

    /// `roster report`, `roster report --help`, `roster report snapshto`, or
    /// an unknown command.
    func group(_ args: [String], help: Bool) -> Int32 {
        let groups = Set(commands.filter { $0.path.count > 1 }.map { $0.path[0] })
        if groups.contains(args[0]) {
            let subs = commands.filter { $0.path.count > 1 && $0.path[0] == args[0] }.map { $0.path[1] }
            let rest = args.dropFirst()
            if help || rest.first == "--help" || rest.first == "-h" {
                writeOut(groupHelp(args[0]) + "\n")
                return 0
            }
            if let word = rest.first {
                writeErr("roster \(args[0]): unknown subcommand \(word)\(NearestWord.hint(for: word, among: subs)); expected one of \(subs.joined(separator: ", "))")
            } else {
                writeErr(groupHelp(args[0]))
            }
            return 2
        }
        let words = Array(Set(commands.map { $0.path[0] })).sorted()
        writeErr("roster: unknown command \(args[0])\(NearestWord.hint(for: args[0], among: words)) (roster --help lists the commands)")
        return 2
    }

    /// A file name that says spreadsheet.
    static func looksLikeSpreadsheet(_ path: String) -> Bool {
        let lower = path.lowercased()
        return [".csv", ".tsv", ".xlsx", ".xls", ".ods"].contains { lower.hasSuffix($0) }
    }

    /// A file whose first line does not start like a JSON object but holds
    /// commas or semicolons (a CSV under another name). Standard input is
    /// not re-read.
    static func sniffSpreadsheet(_ path: String) -> Bool {
        guard path != "-", let source = try? FileByteSource(path: path) else { return false }
        defer { source.close() }
        var buf = [UInt8](repeating: 0, count: 512)
        var s = source
        guard let n = try? buf.withUnsafeMutableBytes({ try s.read(into: $0) }), n > 0 else { return false }
        var line = buf[0..<n].prefix(while: { $0 != 0x0A })
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }), first != UInt8(ascii: "{") else { return false }
        return line.contains(UInt8(ascii: ",")) || line.contains(UInt8(ascii: ";"))
    }

    func ledgerDirectory(_ p: ParsedArguments) -> String {
        if let d = p.value("ledger") { return d }
        if let env = getenv("ROSTER_LEDGER"), let s = String(validatingCString: env), !s.isEmpty { return s }
        return "./roster-ledger"
    }

    func date(_ p: ParsedArguments, _ name: String, _ command: CommandSpec) throws -> Day {
        let text = try p.required(name, for: command)
        guard let d = DateArgument.parse(text) else {
            throw UsageError(message: "\(command.name): --\(name): expected a date \(DateArgument.forms) that exists, found \"\(text)\"")
        }
        return d
    }

    func knownAt(_ p: ParsedArguments) throws -> Timestamp? {
        guard let text = knownAtText(p) else { return nil }
        guard let t = Timestamp(rfc3339: text, dateMeansEndOfDay: true) else {
            throw UsageError(message: "--known-at: expected an RFC 3339 time (2023-04-01T07:03:42Z) or a date (\(DateArgument.forms)), found \"\(text)\"")
        }
        return t
    }

    /// `--known-at` as reports print it: a DD/MM/YYYY date is written
    /// YYYY-MM-DD (the same day, through the one date parser).
    func knownAtText(_ p: ParsedArguments) -> String? {
        guard let text = p.value("known-at") else { return nil }
        if Day(iso: text) == nil, let d = DateArgument.parse(text) { return d.description }
        return text
    }

    func format(_ p: ParsedArguments) throws -> OutputFormat {
        guard let text = p.value("format") else { return .table }
        guard let f = OutputFormat(rawValue: text) else {
            throw UsageError(message: "--format: expected one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
        }
        return f
    }

    func language(_ p: ParsedArguments) throws -> Language {
        guard let text = p.value("lang") else { return .en }
        guard let l = Language(rawValue: text) else {
            throw UsageError(message: "--lang: expected en or vi, found \"\(text)\"")
        }
        return l
    }

    /// `--narrative` prints a paragraph of text: table (the default) or markdown.
    func narrativeFormat(_ f: OutputFormat) throws {
        guard f == .table || f == .markdown else {
            throw UsageError(message: "--narrative prints a paragraph of text; it does not combine with --format \(f.rawValue)")
        }
    }

    func ageBands(_ p: ParsedArguments) throws -> AgeBands {
        guard let text = p.value("age-bands") else { return .standard }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
        guard !parts.contains(where: { $0 == nil }), let bands = AgeBands(upperBounds: parts.map { $0! }) else {
            throw UsageError(message: "--age-bands: expected increasing whole numbers from 18 up, like 30,35,40,45,50,55,60; found \"\(text)\"")
        }
        return bands
    }

    static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec))
    }

    /// `--format docx` writes a file: it needs `--out FILE` (usage error otherwise).
    func requireOut(_ p: ParsedArguments, _ f: OutputFormat) throws {
        if f == .docx && p.value("out") == nil {
            throw UsageError(message: "--format docx writes a document file: add --out FILE (for example --out report.docx)")
        }
    }

    /// Writes a report to `--out FILE` (whole or not at all: docs/REPORTS.md)
    /// or to standard output.
    func emit(_ p: ParsedArguments, _ text: String) throws {
        if let out = p.value("out") { try ReportFile.write(text, to: out) } else { writeOut(text) }
    }

    /// Writes a document (bytes) to `--out FILE`; exit 0.
    func emit(_ p: ParsedArguments, _ bytes: [UInt8]) throws -> Int32 {
        try requireOut(p, .docx)
        try ReportFile.write(bytes, to: p.value("out")!)
        return 0
    }

    /// Writes a report in the chosen format: to `--out FILE` or standard
    /// output; `html` and `docx` carry the office letterhead of the report's
    /// `day` and scope `unit`. Every report command ends with this call, so a
    /// new report gets `--out`, the print layout and its DOCX by passing its
    /// two renderers (docs/REPORTS.md, "Documents for an office").
    func output(_ p: ParsedArguments, _ f: OutputFormat, on day: Day, unit: String?,
                text: (Letterhead?) -> String, docx: (Letterhead) -> [UInt8]) throws -> Int32 {
        try requireOut(p, f)
        let head = f.isOffice ? try letterhead(p, on: day, unit: unit) : nil
        if f == .docx { return try emit(p, docx(head!)) }
        try emit(p, text(head))
        return 0
    }

    /// The letterhead of an office document (html, docx) for a report on
    /// `day` scoped to `unit`: names from the ledger's units (as known at
    /// --known-at), the rest from the options, then letterhead.json.
    func letterhead(_ p: ParsedArguments, on day: Day, unit: String?) throws -> Letterhead {
        let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
        defer { ledger.close() }
        let units = try ledger.unitDirectory(knownAt: try knownAt(p))
        var defaults = Letterhead.Defaults()
        if let file = try ledger.letterheadFile() { defaults = try Letterhead.Defaults.parse(file.bytes, file: file.path) }
        var dated = CLI.today()
        if let text = p.value("dated") {
            guard let d = Day(iso: text) else {
                throw UsageError(message: "--dated: expected a date YYYY-MM-DD that exists, found \"\(text)\"")
            }
            dated = d
        }
        let recipients = p.value("recipients").map { list in
            list.split(separator: ";").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }.filter { !$0.isEmpty }
        }
        return Letterhead.make(units: units, unit: unit, on: day, defaults: defaults, place: p.value("place"), dated: dated,
                               number: p.value("number"), signer: p.value("signer"), signerTitle: p.value("signer-title"),
                               recipients: recipients)
    }

    /// A reporter over the ledger as known now, or as known at `--known-at`.
    func reporter(_ p: ParsedArguments) throws -> Reporter {
        let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
        defer { ledger.close() }
        return try ledger.reporter(knownAt: try knownAt(p), knownAtText: knownAtText(p))
    }

    /// The scope unit's name on `day`, for headings (nil without --unit, or
    /// for JSON, which prints ids only).
    func scopeName(_ p: ParsedArguments, _ reporter: Reporter, on day: Day, format: OutputFormat) throws -> String? {
        guard let unit = p.value("unit"), format != .json else { return nil }
        let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
        defer { ledger.close() }
        return try ledger.unitName(unit, on: day, timeline: reporter.timeline())
    }

    func execute(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        switch command.path {
        case ["init"]:
            let dir = ledgerDirectory(p)
            try Ledger.create(directory: dir)
            writeOut("created an empty ledger in \(dir)\n")
        case ["append"]:
            // A spreadsheet is not JSON Lines: say which command reads it.
            if let sheet = p.positionals.first(where: { CLI.looksLikeSpreadsheet($0) }) {
                writeErr("roster append: \(sheet) is a spreadsheet (CSV); append reads JSON Lines events. `roster import units|members \(sheet)` reads spreadsheets (docs/ADOPTION.md)")
                return 1
            }
            let ledger = try Ledger.openForWriting(directory: ledgerDirectory(p))
            defer { ledger.close() }
            if let r = ledger.recovery { writeErr("roster: recovered: \(r)") }
            var sources: [FileByteSource] = []
            defer { sources.forEach { $0.close() } }
            for path in p.positionals { sources.append(try FileByteSource(path: path)) }
            let inputs = zip(p.positionals, sources).map { BatchInput(name: $0 == "-" ? "<stdin>" : $0, source: $1) }
            let result: AppendResult
            do {
                result = try ledger.append(inputs, now: CLI.now())
            } catch let e as AppendRejected where e.isNotJSON && p.positionals.contains(where: { CLI.sniffSpreadsheet($0) }) {
                writeErr("roster: \(e.message)\n(the input looks like a spreadsheet: `roster import units|members FILE` reads spreadsheets)")
                return 1
            }
            for name in result.emptyInputs { writeErr("roster append: warning: \(name) has no events") }
            writeOut("added \(result.added) events, skipped \(result.skipped) duplicates; head seq \(result.head.seq) hash \(result.head.hash.hex)\n")
        case ["export"]:
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            try ledger.export(knownAt: try knownAt(p)) { bytes in
                bytes.withUnsafeBytes { writeAll(1, $0) }
            }
        case ["verify"]:
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let r = try ledger.verify()
            writeOut("ok: \(r.events) events, head seq \(r.head.seq) hash \(r.head.hash.hex)\n")
        case ["report", "snapshot"]:
            let at = try date(p, "at", command)
            let (f, l, bands) = (try format(p), try language(p), try ageBands(p))
            try requireOut(p, f)
            let reporter = try reporter(p)
            var r = try reporter.snapshot(at: at, unit: p.value("unit"), bands: bands)
            r.provenance.unitName = try scopeName(p, reporter, on: at, format: f)
            return try output(p, f, on: at, unit: r.unit, text: { Render.snapshot(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "flows"]:
            let (from, to) = (try date(p, "from", command), try date(p, "to", command))
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let reporter = try reporter(p)
            var r = try reporter.flows(from: from, to: to, unit: p.value("unit"))
            r.provenance.unitName = try scopeName(p, reporter, on: to, format: f)
            return try output(p, f, on: to, unit: r.unit, text: { Render.flows(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "compare"]:
            let (from, to) = (try date(p, "from", command), try date(p, "to", command))
            let (f, l, bands) = (try format(p), try language(p), try ageBands(p))
            if p.has("narrative") { try narrativeFormat(f) }
            try requireOut(p, f)
            let reporter = try reporter(p)
            var r = try reporter.compare(from: from, to: to, unit: p.value("unit"), bands: bands)
            let name = try scopeName(p, reporter, on: to, format: f)
            r.from.provenance.unitName = name
            r.to.provenance.unitName = name
            r.flows.provenance.unitName = name
            if p.has("narrative") {
                try emit(p, Render.narrative(r, language: l))
                return 0
            }
            // The page also shows members over time between the two dates; the document opens with the narrative.
            let series = f == .html
                ? try reporter.series(from: from, to: to, every: Render.overviewInterval(from: from, to: to), unit: p.value("unit")) : nil
            return try output(p, f, on: to, unit: r.to.unit, text: { Render.compare(r, format: f, language: l, series: series, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "series"]:
            let (from, to) = (try date(p, "from", command), try date(p, "to", command))
            let text = try p.required("every", for: command)
            guard let every = SeriesInterval(rawValue: text) else {
                throw UsageError(message: "--every: expected month, quarter or year, found \"\(text)\"" + NearestWord.hint(for: text, among: ["month", "quarter", "year"]))
            }
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let reporter = try reporter(p)
            var r = try reporter.series(from: from, to: to, every: every, unit: p.value("unit"))
            r.provenance.unitName = try scopeName(p, reporter, on: to, format: f)
            return try output(p, f, on: to, unit: r.unit, text: { Render.series(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "ratings"]:
            let text = try p.required("year", for: command)
            guard let year = Int(text), RuleConstants.years.contains(year) else {
                throw UsageError(message: "--year: expected a year like 2020, found \"\(text)\"")
            }
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let reporter = try reporter(p)
            var r = try reporter.ratings(year: year, unit: p.value("unit"))
            r.provenance.unitName = try scopeName(p, reporter, on: Day(year: year, month: 12, day: 31)!, format: f)
            return try output(p, f, on: Day(year: year, month: 12, day: 31)!, unit: r.unit,
                              text: { Render.ratings(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "badges"], ["report", "form"], ["report", "members"]:
            return try executeOfficers(command, p)
        case ["history", "member"], ["history", "unit"]:
            let (f, l) = (try format(p), try language(p))
            if f == .docx { throw UsageError(message: "roster history: --format docx is for reports; expected table or json") }
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let h = try ledger.history(of: command.path[1] == "member" ? .member : .unit, id: p.positionals[0])
            // Only the units the history names, from their own audit trails
            // (the entity index): the cost stays with what the trail touches.
            var shown = Set<String>()
            if command.path[1] == "unit" { shown.insert(h.id) }
            for e in h.entries { shown.formUnion(e.event.body.unitsNamed) }
            let names = try ledger.unitNames(shown)
            let title = command.path[1] == "unit" ? names.name(of: h.id, on: CLI.today()).map { "\($0) (\(h.id))" } : nil
            writeOut(Render.history(h, format: f, language: l, unitLabel: { names.label($0, on: $1) }, title: title))
        case ["import", "units"], ["import", "members"], ["record"], ["check"], ["export", "members"]:
            return try executeAdoption(command, p)
        case ["units"]:
            let at = p.value("at") == nil ? CLI.today() : try date(p, "at", command)
            let f = try format(p)
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let reporter = try ledger.reporter(knownAt: try knownAt(p), knownAtText: knownAtText(p))
            let timeline = try reporter.timeline()
            let list = try timeline.unitList(at: at, unit: p.value("unit"), directory: try ledger.unitDirectory(units: nil, timeline: timeline),
                                             provenance: reporter.provenance)
            writeOut(Render.unitList(list, format: f, language: try language(p)))
        case ["report", "places"], ["report", "progress"], ["import", "places"]:
            return try executePlacesPlans(command, p)
        case ["demo"]:
            let f = try format(p)
            if p.has("narrative") { try narrativeFormat(f) }
            try requireOut(p, f)
            return try Demo.run(format: f, language: try language(p), out: p.value("out"), narrative: p.has("narrative"))
        default:
            throw UsageError(message: "roster: unknown command")
        }
        return 0
    }
}
