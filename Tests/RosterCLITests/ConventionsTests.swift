import Foundation
import Testing
import RosterCore
import RosterStore

/// The command line keeps its word (docs/CLI.md): global options before or
/// after the command, help at every level that lists exactly what each
/// command accepts, one date parser, write failures that fail, suggestions,
/// every malformed line at once, dry runs that run the rules.
@Suite(.serialized) struct ConventionsTests {
    static let sample = TestPaths.repository.appendingPathComponent("events/sample").path

    /// A ledger with the sample's first three years (902 events).
    static func sampleLedger(_ name: String) throws -> Workspace {
        let w = try Workspace(name)
        for year in 2008...2010 {
            let out = try w.roster("append", "\(sample)/batch-\(year).jsonl")
            #expect(out.status == 0, "\(out.stderr)")
        }
        return w
    }

    static func run(_ args: String...) throws -> RosterBinary.Output { try RosterBinary.run(args) }

    // MARK: version and help

    @Test func versionIsOneConstantAlsoOnTheHelpsFirstLine() throws {
        let v = try Self.run("--version")
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("roster "))
        let version = v.stdout.dropFirst("roster ".count).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!version.isEmpty && version.allSatisfy { $0.isNumber || $0 == "." })
        let help = try Self.run("--help")
        #expect(help.status == 0)
        #expect(help.stdout.components(separatedBy: "\n").first?.hasPrefix("roster \(version) ") == true)
    }

    @Test func topLevelHelpIsWrappedAtWordBoundaries() throws {
        let help = try Self.run("--help").stdout
        let lines = help.components(separatedBy: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        // Joined back, every summary reads whole: no word was cut.
        let words = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" }))
        #expect(words.contains("verification.") || words.contains("damaged"))
        #expect(!lines.contains { $0.hasSuffix("-") && !$0.hasSuffix(" -") && !$0.hasSuffix("--") })
    }

    @Test(arguments: ["report", "history", "import"])
    func groupsListTheirSubcommands(_ group: String) throws {
        for args in [[group, "--help"], ["help", group], ["--help", group]] {
            let out = try RosterBinary.run(args)
            #expect(out.status == 0, "\(args): \(out.stderr)")
            #expect(out.stdout.contains("subcommands:"), "\(args)")
        }
        let subs = Self.commands().filter { $0.count == 2 && $0[0] == group }.map { $0[1] }
        #expect(!subs.isEmpty)
        let help = try Self.run(group, "--help").stdout
        for s in subs { #expect(help.contains("  \(s) "), "\(group) --help lacks \(s)") }
        // Without a subcommand: the same list, as a usage error.
        let bare = try Self.run(group)
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("subcommands:"))
    }

    /// The command paths `roster --help` lists.
    static func commands() -> [[String]] {
        guard let help = try? run("--help").stdout else { return [] }
        var out: [[String]] = []
        var inList = false
        for line in help.components(separatedBy: "\n") {
            if line == "commands:" { inList = true; continue }
            if inList && line.isEmpty { break }
            guard inList, line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let name = line.dropFirst(2).components(separatedBy: "  ")[0]
            out.append(name.split(separator: " ").map(String.init))
        }
        return out
    }

    /// Values for the options a command requires, by option name, and the
    /// positionals of the commands that take some.
    static let sampleValues: [String: String] = [
        "at": "2010-12-31", "from": "2009-12-31", "to": "2010-12-31", "year": "2010", "every": "year",
        "round": "2010-09-02", "as-of": "2010-12-31",
    ]
    static let samplePositionals: [[String]: [String]] = [
        ["history", "member"]: ["DV-00001"], ["history", "unit"]: ["TP"], ["report", "form"]: ["1"],
    ]

    /// Every command: `--help` exits 0 with its usage; every format its help
    /// lists prints (JSON parses), a format it does not list is refused, and
    /// `--lang vi` works wherever `--lang` is listed.
    @Test func everyCommandsHelpIsWhatItDoes() throws {
        let w = try Self.sampleLedger("conventions-walk")
        defer { w.remove() }
        let commands = Self.commands()
        #expect(commands.count >= 15)
        #expect(commands.contains(["units"]))
        var walked = 0
        for path in commands {
            let help = try RosterBinary.run(path + ["--help"])
            #expect(help.status == 0, "\(path) --help: \(help.stderr)")
            #expect(help.stdout.hasPrefix("usage: roster \(path.joined(separator: " "))"), "\(path)")
            let optionLines = help.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  --") }
            let listed = Set(optionLines.map { String($0.dropFirst(4).prefix { $0 != " " }) })
            #expect(listed.contains("help"), "\(path)")
            guard let formatLine = optionLines.first(where: { $0.hasPrefix("  --format ") }) else {
                // A command without formats refuses --format.
                if path != ["demo"] && !listed.contains("format") && ["init", "verify", "export"].contains(path.joined(separator: " ")) {
                    let out = try RosterBinary.run(path + ["--format", "json"], ledger: w.ledger)
                    #expect(out.status == 2, "\(path) accepted --format it does not list")
                }
                continue
            }
            let formats = formatLine.components(separatedBy: "ARG").last!
                .replacingOccurrences(of: "(default)", with: "").replacingOccurrences(of: "(the only format)", with: "")
                .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            #expect(!formats.isEmpty, "\(path)")
            // Required options, taken from the usage line (outside brackets).
            let usage = help.stdout.components(separatedBy: "\n")[0]
            var required: [String] = []
            var depth = 0
            for token in usage.split(separator: " ") {
                if depth == 0 && token.hasPrefix("--") { required.append(String(token.dropFirst(2))) }
                depth += token.filter { $0 == "[" }.count - token.filter { $0 == "]" }.count
            }
            var args = path + (Self.samplePositionals[path] ?? [])
            var runnable = true
            for r in required where r != "ledger" {
                // A command whose required value the sample cannot give (a
                // plan id, say) is still checked for what help promises
                // before anything runs: a format it does not list is refused.
                guard let v = Self.sampleValues[r] else { runnable = false; continue }
                args += ["--\(r)", v]
            }
            let unlisted = ["table", "json", "csv", "markdown", "html", "docx"].first { !formats.contains($0) } ?? "yaml"
            let refused = try RosterBinary.run(args + ["--format", unlisted], ledger: path == ["demo"] ? nil : w.ledger)
            #expect(refused.status == 2, "\(path) accepted --format \(unlisted), which its help does not list")
            guard runnable else { continue }
            walked += 1
            for f in formats {
                var extra: [String] = []
                if ["html", "docx"].contains(f) && listed.contains("out") { extra = ["--out", w.dir + "/out.\(f)"] }
                let out = try RosterBinary.run(args + ["--format", f] + extra, ledger: path == ["demo"] ? nil : w.ledger)
                #expect(out.status == 0, "\(args) --format \(f): \(out.stderr)")
                #expect(!out.stdout.isEmpty || !extra.isEmpty, "\(args) --format \(f) printed nothing")
                if f == "json" {
                    #expect((try? JSONParser.parse(Array(out.stdout.utf8))) != nil, "\(args) --format json is not JSON")
                }
            }
            if listed.contains("lang") {
                let vi = try RosterBinary.run(args + ["--lang", "vi"], ledger: path == ["demo"] ? nil : w.ledger)
                #expect(vi.status == 0, "\(path) --lang vi: \(vi.stderr)")
            } else {
                let vi = try RosterBinary.run(args + ["--lang", "vi"], ledger: w.ledger)
                #expect(vi.status == 2, "\(path) accepted --lang, which its help does not list")
            }
        }
        #expect(walked >= 11, "only \(walked) commands had every format run")
    }

    // MARK: global options and dates

    @Test func globalOptionsBeforeOrAfterTheCommandAndDatesInBothForms() throws {
        let w = try Self.sampleLedger("conventions-globals")
        defer { w.remove() }
        let after = try RosterBinary.run(["report", "snapshot", "--at", "2010-12-31", "--format", "json", "--ledger", w.ledger])
        #expect(after.status == 0)
        for args in [["--ledger", w.ledger, "report", "snapshot", "--at", "2010-12-31", "--format", "json"],
                     ["--ledger=\(w.ledger)", "--format", "json", "report", "snapshot", "--at", "31/12/2010"],
                     ["--format", "json", "report", "snapshot", "--ledger", w.ledger, "--at", "31/12/2010"]] {
            let out = try RosterBinary.run(args)
            #expect(out.status == 0, "\(args): \(out.stderr)")
            #expect(out.stdout == after.stdout, "\(args)")
        }
        let initDir = w.dir + "/fresh"
        let created = try RosterBinary.run(["--ledger", initDir, "init"])
        #expect(created.status == 0)
        #expect(FileManager.default.fileExists(atPath: initDir + "/HEAD"))
        // A date that does not exist, in either form.
        for bad in ["31/02/2010", "2010-02-31", "12/31/2010", "2010/12/31"] {
            let out = try w.roster("report", "snapshot", "--at", bad)
            #expect(out.status == 2, "\(bad)")
            #expect(out.stderr.contains("YYYY-MM-DD or DD/MM/YYYY"), "\(bad)")
        }
        // --known-at as a DD/MM/YYYY date means the end of that day, printed YYYY-MM-DD.
        let known = try w.roster("report", "flows", "--from", "01/01/2009", "--to", "31/12/2010", "--known-at", "31/12/2030", "--format", "json")
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains(#""knownAt": "2030-12-31""#))
        #expect(DateArgument.parse("1/2/2021") == Day(iso: "2021-02-01"))
        #expect(DateArgument.parse("29/02/2021") == nil)
        // An option only the command knows cannot stand before it.
        let early = try RosterBinary.run(["--at", "2010-12-31", "report", "snapshot", "--ledger", w.ledger])
        #expect(early.status == 2)
    }

    // MARK: roster units

    @Test func unitsListsTheTreeWithNamesKindsAndMembers() throws {
        let w = try Self.sampleLedger("conventions-units")
        defer { w.remove() }
        let out = try w.roster("units", "--at", "31/12/2010", "--format", "json")
        #expect(out.status == 0, "\(out.stderr)")
        guard case .object(let o) = try JSONParser.parse(Array(out.stdout.utf8)), case .array(let units)? = o["units"] else {
            Issue.record("not the units JSON"); return
        }
        #expect(o["count"] == .number(String(units.count)))
        var ids: [String] = []
        var rootMembers = 0
        for case .object(let u) in units {
            guard case .string(let id)? = u["unit"] else { continue }
            ids.append(id)
            if case .string(let n)? = u["name"] { #expect(!n.isEmpty) } else { Issue.record("\(id) has no name") }
            if u["parent"] == .null, case .number(let m)? = u["members"] { rootMembers += Int(m)! }
        }
        #expect(ids == ids.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        // The roots' members are every member of the ledger on that date.
        let snapshot = try w.roster("report", "snapshot", "--at", "2010-12-31", "--format", "json")
        #expect(snapshot.stdout.contains(#""total": \#(rootMembers)"#))
        // A scope: the unit and its subtree only.
        let scoped = try w.roster("units", "--at", "2010-12-31", "--unit", "G01", "--format", "csv")
        let rows = scoped.stdout.split(separator: "\r\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasPrefix("G01") })
        // In Vietnamese: the headings and the kinds as offices word them.
        let vi = try w.roster("units", "--at", "2010-12-31", "--unit", "G01", "--lang", "vi")
        #expect(vi.status == 0, "\(vi.stderr)")
        #expect(vi.stdout.hasPrefix("Tổ chức đảng ngày 31/12/2010 thuộc G01"), "\(vi.stdout)")
        #expect(vi.stdout.contains("loại tổ chức") && vi.stdout.contains("Đảng bộ cơ sở"), "\(vi.stdout)")
        let unknown = try w.roster("units", "--unit", "NOPE")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("NOPE"))
    }

    /// Wherever a unit is shown to a person, its name (as of the date) goes
    /// with its id; JSON keeps the id alone.
    @Test func unitsAreShownWithTheirNames() throws {
        let w = try Self.sampleLedger("conventions-names")
        defer { w.remove() }
        let label = "Đảng bộ phường Bắc Sơn (G01)"
        for format in ["table", "markdown"] {
            let out = try w.roster("report", "snapshot", "--at", "2010-12-31", "--unit", "G01", "--format", format)
            #expect(out.stdout.contains(label), "snapshot --format \(format)")
        }
        // The page is an office document: units by name, no codes.
        let page = try w.roster("report", "snapshot", "--at", "2010-12-31", "--unit", "G01", "--format", "html")
        #expect(page.stdout.contains("Đảng bộ phường Bắc Sơn"))
        let flows = try w.roster("report", "flows", "--from", "2009-12-31", "--to", "2010-12-31", "--unit", "G01")
        #expect(flows.stdout.contains(label))
        let json = try w.roster("report", "snapshot", "--at", "2010-12-31", "--unit", "G01", "--format", "json")
        #expect(json.stdout.contains(#""unit": "G01""#))
        #expect(!json.stdout.contains("Bắc Sơn"))
        let history = try w.roster("history", "member", "DV-00001")
        #expect(history.stdout.contains("in Chi bộ Tổ dân phố số 1 (G01-C1)"), "\(history.stdout)")
        let historyVi = try w.roster("history", "member", "DV-00001", "--lang", "vi")
        #expect(historyVi.stdout.contains("Chi bộ Tổ dân phố số 1 (G01-C1)"), "\(historyVi.stdout)")
        let unitHistory = try w.roster("history", "unit", "G01")
        #expect(unitHistory.stdout.hasPrefix("History of unit \(label)"))
        let record = try w.roster("record", "transfer", "--member", "DV-00001", "--to", "G01-C2", "--date", "31/12/2010", "--id", "names-1")
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stderr.contains("G01-C2: Chi bộ Tổ dân phố số 2"), "\(record.stderr)")
    }

    /// Names follow renames by date, and a retracted rename counts for
    /// nothing (nor does one recorded after --known-at).
    @Test func unitNamesFollowRenamesAndRetractions() throws {
        let w = try Self.sampleLedger("conventions-renames")
        defer { w.remove() }
        let rename = #"{"id":"rn-1","type":"unit.renamed","effective":"2010-07-01","unit":"G01","name":"Phường Bắc Sơn mới","recorded":"2026-01-01T00:00:00Z"}"#
        #expect(try w.roster("append", try w.write("r.jsonl", rename + "\n")).status == 0)
        func name(_ args: String...) throws -> String {
            let out = try RosterBinary.run(["units", "--unit", "G01", "--format", "csv"] + args, ledger: w.ledger)
            return out.stdout.split(separator: "\r\n")[1].split(separator: ",")[1].description
        }
        #expect(try name("--at", "2010-06-30") == "Đảng bộ phường Bắc Sơn")
        #expect(try name("--at", "2010-07-01") == "Phường Bắc Sơn mới")
        #expect(try name("--at", "2010-07-01", "--known-at", "2025-12-31") == "Đảng bộ phường Bắc Sơn")
        let retract = #"{"id":"rn-x","type":"event.retracted","effective":"2010-07-01","target":"rn-1","reason":"typo"}"#
        #expect(try w.roster("append", try w.write("x.jsonl", retract + "\n")).status == 0)
        #expect(try name("--at", "2010-12-31") == "Đảng bộ phường Bắc Sơn")
    }

    // MARK: nothing lost, nothing hidden

    @Test func aWriteFailureFailsAndAClosedPipeIsQuiet() throws {
        let w = try Self.sampleLedger("conventions-write")
        defer { w.remove() }
        // /dev/full: every write fails with ENOSPC.
        for args in [["export"], ["report", "snapshot", "--at", "2010-12-31"], ["units", "--at", "2010-12-31"], ["--version"]] {
            let p = Process()
            p.executableURL = RosterBinary.url
            p.arguments = args + (args == ["--version"] ? [] : ["--ledger", w.ledger])
            p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            let err = Pipe()
            p.standardError = err
            try p.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 1, "\(args)")
            #expect(message == "roster: write to standard output failed: No space left on device\n", "\(args)")
        }
        // A file that cannot be written: the same, naming the file.
        let demo = try Self.run("demo", "--format", "markdown", "--out", "/dev/full")
        #expect(demo.status == 1)
        #expect(demo.stderr.hasSuffix("write to /dev/full failed: No space left on device\n"), "\(demo.stderr)")
        // A reader that goes away: the export (about 300 KB, more than a
        // pipe holds) ends quietly.
        let p = Process()
        p.executableURL = RosterBinary.url
        p.arguments = ["export", "--ledger", w.ledger]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        _ = out.fileHandleForReading.readData(ofLength: 100)
        try out.fileHandleForReading.close()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(message == "")
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
    }

    @Test func suggestionsForUnknownWords() throws {
        let w = try Workspace("conventions-suggest")
        defer { w.remove() }
        let line = #"{"id":"e1","type":"unit.establised","effective":"2010-01-01","unit":"P","name":"P","kind":"committee"}"#
        let typo = try w.roster("append", try w.write("t.jsonl", line + "\n"))
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("did you mean `unit.established`?"), "\(typo.stderr)")
        let kind = #"{"id":"e1","type":"unit.established","effective":"2010-01-01","unit":"P","name":"P","kind":"comittee"}"#
        let vocab = try w.roster("append", try w.write("k.jsonl", kind + "\n"))
        #expect(vocab.stderr.contains("did you mean `committee`?"), "\(vocab.stderr)")
        let option = try w.roster("report", "snapshot", "--at", "2010-01-01", "--unti", "P")
        #expect(option.status == 2)
        #expect(option.stderr.contains("did you mean `--unit`?"), "\(option.stderr)")
        let format = try w.roster("report", "snapshot", "--at", "2010-01-01", "--format", "jsno")
        #expect(format.status == 2)
        #expect(format.stderr.contains("did you mean `json`?"), "\(format.stderr)")
        let command = try Self.run("reprot")
        #expect(command.status == 2)
        #expect(command.stderr.contains("did you mean `report`?"), "\(command.stderr)")
        #expect(NearestWord.suggestion(for: "xyz", among: ["unit.established"]) == nil)
    }

    @Test func spreadsheetsAndEmptyFilesGivenToAppend() throws {
        let w = try Workspace("conventions-append-input")
        defer { w.remove() }
        let csv = try w.roster("append", try w.write("units.csv", "unit,name,kind\nP,Province,committee\n"))
        #expect(csv.status == 1)
        #expect(csv.stderr.contains("`roster import units|members"), "\(csv.stderr)")
        let disguised = try w.roster("append", try w.write("units.txt", "unit,name,kind\nP,Province,committee\n"))
        #expect(disguised.status == 1)
        #expect(disguised.stderr.contains("roster import"), "\(disguised.stderr)")
        let empty = try w.write("empty.jsonl", "")
        let blank = try w.write("blank.jsonl", "\n\n")
        let out = try w.roster("append", empty, blank)
        #expect(out.status == 0)
        #expect(out.stderr == "roster append: warning: \(empty) has no events\nroster append: warning: \(blank) has no events\n")
        #expect(try w.head == 0)
    }

    @Test func everyMalformedLineOfABatchIsReportedAndNothingAppended() throws {
        let w = try Workspace("conventions-malformed")
        defer { w.remove() }
        let good = #"{"id":"e1","type":"unit.established","effective":"2010-01-01","unit":"P","name":"P","kind":"committee"}"#
        let lines = [good, "{not json", #"{"id":"e2","type":"unit.renamed","effective":"2010-01-01","unit":"P"}"#, good.replacingOccurrences(of: "e1", with: "e3"),
                     #"{"id":"e4","type":"unit.renamed","effective":"2010-13-01","unit":"P","name":"Q"}"#]
        let path = try w.write("b.jsonl", lines.joined(separator: "\n") + "\n")
        let out = try w.roster("append", path)
        #expect(out.status == 1)
        let listed = out.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("  \(path) line ") }
        #expect(listed.map { $0.components(separatedBy: ":")[0].components(separatedBy: " (")[0] } == ["  \(path) line 2", "  \(path) line 3", "  \(path) line 5"], "\(out.stderr)")
        #expect(out.stderr.hasPrefix("roster: 3 lines are not valid events; nothing was appended:"))
        #expect(try w.head == 0)
        // At most 20, said so.
        let many = try w.write("many.jsonl", (0..<30).map { _ in "[1]" }.joined(separator: "\n") + "\n")
        let capped = try w.roster("append", many)
        #expect(capped.status == 1)
        #expect(capped.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("  \(many) line ") }.count == 20)
        #expect(capped.stderr.contains("the first 20"))
    }

    @Test func dryRunsRunTheRulesAgainstTheWholeTimeline() throws {
        let w = try Self.sampleLedger("conventions-dryrun")
        defer { w.remove() }
        let before = try w.head
        // 73 years old, no decision: refused by the dry run as by the real one.
        let args = ["record", "admission", "--member", "DRY-1", "--unit", "G01-C1", "--name", "Old Person", "--birth-date", "1937-05-01",
                    "--gender", "male", "--date", "2010-06-01", "--id", "dry-1"]
        let dry = try RosterBinary.run(args + ["--dry-run"], ledger: w.ledger)
        let real = try RosterBinary.run(args, ledger: w.ledger)
        #expect(dry.status == 1)
        #expect(real.status == 1)
        #expect(dry.stderr.contains("60"), "\(dry.stderr)")
        #expect(dry.stderr.replacingOccurrences(of: "dry run: would be ", with: "") == real.stderr)
        #expect(try w.head == before)
        // A valid one: printed with the seq it would get; nothing written.
        let ok = try RosterBinary.run(args.map { $0 == "1937-05-01" ? "1980-05-01" : $0 } + ["--dry-run"], ledger: w.ledger)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains(#""id":"dry-1""#))
        #expect(ok.stderr.contains("it would be seq \(before + 1)"))
        #expect(try w.head == before)
        // Import: a member whose cell does not exist fails the dry run.
        let csv = try w.write("m.csv", "member,name,birthDate,gender,unit,status\nN1,A,1980-01-01,Nam,NO-SUCH-CELL,full\n")
        let imp = try w.roster("import", "members", csv, "--as-of", "2010-12-31", "--dry-run")
        #expect(imp.status == 1)
        #expect(imp.stderr.contains("NO-SUCH-CELL"))
        #expect(try w.head == before)
        // Without a status the row is named; --status gives it for the file.
        let nostatus = try w.write("n.csv", "member,name,birthDate,gender,unit\nN1,A,1980-01-01,Nam,G01-C1\n")
        let refused = try w.roster("import", "members", nostatus, "--as-of", "2010-12-31", "--dry-run")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(nostatus) row 2, column status: missing"), "\(refused.stderr)")
        let given = try w.roster("import", "members", nostatus, "--as-of", "2010-12-31", "--dry-run", "--status", "full")
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.contains(#""status":"full""#))
        #expect(given.stderr.contains("would add 1 events"))
        #expect(try w.head == before)
    }
}
