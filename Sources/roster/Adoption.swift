import Glibc
import RosterAdoption
import RosterCore
import RosterReports
import RosterStore

// Adoption: `roster import units|members`, `roster record KIND`,
// `roster check`, `roster export members` (docs/ADOPTION.md).

let adoptionCommands: [CommandSpec] = [
    CommandSpec(path: ["import", "units"], summary: "Establishes the units of a CSV unit list (one atomic batch). Columns: docs/ADOPTION.md.",
                usage: "roster import units FILE.csv [--as-of D] [--dry-run] [--actor A]",
                options: common + [OptionSpec(name: "as-of", takesValue: true, help: "the date the units are established when the file has no established column (YYYY-MM-DD or DD/MM/YYYY)"),
                                   OptionSpec(name: "dry-run", takesValue: false, help: "check the batch against the whole ledger exactly as the real run would, print the events that would be appended and the head they would give; write nothing"),
                                   OptionSpec(name: "actor", takesValue: true, help: "who records the import")],
                positionals: 1...1),
    CommandSpec(path: ["import", "members"], summary: "Registers the members of a CSV member list as of a date (one atomic batch). Columns: docs/ADOPTION.md.",
                usage: "roster import members FILE.csv --as-of D [--status full|probationary] [--dry-run] [--actor A]",
                options: common + [OptionSpec(name: "as-of", takesValue: true, help: "the opening-balance date (YYYY-MM-DD or DD/MM/YYYY)"),
                                   OptionSpec(name: "status", takesValue: true, help: "full or probationary: the status of every row that gives none (without it such a row is an error)"),
                                   OptionSpec(name: "dry-run", takesValue: false, help: "check the batch against the whole ledger exactly as the real run would, print the events that would be appended and the head they would give; write nothing"),
                                   OptionSpec(name: "actor", takesValue: true, help: "who records the import")],
                positionals: 1...1),
    CommandSpec(path: ["record"], summary: "Records one decision from flags; prints the appended event with its seq. KIND: \(RecordEvent.kindNames.joined(separator: ", ")); or in Vietnamese (any case, spaces or hyphens): \(RecordEvent.vietnameseKindHelp).",
                usage: "roster record KIND --date D [--member M] [--unit U | --to U] [--decision N] [--note T] [--actor A] [--id ID] [--dry-run] …",
                options: common + [OptionSpec(name: "dry-run", takesValue: false, help: "check the event against the whole ledger exactly as the real run would, print it with the seq it would get; write nothing"),
                                   OptionSpec(name: "lang", takesValue: true, help: "en (default) or vi: also say in words what was recorded (on standard error)")]
                    + RecordEvent.allFlags.map { OptionSpec(name: $0, takesValue: true, help: recordFlagHelp[$0] ?? "") },
                positionals: 1...1),
    CommandSpec(path: ["check"], summary: "The Charter's soft rules on a date, as warnings (exit 0 even with warnings).",
                usage: "roster check [--at D] [--unit U] [--known-at T] [--format table|json] [--lang en|vi]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date (YYYY-MM-DD or DD/MM/YYYY; default today, UTC)")] + options(["unit", "known-at", "format", "lang"]),
                formats: ["table", "json"]),
    CommandSpec(path: ["export", "members"], summary: "The member list on a date as CSV, in the import's columns.",
                usage: "roster export members --at D [--unit U] [--known-at T] [--format csv] [--lang en|vi]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date (YYYY-MM-DD or DD/MM/YYYY)")] + options(["unit", "known-at", "format"])
                    + [OptionSpec(name: "lang", takesValue: true, help: "en: English headers, ISO dates (default); vi: Vietnamese headers and values, dd/mm/yyyy, with a BOM")],
                formats: ["csv"]),
]

let recordFlagHelp: [String: String] = [
    "id": "the event id (default rec-<seconds>-<random>)",
    "date": "the date the decision takes effect (YYYY-MM-DD or dd/mm/yyyy)",
    "decision": "the decision number, e.g. 45-QĐ/ĐUK",
    "note": "free text", "actor": "who records it",
    "member": "the member id", "unit": "the unit (cell joined, or the unit acted on)",
    "to": "transfer: the target cell; transfer-out: where to (free text)",
    "name": "name (person or unit)", "birth-date": "birth date", "gender": "male/female (Nam/Nữ)",
    "ethnicity": "ethnicity", "religion": "religion",
    "education": "postgraduate, university, college, intermediate, basic (or Vietnamese)",
    "theory": "advanced, intermediate, elementary, none (or Vietnamese)",
    "status": "transfer-in: full or probationary", "admitted": "transfer-in: admission date", "from": "transfer-in: where from",
    "reason": "strike-off: abandoned-activities, not-transferred, probation-not-confirmed, other; retraction: free text",
    "penalty": "reprimand, warning, dismissal", "year": "rating year", "rating": "the rating",
    "kind": "unit kind", "category": "unit category", "parent": "parent unit", "units": "unit-merge: units, comma-separated",
    "into": "unit-merge: the surviving unit", "target": "retraction: the event id retracted",
    "badge": "award: the badge's years of party age (30, 40, 45, … 90)",
    "place": "place-register/place-close: the place id; unit-establish/unit-reclassify: the place the unit is organised in",
]

