import Foundation
import Testing
import RosterAdoption
import RosterCore
import RosterStore

/// The `roster` executable built beside the tests.
enum RosterBinary {
    static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("roster"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("roster"),
            TestPaths.repository.appendingPathComponent(".build/debug/roster"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `roster ARGS` (with `--ledger` prepended when given) and collects its output.
    static func run(_ args: [String], ledger: String? = nil, in directory: String? = nil) throws -> Output {
        let r = try runProcess(url.path, args + (ledger.map { ["--ledger", $0] } ?? []), directory: directory)
        return Output(status: r.code, stdout: r.out, stderr: r.err)
    }
}

/// A temporary directory with an empty ledger `L` in it, removed afterwards.
struct Workspace {
    let dir: String
    var ledger: String { dir + "/L" }

    init(_ name: String) throws {
        dir = TestPaths.temporaryDirectory(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Ledger.create(directory: dir + "/L")
    }

    func write(_ name: String, _ text: String, bom: Bool = false) throws -> String {
        let path = dir + "/" + name
        try Data((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    func roster(_ args: String...) throws -> RosterBinary.Output { try RosterBinary.run(args, ledger: ledger) }

    var head: Int64 {
        get throws {
            let l = try Ledger.openForReading(directory: ledger)
            defer { l.close() }
            return l.head.seq
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}

@Suite(.serialized) struct AdoptionTests {
    static let units = """
        Mã tổ chức,Tên tổ chức,Loại tổ chức,Loại hình,Trực thuộc\r
        CB-01,"Chi bộ 1, Phòng A",Chi bộ,,DB-X\r
        DB-X,Đảng bộ X,Đảng bộ cơ sở,administration,\r
        CB-02,Chi bộ 2,cell,,DB-X\r
        CB-03,Chi bộ Trường,Chi bộ cơ sở,school,\r

        """

    static let members = """
        STT,Mã đảng viên,Họ và tên,Ngày sinh,Giới tính (Nam/Nữ),Dân tộc,Tôn giáo,Chi bộ,Ngày vào Đảng,Ngày chính thức,Trình độ chuyên môn,Lý luận chính trị
        1,DV001,"Nguyễn Văn A",01/02/1970,Nam,Kinh,,CB-01,03/02/1995,03/02/1996,Đại học,Trung cấp
        2,DV002,"Trần Thị B",1980-05-06,Nữ,Tày,Phật giáo,CB-01,01/06/2009,,Cao đẳng,Sơ cấp
        3,DV003,"=HYPERLINK(""http://x"")",02/03/1940,Nam,Kinh,,CB-02,01/01/2005,,Trên đại học,Cao cấp
        4,DV004,"Phạm Văn D
        (ghi chú: hai dòng)",15/08/1975,Nam,Kinh,Công giáo,CB-03,10/10/2000,10/10/2001,Trung cấp,Không

        """

    /// A ledger with the units and members above imported as of 2010-01-01.
    static func imported(_ name: String) throws -> Workspace {
        let w = try Workspace(name)
        let u = try w.roster("import", "units", try w.write("units.csv", units, bom: true), "--as-of", "2010-01-01")
        #expect(u.status == 0, "\(u.stderr)")
        let m = try w.roster("import", "members", try w.write("members.csv", members), "--as-of", "2010-01-01", "--status", "probationary")
        #expect(m.status == 0, "\(m.stderr)")
        return w
    }

    @Test func importPrintsWhatItAdded() throws {
        let w = try Workspace("import")
        defer { w.remove() }
        let u = try w.roster("import", "units", try w.write("units.csv", Self.units, bom: true), "--as-of", "2010-01-01")
        #expect(u.status == 0)
        #expect(u.stdout.hasPrefix("imported 4 units from \(w.dir)/units.csv: added 4 events, skipped 0 duplicates; head seq 4 hash "))
        let m = try w.roster("import", "members", try w.write("members.csv", Self.members), "--as-of", "2010-01-01", "--status", "probationary")
        #expect(m.status == 0)
        #expect(m.stdout.hasPrefix("imported 4 members from \(w.dir)/members.csv: added 4 events, skipped 0 duplicates; head seq 8 hash "))
        // Re-importing the same list is a no-op.
        let again = try w.roster("import", "members", "\(w.dir)/members.csv", "--as-of", "2010-01-01", "--status", "probationary")
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("imported 4 members from \(w.dir)/members.csv: added 0 events, skipped 4 duplicates; head seq 8 hash "))
        // The registrations are ordinary events: a snapshot counts them.
        let ledger = try Ledger.openForReading(directory: w.ledger)
        defer { ledger.close() }
        let snapshot = try ledger.reporter(knownAt: nil, knownAtText: nil).snapshot(at: Day(iso: "2010-01-01")!, unit: nil)
        #expect((snapshot.total, snapshot.full, snapshot.probationary) == (4, 2, 2))
        #expect(snapshot.byEducation["postgraduate"] == 1)
        #expect(snapshot.byTheory["none"] == 1)
    }

    @Test func dryRunPrintsTheEventsAndWritesNothing() throws {
        let w = try Workspace("dryrun")
        defer { w.remove() }
        let out = try w.roster("import", "units", try w.write("u.csv", "unit,name,kind\nP,Province,committee\n"), "--as-of", "2010-01-01", "--dry-run")
        #expect(out.status == 0)
        #expect(out.stdout == #"{"effective":"2010-01-01","id":"import-unit-P","kind":"committee","name":"Province","type":"unit.established","unit":"P"}"# + "\n")
        #expect(try w.head == 0)
    }

    @Test func aBadRowRefusesTheWholeFile() throws {
        let w = try Self.imported("badrows")
        defer { w.remove() }
        let path = try w.write("more.csv", "member,name,birthDate,gender,unit\nN1,Good,1990-01-01,Nam,CB-01\nN2,Bad,1990-02-30,Nữ,CB-01\nN3,,1990-01-01,X,CB-01\n")
        let out = try w.roster("import", "members", path, "--as-of", "2012-01-01", "--status", "probationary")
        #expect(out.status == 1)
        #expect(out.stdout == "")
        #expect(out.stderr == """
            roster import members: refused, nothing written (3 problems):
              \(path) row 3, column birthDate: "1990-02-30" is not a date (dd/mm/yyyy or YYYY-MM-DD)
              \(path) row 4, column name: missing (required)
              \(path) row 4, column gender: "X" is not one of Nam, Nữ (or male, female)

            """)
        #expect(try w.head == 8)
    }

    @Test func aRuleViolationNamesTheRowAndNothingIsWritten() throws {
        let w = try Self.imported("rules")
        defer { w.remove() }
        let path = try w.write("more.csv", "member,name,birthDate,gender,unit\nN1,Good,1990-01-01,Nam,CB-01\n\nN2,Lost,1990-01-01,Nam,CB-99\n")
        let out = try w.roster("import", "members", path, "--as-of", "2012-01-01", "--status", "probationary")
        #expect(out.status == 1)
        #expect(out.stderr == "roster import members: refused, nothing written: \(path) row 4 (import-member-N2): member.registered N2: unit CB-99 does not exist on 2012-01-01\n")
        #expect(try w.head == 8)
        // A member already in the ledger under another registration.
        let dup = try w.write("dup.csv", "member,name,birthDate,gender,unit\nDV001,Someone Else,1990-01-01,Nam,CB-01\n")
        let d = try w.roster("import", "members", dup, "--as-of", "2012-01-01", "--status", "probationary")
        #expect(d.status == 1)
        #expect(d.stderr == "roster import members: refused, nothing written: \(dup) row 2 (import-member-DV001): event id already exists in the ledger (seq 5) with different content; correct it with event.retracted and a new event\n")
    }

    @Test func unreadableCSVIsRefused() throws {
        let w = try Workspace("unreadable")
        defer { w.remove() }
        let path = try w.write("u.csv", "unit,name,kind\nP,\"Province,committee\n")
        let out = try w.roster("import", "units", path, "--as-of", "2010-01-01")
        #expect(out.status == 1)
        #expect(out.stderr == "roster import units: \(path) row 2: field 2: a quoted field is never closed\n")
        let missing = try w.roster("import", "members", path)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("roster import members: missing --as-of\n"))
    }

    @Test func exportMembersIsSafeAndRoundTrips() throws {
        let w = try Self.imported("export")
        defer { w.remove() }
        let out = try w.roster("export", "members", "--at", "2010-06-01")
        #expect(out.status == 0)
        #expect(out.stdout == """
            member,name,birthDate,gender,ethnicity,religion,unit,admitted,confirmed,status,education,theory\r
            DV001,Nguyễn Văn A,1970-02-01,male,Kinh,,CB-01,1995-02-03,1996-02-03,full,university,intermediate\r
            DV002,Trần Thị B,1980-05-06,female,Tày,Phật giáo,CB-01,2009-06-01,,probationary,college,elementary\r
            DV003,"'=HYPERLINK(""http://x"")",1940-03-02,male,Kinh,,CB-02,2005-01-01,,probationary,postgraduate,advanced\r
            DV004,"Phạm Văn D
            (ghi chú: hai dòng)",1975-08-15,male,Kinh,Công giáo,CB-03,2000-10-10,2001-10-10,full,intermediate,none\r

            """)
        let scoped = try w.roster("export", "members", "--at", "2010-06-01", "--unit", "DB-X")
        #expect(scoped.stdout.split(separator: "\r\n").map { String($0.prefix(5)) } == ["membe", "DV001", "DV002", "DV003"])

        // Import the export into a new ledger: the same list comes out (English and Vietnamese).
        for lang in ["en", "vi"] {
            let exported = try w.roster("export", "members", "--at", "2010-06-01", "--lang", lang)
            #expect(exported.status == 0)
            let again = try Workspace("export-again")
            defer { again.remove() }
            _ = try again.roster("import", "units", try again.write("units.csv", Self.units), "--as-of", "2010-01-01")
            let file = try again.write("members.csv", exported.stdout)
            let imported = try again.roster("import", "members", file, "--as-of", "2010-01-01")
            #expect(imported.status == 0, "\(imported.stderr)")
            let back = try again.roster("export", "members", "--at", "2010-06-01", "--lang", lang)
            #expect(back.stdout == exported.stdout)
        }
        let vi = try w.roster("export", "members", "--at", "2010-06-01", "--lang", "vi")
        #expect(vi.stdout.hasPrefix("\u{FEFF}Mã đảng viên,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Tôn giáo,Chi bộ,Ngày vào Đảng,Ngày chính thức,Trạng thái,Trình độ chuyên môn,Lý luận chính trị\r\nDV001,Nguyễn Văn A,01/02/1970,Nam,Kinh,,CB-01,03/02/1995,03/02/1996,Chính thức,Đại học,Trung cấp\r\n"))
    }

    @Test func exportFollowsRecordedEvents() throws {
        let w = try Self.imported("export-events")
        defer { w.remove() }
        #expect(try w.roster("record", "confirmation", "--member", "DV002", "--date", "2010-06-01").status == 0)
        #expect(try w.roster("record", "transfer", "--member", "DV001", "--to", "CB-02", "--date", "2011-03-01").status == 0)
        #expect(try w.roster("record", "update", "--member", "DV001", "--name", "Nguyễn Văn Á", "--date", "2011-04-01").status == 0)
        #expect(try w.roster("record", "death", "--member", "DV003", "--date", "2011-05-01").status == 0)
        let out = try w.roster("export", "members", "--at", "2011-12-31")
        #expect(out.stdout.components(separatedBy: "\r\n").prefix(3) == [
            "member,name,birthDate,gender,ethnicity,religion,unit,admitted,confirmed,status,education,theory",
            "DV001,Nguyễn Văn Á,1970-02-01,male,Kinh,,CB-02,1995-02-03,1996-02-03,full,university,intermediate",
            "DV002,Trần Thị B,1980-05-06,female,Tày,Phật giáo,CB-01,2009-06-01,2010-06-01,full,college,elementary",
        ])
        #expect(!out.stdout.contains("DV003"))
        // Before the rename, the old name.
        #expect(try w.roster("export", "members", "--at", "2011-03-31").stdout.contains("DV001,Nguyễn Văn A,"))
        let bad = try w.roster("export", "members", "--at", "2011-12-31", "--format", "json")
        #expect(bad.status == 2)
        #expect(bad.stderr == "roster export members: --format: expected one of csv, found \"json\"\n")
    }

    @Test func recordEchoesTheAppendedEventWithItsSeq() throws {
        let w = try Self.imported("record")
        defer { w.remove() }
        let out = try w.roster("record", "transfer", "--member", "DV001", "--to", "CB-02", "--date", "01/03/2011",
                               "--decision", "45-QĐ/ĐUK", "--id", "t-1", "--actor", "clerk")
        #expect(out.status == 0, "\(out.stderr)")
        // The echo is the line `roster export` prints for it.
        let export = try w.roster("export")
        let last = export.stdout.split(separator: "\n").last.map(String.init)
        #expect(out.stdout == (last ?? "") + "\n")
        guard case .object(let o) = try JSONParser.parse(out.stdout) else { Issue.record("not an object"); return }
        #expect(o["seq"] == .number("9"))
        #expect(o["type"] == .string("member.transferred"))
        #expect(o["unit"] == .string("CB-02"))
        #expect(o["effective"] == .string("2011-03-01"))
        #expect(o["decision"] == .string("45-QĐ/ĐUK"))
        #expect(o["actor"] == .string("clerk"))
        // The same id and content again: nothing added, the event shown.
        let again = try w.roster("record", "transfer", "--member", "DV001", "--unit", "CB-02", "--date", "2011-03-01",
                                 "--decision", "45-QĐ/ĐUK", "--id", "t-1", "--actor", "clerk")
        #expect(again.status == 0)
        #expect(again.stdout == out.stdout)
        #expect(again.stderr == "roster record transfer: event t-1 is already in the ledger with the same content; nothing added\n")
        #expect(try w.head == 9)
    }

    /// A clerk may name the decision in Vietnamese: the same event as the
    /// English kind, and messages name the kind in English.
    @Test func recordTakesKindsInVietnamese() throws {
        let w = try Self.imported("record-vi")
        defer { w.remove() }
        let confirm = try w.roster("record", "công nhận chính thức", "--member", "DV002", "--date", "01/06/2010", "--id", "c-1")
        #expect(confirm.status == 0, "\(confirm.stderr)")
        guard case .object(let o) = try JSONParser.parse(confirm.stdout) else { Issue.record("not an object"); return }
        #expect(o["type"] == .string("member.confirmed"))
        #expect(o["member"] == .string("DV002"))
        let transfer = try w.roster("record", "Chuyển-sinh-hoạt", "--member", "DV001", "--to", "CB-02", "--date", "2011-03-01", "--id", "t-1")
        #expect(transfer.status == 0, "\(transfer.stderr)")
        #expect(transfer.stdout.contains(#""type":"member.transferred""#))
        let missing = try w.roster("record", "kỷ luật", "--member", "DV001", "--date", "2011-04-01")
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("roster record discipline: missing --penalty"))
        let help = try w.roster("record", "--help")
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("kết nạp (admission)"))
        #expect(words.contains("xóa tên (strike-off)"))
        #expect(try w.head == 10)
    }

    @Test func recordedEventsGetUniqueGeneratedIDs() throws {
        let w = try Self.imported("record-ids")
        defer { w.remove() }
        let a = try w.roster("record", "rating", "--member", "DV001", "--year", "2010", "--rating", "good", "--date", "2010-12-31")
        let b = try w.roster("record", "rating", "--member", "DV004", "--year", "2010", "--rating", "excellent", "--date", "2010-12-31")
        #expect(a.status == 0 && b.status == 0)
        func id(_ s: String) throws -> String? {
            guard case .object(let o) = try JSONParser.parse(s), case .string(let id)? = o["id"] else { return nil }
            return id
        }
        let ida = try id(a.stdout), idb = try id(b.stdout)
        #expect(ida?.hasPrefix("rec-") == true)
        #expect(idb?.hasPrefix("rec-") == true)
        #expect(ida != idb)
    }

    @Test func recordAdmissionWithVietnameseValues() throws {
        let w = try Self.imported("record-admission")
        defer { w.remove() }
        let out = try w.roster("record", "admission", "--member", "DV010", "--unit", "CB-01", "--name", "Lê Văn C",
                               "--birth-date", "15/08/1990", "--gender", "Nam", "--education", "Đại học", "--theory", "Sơ cấp",
                               "--date", "2012-01-01", "--id", "adm-10")
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains(#""education":"university","effective":"2012-01-01","id":"adm-10","member":"DV010","person":{"birthDate":"1990-08-15","gender":"male","name":"Lê Văn C"},"recorded":"#))
        #expect(out.stdout.contains(#""theory":"elementary","type":"member.admitted","unit":"CB-01"}"#))
    }

    @Test func recordRejectionsUseTheLedgersMessages() throws {
        let w = try Self.imported("record-reject")
        defer { w.remove() }
        let early = try w.roster("record", "confirmation", "--member", "DV002", "--date", "2010-03-01", "--id", "c-1")
        #expect(early.status == 1)
        #expect(early.stderr == "roster record confirmation: rejected c-1: member.confirmed DV002: probation began 2009-06-01; confirmation needs 12 months (earliest 2010-06-01)\n")
        let expel = try w.roster("record", "expulsion", "--member", "DV002", "--date", "2010-03-01", "--id", "x-1")
        #expect(expel.status == 1)
        #expect(expel.stderr == "roster record expulsion: rejected x-1: member.expelled DV002: DV002 is a probationary member on 2010-03-01; only a full member can be expelled (a probationer is struck off)\n")
        #expect(try w.head == 8)
    }

    @Test func recordUsageErrors() throws {
        let w = try Workspace("record-usage")
        defer { w.remove() }
        let cases: [([String], String)] = [
            (["record", "transfer", "--member", "M", "--date", "2011-01-01"], "roster record transfer: missing --to"),
            (["record", "confirmation", "--member", "M"], "roster record confirmation: missing --date (the date the decision takes effect)"),
            (["record", "confirmation", "--member", "M", "--date", "2011-02-30"], "roster record confirmation: --date: expected a date YYYY-MM-DD or DD/MM/YYYY that exists, found \"2011-02-30\""),
            (["record", "confirmation", "--member", "M", "--date", "2011-01-01", "--unit", "C"], "roster record confirmation: --unit does not apply to confirmation (member.confirmed); it takes --member"),
            (["record", "strike-off", "--member", "M", "--date", "2011-01-01", "--reason", "gone"], "roster record strike-off: --reason: expected one of abandoned-activities, not-transferred, probation-not-confirmed, other, found \"gone\""),
            (["record", "update", "--member", "M", "--date", "2011-01-01"], "roster record update: nothing to record: give at least one of --name, --birth-date, --gender, --ethnicity, --religion, --education, --theory"),
            (["record", "transfer", "--member", "M", "--to", "A", "--unit", "B", "--date", "2011-01-01"], "roster record transfer: --unit and --to both give the to of transfer; give one"),
            (["record", "fly", "--date", "2011-01-01"], "roster record fly: unknown kind \"fly\"; expected one of admission, readmission, confirmation, transfer, transfer-in, transfer-out, expulsion, strike-off, resignation, death, discipline, exemption, exemption-end, rating, update, unit-establish, unit-rename, unit-reclassify, unit-move, unit-merge, unit-dissolve, unit-rating, award, place-register, place-close, retraction, or a kind's Vietnamese name (`roster record --help` lists them)"),
        ]
        for (args, message) in cases {
            let out = try RosterBinary.run(args, ledger: w.ledger)
            #expect(out.status == 2, "\(args)")
            #expect(out.stderr.components(separatedBy: "\n").first == message)
        }
    }

    @Test func recordUnitEventsAndRetraction() throws {
        let w = try Self.imported("record-units")
        defer { w.remove() }
        let e = try w.roster("record", "unit-establish", "--unit", "CB-04", "--name", "Chi bộ 4", "--kind", "Chi bộ", "--parent", "DB-X", "--date", "2011-01-01", "--id", "u-4")
        #expect(e.status == 0, "\(e.stderr)")
        let m = try w.roster("record", "unit-merge", "--units", "CB-02, CB-04", "--into", "CB-01", "--date", "2012-01-01", "--dry-run", "--id", "mg")
        #expect(m.stdout == #"{"effective":"2012-01-01","id":"mg","into":"CB-01","type":"unit.merged","units":["CB-02","CB-04"]}"# + "\n")
        let r = try w.roster("record", "retraction", "--target", "u-4", "--reason", "entered by mistake", "--date", "2011-01-01", "--id", "ret-1")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try w.head == 10)
        let check = try w.roster("check", "--at", "2011-06-01", "--format", "json")
        #expect(!check.stdout.contains("CB-04"))
    }

    @Test func checkPrintsWarningsAndExitsZero() throws {
        let w = try Self.imported("check")
        defer { w.remove() }
        let table = try w.roster("check", "--at", "2010-06-01")
        #expect(table.status == 0)
        #expect(table.stdout == """
            check on 2010-06-01: 5 warnings (ledger seq 8)
            warning                            unit                       member  reason
            cell-too-small                     Chi bộ 1, Phòng A (CB-01)  -       cell CB-01 has 1 full member (2 in all); a cell needs at least 3 full members
            cell-too-small                     Chi bộ 2 (CB-02)           -       cell CB-02 has 0 full members (1 in all); a cell needs at least 3 full members
            cell-too-small                     Chi bộ Trường (CB-03)      -       grassroots-cell CB-03 has 1 full member (1 in all); a cell needs at least 3 full members
            admitted-over-60-without-decision  Chi bộ 2 (CB-02)           DV003   member DV003 (CB-02) was admitted on 2005-01-01 aged 64 (member.registered) without a decision number
            probation-overdue                  Chi bộ 2 (CB-02)           DV003   probationer DV003 (CB-02): probation began 2005-01-01, 12 months ended 2006-01-01; not confirmed nor struck off

            """)
        // In Vietnamese, worded from the warnings' figures.
        let vi = try w.roster("check", "--at", "01/06/2010", "--lang", "vi")
        #expect(vi.status == 0)
        #expect(vi.stdout.hasPrefix("Kiểm tra ngày 01/06/2010: 5 cảnh báo (sổ dữ liệu seq 8)\n"), "\(vi.stdout)")
        #expect(vi.stdout.contains("Chi bộ trực thuộc CB-01 có 1 đảng viên chính thức (tổng số 2); chi bộ cần ít nhất 3 đảng viên chính thức"), "\(vi.stdout)")
        #expect(vi.stdout.contains("đảng viên dự bị DV003: dự bị từ 01/01/2005, hết 12 tháng ngày 01/01/2006"), "\(vi.stdout)")
        #expect(vi.stdout.contains("được kết nạp ngày 01/01/2005 khi 64 tuổi"), "\(vi.stdout)")
        let json = try w.roster("check", "--at", "2010-06-01", "--unit", "CB-01", "--format", "json")
        #expect(json.status == 0)
        let doc = try JSONParser.parse(json.stdout)
        guard case .object(let o) = doc, case .array(let warnings)? = o["warnings"] else { Issue.record("shape"); return }
        #expect(o["at"] == .string("2010-06-01"))
        #expect(o["unit"] == .string("CB-01"))
        #expect(o["count"] == .number("1"))
        #expect(warnings == [.object(JSONObject([
            .init(key: "code", value: .string("cell-too-small")), .init(key: "unit", value: .string("CB-01")),
            .init(key: "member", value: .null),
            .init(key: "message", value: .string("cell CB-01 has 1 full member (2 in all); a cell needs at least 3 full members")),
        ]))])
        let unknown = try w.roster("check", "--at", "2010-06-01", "--unit", "NOPE")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "roster: unit NOPE does not exist in the ledger\n")
    }
}
