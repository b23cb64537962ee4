import Glibc
import RosterCore
import RosterReports
import RosterStore

// Adoption: `roster import units|members`, `roster record KIND`,
// `roster check`, `roster export members` (docs/ADOPTION.md).

let adoptionCommands: [CommandSpec] = [
    CommandSpec(path: ["import", "units"], summary: "Establishes the units of a CSV unit list (one atomic batch). Columns: docs/ADOPTION.md.",
                usage: "roster import units FILE.csv [--as-of D] [--dry-run] [--actor A]",
                options: common + [OptionSpec(name: "as-of", takesValue: true, help: "the date the units are established (when the file has no established column)"),
                                   OptionSpec(name: "dry-run", takesValue: false, help: "print the events (JSON Lines) instead of appending them"),
                                   OptionSpec(name: "actor", takesValue: true, help: "who records the import")],
                positionals: 1...1),
    CommandSpec(path: ["import", "members"], summary: "Registers the members of a CSV member list as of a date (one atomic batch). Columns: docs/ADOPTION.md.",
                usage: "roster import members FILE.csv --as-of D [--dry-run] [--actor A]",
                options: common + [OptionSpec(name: "as-of", takesValue: true, help: "the opening-balance date, YYYY-MM-DD"),
                                   OptionSpec(name: "dry-run", takesValue: false, help: "print the events (JSON Lines) instead of appending them"),
                                   OptionSpec(name: "actor", takesValue: true, help: "who records the import")],
                positionals: 1...1),
    CommandSpec(path: ["record"], summary: "Records one decision from flags; prints the appended event with its seq. KIND: \(RecordEvent.kindNames.joined(separator: ", ")).",
                usage: "roster record KIND --date D [--member M] [--unit U | --to U] [--decision N] [--note T] [--actor A] [--id ID] [--dry-run] …",
                options: common + [OptionSpec(name: "dry-run", takesValue: false, help: "print the event instead of appending it"),
                                   OptionSpec(name: "lang", takesValue: true, help: "en (default) or vi: also say in words what was recorded (on standard error)")]
                    + RecordEvent.allFlags.map { OptionSpec(name: $0, takesValue: true, help: recordFlagHelp[$0] ?? "") },
                positionals: 1...1),
    CommandSpec(path: ["check"], summary: "The Charter's soft rules on a date, as warnings (exit 0 even with warnings).",
                usage: "roster check [--at D] [--unit U] [--known-at T] [--format table|json]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date (default today, UTC)")] + options(["unit", "known-at", "format"])),
    CommandSpec(path: ["export", "members"], summary: "The member list on a date as CSV, in the import's columns.",
                usage: "roster export members --at D [--unit U] [--known-at T] [--format csv] [--lang en|vi]",
                options: common + [OptionSpec(name: "at", takesValue: true, help: "the date, YYYY-MM-DD")] + options(["unit", "known-at", "format"])
                    + [OptionSpec(name: "lang", takesValue: true, help: "en: English headers, ISO dates (default); vi: Vietnamese headers and values, dd/mm/yyyy, with a BOM")]),
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
            let f = try format(p)
            guard f == .table || f == .json else {
                throw UsageError(message: "roster check: --format: expected table or json, found \"\(f.rawValue)\"")
            }
            // Warnings name members, so the timeline comes from the log (the
            // index cache keeps no member ids).
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let r = try ledger.reporter(knownAt: try knownAt(p), knownAtText: p.value("known-at"), useCache: false)
            let report = try CharterCheck.run(timeline: r.timeline(), at: at, unit: p.value("unit"), provenance: r.provenance)
            writeOut(f == .json ? AdoptionRender.checkJSON(report).serialized() + "\n" : AdoptionRender.checkTable(report))
            return 0
        case ["export", "members"]:
            let at = try date(p, "at", command)
            if let f = p.value("format"), f != "csv" {
                throw UsageError(message: "roster export members: --format: only csv, found \"\(f)\"")
            }
            let lang = try language(p)
            let ledger = try Ledger.openForReading(directory: ledgerDirectory(p))
            defer { ledger.close() }
            let reporter = try ledger.reporter(knownAt: try knownAt(p), knownAtText: p.value("known-at"), useCache: false)
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
        let plan: ImportPlan
        switch makePlan(what, records, asOf: asOf, file: name, actor: p.value("actor")) {
        case .success(let made):
            plan = made
        case .failure(let e):
            writeErr("roster import \(what): refused, nothing written (\(e.messages.count) problem\(e.messages.count == 1 ? "" : "s")):")
            for m in e.messages { writeErr("  " + m) }
            return 1
        }
        let text = plan.jsonLines
        if p.has("dry-run") {
            writeOut(text)
            return 0
        }
        let ledger = try Ledger.openForWriting(directory: ledgerDirectory(p))
        defer { ledger.close() }
        if let r = ledger.recovery { writeErr("roster: recovered: \(r)") }
        do {
            let result = try ledger.append([BatchInput(name: name, source: BytesSource(Array(text.utf8)))], now: CLI.now())
            writeOut("imported \(plan.items.count) \(what) from \(name): added \(result.added) events, skipped \(result.skipped) duplicates; head seq \(result.head.seq) hash \(result.head.hash.hex)\n")
        } catch let e as AppendRejected {
            writeErr("roster import \(what): refused, nothing written: \(Adoption.rowMessage(e.message, plan: plan, file: name))")
            return 1
        }
        return 0
    }

    func makePlan(_ what: String, _ records: [CSVRecord], asOf: Day?, file: String, actor: String?) -> Result<ImportPlan, ImportError> {
        do {
            if what == "members" { return .success(try Adoption.members(records, asOf: asOf!, file: file, actor: actor)) }
            return .success(try Adoption.units(records, asOf: asOf, file: file, actor: actor))
        } catch {
            return .failure(error)
        }
    }

    func record(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        let kind = p.positionals[0]
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
        if p.has("dry-run") {
            writeOut(line + "\n")
            return 0
        }
        let ledger = try Ledger.openForWriting(directory: ledgerDirectory(p))
        defer { ledger.close() }
        if let r = ledger.recovery { writeErr("roster: recovered: \(r)") }
        let result: AppendResult
        do {
            result = try ledger.append([BatchInput(name: "record", source: BytesSource(Array((line + "\n").utf8)))], now: CLI.now())
        } catch let e as AppendRejected {
            var message = e.message
            let prefix = "record line 1 (\(values["id"]!)): "
            if message.hasPrefix(prefix) { message = String(message.dropFirst(prefix.count)) }
            writeErr("roster record \(kind): rejected \(values["id"]!): \(message)")
            return 1
        }
        if result.added == 0 {
            let id = values["id"]!
            writeErr("roster record \(kind): event \(id) is already in the ledger with the same content; nothing added")
            if let existing = try ledger.exportLine(id: id) { writeOut(existing + "\n") }
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
        return 0
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

    static func checkTable(_ r: CharterCheckReport) -> String {
        var out = "check on \(r.at)\(r.unit.map { " for \($0)" } ?? ""): \(r.warnings.isEmpty ? "no" : String(r.warnings.count)) warning\(r.warnings.count == 1 ? "" : "s")"
        out += " (ledger seq \(r.provenance.ledger.seq))\n"
        guard !r.warnings.isEmpty else { return out }
        let rows = r.warnings.map { [$0.code.rawValue, $0.unit, $0.subjectKind == "member" ? $0.subject : "-", $0.message] }
        let header = ["warning", "unit", "member", "reason"]
        var widths = header.map(\.count)
        for row in rows { for i in 0..<3 { widths[i] = max(widths[i], row[i].count) } }
        func line(_ cells: [String]) -> String {
            (0..<3).map { cells[$0] + String(repeating: " ", count: widths[$0] - cells[$0].count + 2) }.joined() + cells[3] + "\n"
        }
        out += line(header)
        for row in rows { out += line(row) }
        return out
    }
}
