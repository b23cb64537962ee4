import Glibc
import RosterCore
import RosterReports
import RosterStore

/// Dispatches a command line to the library and maps errors to exit codes.
struct CLI {
    func run(_ args: [String]) -> Int32 {
        if args.isEmpty || args == ["--help"] || args == ["help"] || args == ["-h"] {
            writeOut(topLevelHelp() + "\n")
            return args.isEmpty ? 2 : 0
        }
        // The longest command path that matches.
        guard let command = commands.filter({ Array(args.prefix($0.path.count)) == $0.path })
            .max(by: { $0.path.count < $1.path.count }) else {
            if let group = commands.first(where: { $0.path.first == args[0] && $0.path.count > 1 }) {
                let subs = commands.filter { $0.path.first == group.path[0] }.map { $0.path[1] }
                writeErr("roster \(args[0]): expected one of \(subs.joined(separator: ", "))\(args.count > 1 ? ", found \(args[1])" : "")")
            } else {
                writeErr("roster: unknown command \(args[0])\n\n" + topLevelHelp())
            }
            return 2
        }
        do {
            let parsed = try ArgumentParser.parse(args[command.path.count...], for: command)
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

    func ledgerDirectory(_ p: ParsedArguments) -> String {
        if let d = p.value("ledger") { return d }
        if let env = getenv("ROSTER_LEDGER"), let s = String(validatingCString: env), !s.isEmpty { return s }
        return "./roster-ledger"
    }

    func date(_ p: ParsedArguments, _ name: String, _ command: CommandSpec) throws -> Day {
        let text = try p.required(name, for: command)
        guard let d = Day(iso: text) else {
            throw UsageError(message: "roster \(command.path.joined(separator: " ")): --\(name): expected a date YYYY-MM-DD that exists, found \"\(text)\"")
        }
        return d
    }

    func knownAt(_ p: ParsedArguments) throws -> Timestamp? {
        guard let text = p.value("known-at") else { return nil }
        guard let t = Timestamp(rfc3339: text, dateMeansEndOfDay: true) else {
            throw UsageError(message: "--known-at: expected an RFC 3339 time (2023-04-01T07:03:42Z) or a date (YYYY-MM-DD), found \"\(text)\"")
        }
        return t
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
        return try ledger.reporter(knownAt: try knownAt(p), knownAtText: p.value("known-at"))
    }

    func execute(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        switch command.path {
        case ["init"]:
            let dir = ledgerDirectory(p)
            try Ledger.create(directory: dir)
            writeOut("created an empty ledger in \(dir)\n")
        case ["append"]:
            let ledger = try Ledger.openForWriting(directory: ledgerDirectory(p))
            defer { ledger.close() }
            if let r = ledger.recovery { writeErr("roster: recovered: \(r)") }
            var sources: [FileByteSource] = []
            defer { sources.forEach { $0.close() } }
            for path in p.positionals { sources.append(try FileByteSource(path: path)) }
            let inputs = zip(p.positionals, sources).map { BatchInput(name: $0 == "-" ? "<stdin>" : $0, source: $1) }
            let result = try ledger.append(inputs, now: CLI.now())
            writeOut("added \(result.added) events, skipped \(result.skipped) duplicates; head seq \(result.head.seq) hash \(result.head.hash.hex)\n")
        case ["export"]:
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            try ledger.export(knownAt: try knownAt(p)) { bytes in
                bytes.withUnsafeBytes { buf in
                    var off = 0
                    while off < buf.count {
                        let n = write(1, buf.baseAddress! + off, buf.count - off)
                        if n <= 0 { if errno == EINTR { continue }; break }
                        off += n
                    }
                }
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
            let r = try reporter(p).snapshot(at: at, unit: p.value("unit"), bands: bands)
            return try output(p, f, on: at, unit: r.unit, text: { Render.snapshot(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "flows"]:
            let (from, to) = (try date(p, "from", command), try date(p, "to", command))
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let r = try reporter(p).flows(from: from, to: to, unit: p.value("unit"))
            return try output(p, f, on: to, unit: r.unit, text: { Render.flows(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "compare"]:
            let (from, to) = (try date(p, "from", command), try date(p, "to", command))
            let (f, l, bands) = (try format(p), try language(p), try ageBands(p))
            if p.has("narrative") { try narrativeFormat(f) }
            try requireOut(p, f)
            let reporter = try reporter(p)
            let r = try reporter.compare(from: from, to: to, unit: p.value("unit"), bands: bands)
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
                throw UsageError(message: "--every: expected month, quarter or year, found \"\(text)\"")
            }
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let r = try reporter(p).series(from: from, to: to, every: every, unit: p.value("unit"))
            return try output(p, f, on: to, unit: r.unit, text: { Render.series(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "ratings"]:
            let text = try p.required("year", for: command)
            guard let year = Int(text), (1900...2999).contains(year) else {
                throw UsageError(message: "--year: expected a year like 2020, found \"\(text)\"")
            }
            let (f, l) = (try format(p), try language(p))
            try requireOut(p, f)
            let r = try reporter(p).ratings(year: year, unit: p.value("unit"))
            return try output(p, f, on: Day(year: year, month: 12, day: 31)!, unit: r.unit,
                              text: { Render.ratings(r, format: f, language: l, letterhead: $0) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["history", "member"], ["history", "unit"]:
            let (f, l) = (try format(p), try language(p))
            if f == .docx { throw UsageError(message: "roster history: --format docx is for reports; expected table or json") }
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let h = try ledger.history(of: command.path[1] == "member" ? .member : .unit, id: p.positionals[0])
            writeOut(Render.history(h, format: f, language: l))
        case ["import", "units"], ["import", "members"], ["record"], ["check"], ["export", "members"]:
            return try executeAdoption(command, p)
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