extension CLI {
    /// Reads a whole file ("-" is standard input).
    func readAll(_ path: String) throws -> [UInt8] {
        var source = try FileByteSource(path: path)
        defer { source.close() }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    static func today() -> Day { Day(number: Int32(now().seconds / 86_400)) }

    func executeAdoption(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        switch command.path {
        case ["import", "units"], ["import", "members"]:
            return try importFile(command, p)
        case ["record"]:
            return try record(command, p)
        case ["check"]:
            let at = p.value("at") == nil ? CLI.today() : try date(p, "at", command)
            let f = try format(p)   // table or json: the parser refuses the rest
            // Warnings name members, so the timeline comes from the log (the
            // index cache keeps no member ids).
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let r = try ledger.reporter(knownAt: try knownAt(p), knownAtText: knownAtText(p), useCache: false)
            let report = try CharterCheck.run(timeline: r.timeline(), at: at, unit: p.value("unit"), provenance: r.provenance)
            if f == .json {
                writeOut(AdoptionRender.checkJSON(report).serialized() + "\n")
            } else {
                // Units shown with their names on the date (a second pass over the log, which this command reads whole anyway).
                let timeline = try r.timeline()
                let names = try ledger.unitDirectory(units: Set(report.warnings.map(\.unit) + (report.unit.map { [$0] } ?? [])), timeline: timeline)
                writeOut(Render.check(report, language: try language(p)) { names.label($0, on: at, retracted: timeline.retracted, limit: timeline.limit) })
            }
            return 0
        case ["export", "members"]:
            let at = try date(p, "at", command)
            let lang = try language(p)
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let reporter = try ledger.reporter(knownAt: try knownAt(p), knownAtText: knownAtText(p), useCache: false)
            let directory = try ledger.memberDirectory()
            let rows = try Adoption.memberRows(timeline: reporter.timeline(), directory: directory, at: at, unit: p.value("unit"),
                                               language: lang == .vi ? .vi : .en)
            writeOut((lang == .vi ? "\u{FEFF}" : "") + CSV.write(rows))
            return 0
        default:
            throw UsageError(message: "roster: unknown command")
        }
    }

    func importFile(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        let what = command.path[1]
        let path = p.positionals[0]
        let name = path == "-" ? "<stdin>" : path
        var asOf: Day? = nil
        if p.value("as-of") != nil || what == "members" { asOf = try date(p, "as-of", command) }
        let records: [CSVRecord]
        do {
            records = try CSV.parse(try readAll(path))
        } catch let e as CSVError {
            writeErr("roster import \(what): \(name) row \(e.row): \(e.message)")
            return 1
        }
        var defaultStatus: MemberStatus? = nil
        if let text = p.value("status") {
            guard what == "members", let st = MemberStatus(rawValue: text) else {
                throw UsageError(message: "\(command.name): --status: expected full or probationary, found \"\(text)\"" + NearestWord.hint(for: text, among: ["full", "probationary"]))
            }
            defaultStatus = st
        }
        let plan: ImportPlan
        switch makePlan(what, records, asOf: asOf, file: name, actor: p.value("actor"), defaultStatus: defaultStatus) {
        case .success(let made):
            plan = made
        case .failure(let e):
            writeErr("roster import \(what): refused, nothing written (\(e.messages.count) problem\(e.messages.count == 1 ? "" : "s")):")
            for m in e.messages { writeErr("  " + m) }
            return 1
        }
        let text = plan.jsonLines
        let dryRun = p.has("dry-run")
        let ledger = try Ledger.openForWriting(directory: ledgerDirectory(p))
        defer { ledger.close() }
        if let r = ledger.recovery { writeErr("roster: recovered: \(r)") }
        do {
            // A dry run is the same append, checked against the whole
            // timeline, and then dropped.
            let result = try ledger.append([BatchInput(name: name, source: BytesSource(Array(text.utf8)))], now: CLI.now(), dryRun: dryRun)
            if dryRun {
                writeOut(text)
                writeErr("roster import \(what): dry run: \(plan.items.count) \(what) from \(name) would add \(result.added) events, skip \(result.skipped) duplicates; head would be seq \(result.head.seq) hash \(result.head.hash.hex); nothing written")
            } else {
                writeOut("imported \(plan.items.count) \(what) from \(name): added \(result.added) events, skipped \(result.skipped) duplicates; head seq \(result.head.seq) hash \(result.head.hash.hex)\n")
            }
        } catch let e as AppendRejected {
            let message = e.message { input, line in
                input == name ? plan.row(ofLine: line).map { "\(input) row \($0)" } ?? "\(input) line \(line)" : "\(input) line \(line)"
            }
            writeErr("roster import \(what): refused\(dryRun ? " (dry run)" : ""), nothing written: \(message)")
            return 1
        }
        return 0
    }

    func makePlan(_ what: String, _ records: [CSVRecord], asOf: Day?, file: String, actor: String?, defaultStatus: MemberStatus?) -> Result<ImportPlan, ImportError> {
        do {
            if what == "members" { return .success(try Adoption.members(records, asOf: asOf!, file: file, actor: actor, defaultStatus: defaultStatus)) }
            if what == "places" { return .success(try Adoption.places(records, asOf: asOf, file: file, actor: actor)) }
            return .success(try Adoption.units(records, asOf: asOf, file: file, actor: actor))
        } catch {
            return .failure(error)
        }
    }

    func record(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        // The kind as typed, English or Vietnamese; messages name it in English.
        let kind = RecordEvent.kindName(p.positionals[0]) ?? p.positionals[0]
        var values = p.values
        values["ledger"] = nil
        values["lang"] = nil
        let lang = try language(p)
        if values["id"] == nil {
            values["id"] = "rec-\(CLI.now().seconds)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        }
        let fields: JSONObject
        do {
            fields = try RecordEvent.build(kind: kind, values: values)
        } catch {
            throw UsageError(message: "roster record \(kind): \(error.message)\nusage: \(command.usage)")
        }
        let line = RecordEvent.line(fields)
        let dryRun = p.has("dry-run")
        let ledger = try Ledger.openForWriting(directory: ledgerDirectory(p))
        defer { ledger.close() }
        if let r = ledger.recovery { writeErr("roster: recovered: \(r)") }
        let result: AppendResult
        do {
            // A dry run checks the event against the whole timeline exactly
            // as the real append does, and drops it.
            result = try ledger.append([BatchInput(name: "record", source: BytesSource(Array((line + "\n").utf8)))], now: CLI.now(), dryRun: dryRun)
        } catch let e as AppendRejected {
            let message = e.input == "record" && e.line == 1 && e.eventID == values["id"]! ? e.detail : e.message
            writeErr("roster record \(kind): \(dryRun ? "dry run: would be " : "")rejected \(values["id"]!): \(message)")
            return 1
        }
        if result.added == 0 {
            let id = values["id"]!
            writeErr("roster record \(kind): event \(id) is already in the ledger with the same content; nothing \(dryRun ? "would be " : "")added")
            if let existing = try ledger.exportLine(id: id) { writeOut(existing + "\n") }
            return 0
        }
        if dryRun {
            writeOut(line + "\n")
            writeErr("roster record \(kind): dry run: the event passes every rule; it would be seq \(result.head.seq), head hash \(result.head.hash.hex); nothing written")
            return 0
        }
        if let echoed = try ledger.headLine() {
            writeOut(echoed + "\n")
            // The line stays JSON for scripts; --lang vi also says what was recorded, in Vietnamese.
            if lang == .vi, let value = try? JSONParser.parse(Array(echoed.utf8)),
               let decoded = try? EventDecoder.decode(value) {
                let e = decoded.event
                let about = e.body.member ?? e.body.units.first ?? ""
                writeErr("đã ghi seq \(result.head.seq): \(about) \(Render.summaryVietnamese(e)), ngày \(Localizer(.vi).date(e.effective))")
            }
        }
        if let names = try? recordUnitNames(fields, ledger: ledger), !names.isEmpty { writeErr(names) }
        return 0
    }
}

extension CLI {
    /// "unit C-7 is Chi bộ Thôn 3 (C-7)", for the units a recorded event
    /// names, as of its date (a line on standard error after the echo).
    func recordUnitNames(_ fields: JSONObject, ledger: Ledger) throws -> String {
        var ids: [String] = []
        for key in ["unit", "to", "parent", "into"] { if case .string(let u)? = fields[key] { ids.append(u) } }
        if case .array(let list)? = fields["units"] { for case .string(let u) in list { ids.append(u) } }
        guard !ids.isEmpty, case .string(let text)? = fields["effective"], let day = Day(iso: text) else { return "" }
        let directory = try ledger.unitDirectory(units: Set(ids), timeline: try ledger.reporter(knownAt: nil, knownAtText: nil).timeline())
        let labels = ids.compactMap { id in directory.name(of: id, on: day).map { "\(id): \($0)" } }
        return labels.isEmpty ? "" : "units: " + labels.joined(separator: "; ")
    }
}

enum AdoptionRender {
    static func checkJSON(_ r: CharterCheckReport) -> JSONOutput {
        .object([
            ("at", .string(r.at.description)),
            ("unit", r.unit.map { .string($0) } ?? .null),
            ("knownAt", r.provenance.knownAt.map { .string($0) } ?? .null),
            ("ledger", .object([("seq", .int(Int(r.provenance.ledger.seq))), ("hash", .string(r.provenance.ledger.hash.hex))])),
            ("count", .int(r.warnings.count)),
            ("warnings", .array(r.warnings.map { w in
                .object([
                    ("code", .string(w.code.rawValue)),
                    ("unit", .string(w.unit)),
                    ("member", w.subjectKind == "member" ? .string(w.subject) : .null),
                    ("message", .string(w.message)),
                ])
            })),
        ])
    }
}
