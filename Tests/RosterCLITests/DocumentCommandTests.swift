import Foundation
import Testing
import RosterCore
import RosterReports
import RosterStore

/// `--out` on every report, `--format docx`, letterhead.json: the built
/// `roster` on the sample province, as an office would run it.
@Suite(.serialized) struct DocumentCommandTests {
    func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    func document(_ path: String) throws -> [String: String] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var out: [String: String] = [:]
        for e in try ZipReader.entries(bytes) { out[e.name] = String(decoding: e.data, as: UTF8.self) }
        return out
    }

    @Test func everyReportWritesOutAndDocxNeedsIt() throws {
        let dir = try ReportCommandTests.sampleLedger()
        let out = TestPaths.temporaryDirectory("documents")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        let reports = [["report", "snapshot", "--at", "2020-12-31"], ["report", "flows", "--from", "2010-12-31", "--to", "2020-12-31"],
                       ["report", "ratings", "--year", "2020"], ["report", "compare", "--from", "2010-12-31", "--to", "2020-12-31"],
                       ["report", "series", "--from", "2010-12-31", "--to", "2020-12-31", "--every", "year"]]
        for report in reports {
            // --out writes what standard output would print.
            let printed = try EndToEndTests.roster(report + ["--ledger", dir, "--format", "json"])
            let file = out + "/\(report[1]).json"
            let written = try EndToEndTests.roster(report + ["--ledger", dir, "--format", "json", "--out", file])
            #expect(written.code == 0 && written.out.isEmpty, "\(report): \(written.err)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.out, "\(report)")
            // docx without --out is a usage error; with it, a document LibreOffice and Word open.
            let refused = try EndToEndTests.roster(report + ["--ledger", dir, "--format", "docx"])
            #expect(refused.code == 2 && refused.err.contains("--out"), "\(report): \(refused.err)")
            let docx = out + "/\(report[1]).docx"
            let made = try EndToEndTests.roster(report + ["--ledger", dir, "--format", "docx", "--lang", "vi", "--out", docx,
                                                          "--dated", "2021-01-15", "--place", "Bình Sơn"])
            #expect(made.code == 0, "\(report): \(made.err)")
            let parts = try document(docx)
            let body = try #require(parts["word/document.xml"])
            #expect(body.contains("TỈNH ỦY BÌNH SƠN") && body.contains("Bình Sơn, ngày 15 tháng 01 năm 2021"), "\(report)")
        }
        // Only the reports are left in the directory: no temporary files.
        #expect(files(out).allSatisfy { $0.hasSuffix(".json") || $0.hasSuffix(".docx") }, "\(files(out))")
    }

    /// A run that fails leaves the earlier report as it was and no half-written file.
    @Test func aFailedRunLeavesNoHalfReport() throws {
        let dir = try ReportCommandTests.sampleLedger()
        let out = TestPaths.temporaryDirectory("documents-fail")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        let file = out + "/compare.docx"
        try Data("the signed version".utf8).write(to: URL(fileURLWithPath: file))
        for failing in [["--unit", "NOPE"], ["--known-at", "yesterday"], ["--dated", "2021-02-30"]] {
            let run = try EndToEndTests.roster(["report", "compare", "--ledger", dir, "--from", "2010-12-31", "--to", "2020-12-31",
                                                "--format", "docx", "--out", file] + failing)
            #expect(run.code != 0, "\(failing)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "the signed version", "\(failing)")
            #expect(files(out) == ["compare.docx"], "\(failing)")
        }
        // A directory that does not exist: exit 1, the message names the file.
        let missing = try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2020-12-31", "--out", out + "/no/such/r.txt"])
        #expect(missing.code == 1 && missing.err.contains(out + "/no/such/r.txt"), "\(missing.err)")
    }

    @Test func letterheadJSONGivesTheDefaultsAndOptionsWin() throws {
        let dir = try ReportCommandTests.sampleLedger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let docx = dir + "/snapshot.docx"
        try Data("""
            {"place": "Hà Tĩnh", "signer": "Nguyễn Văn An", "signerTitle": "Bí thư", "number": "7-BC/TU",
             "recipients": ["Ban Tổ chức Trung ương", "Lưu Văn phòng Tỉnh ủy"]}
            """.utf8).write(to: URL(fileURLWithPath: dir + "/letterhead.json"))
        let run = try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2020-12-31", "--unit", "SL",
                                            "--format", "docx", "--out", docx, "--lang", "vi", "--signer", "Lê Thị Hoa", "--dated", "2021-01-15"])
        #expect(run.code == 0, "\(run.err)")
        let body = try #require(try document(docx)["word/document.xml"])
        // The scope unit and its parent name the letterhead; names, not codes, in the scope line.
        #expect(body.contains("TỈNH ỦY BÌNH SƠN") && body.contains("HUYỆN ỦY SƠN LỘC"))
        #expect(body.contains("Phạm vi: Huyện ủy Sơn Lộc"))
        #expect(body.contains("Hà Tĩnh, ngày 15 tháng 01 năm 2021") && body.contains("Số 7-BC/TU"))
        #expect(body.contains("Lê Thị Hoa") && !body.contains("Nguyễn Văn An") && body.contains("BÍ THƯ"))
        #expect(body.contains("- Ban Tổ chức Trung ương,") && body.contains("- Lưu Văn phòng Tỉnh ủy."))
        // The HTML page carries the same letterhead.
        let html = try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2020-12-31", "--unit", "SL",
                                             "--format", "html", "--lang", "vi", "--dated", "2021-01-15"])
        #expect(html.code == 0 && html.out.contains("HUYỆN ỦY SƠN LỘC") && html.out.contains("Nguyễn Văn An"))
        // A misspelt key is refused with the file's name (exit 1), and nothing is written.
        try Data("{\"signor\": \"x\"}".utf8).write(to: URL(fileURLWithPath: dir + "/letterhead.json"))
        try? FileManager.default.removeItem(atPath: docx)
        let bad = try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2020-12-31", "--format", "docx", "--out", docx])
        #expect(bad.code == 1 && bad.err.contains("letterhead.json: unknown key \"signor\""), "\(bad.err)")
        #expect(!FileManager.default.fileExists(atPath: docx))
        // The audit trail speaks Vietnamese too: words, dates and vocabularies.
        let history = try EndToEndTests.roster(["history", "member", "DV-00001", "--ledger", dir, "--lang", "vi"])
        #expect(history.code == 0)
        #expect(history.out.hasPrefix("Quá trình của đảng viên DV-00001"), "\(history.out.prefix(200))")
        #expect(history.out.contains("ngày hiệu lực") && history.out.contains("nội dung"))
        #expect(history.out.contains("01/01/2008") && history.out.contains("đăng ký ") && history.out.contains(", kết nạp ngày "))
        #expect(!history.out.contains("registered") && !history.out.contains("2008-01-01 "))
        // record: the echoed line stays JSON; --lang vi also says what was recorded.
        let recorded = try EndToEndTests.roster(["record", "unit-establish", "--ledger", dir, "--unit", "DBK", "--name", "Đảng bộ Khối cơ quan",
                                                 "--kind", "committee", "--parent", "TU", "--date", "2021-03-01", "--lang", "vi"])
        #expect(recorded.code == 0, "\(recorded.err)")
        #expect(recorded.out.hasPrefix("{\"seq\":") && recorded.out.contains("\"unit\":\"DBK\""))
        #expect(recorded.err.contains("đã ghi seq ") && recorded.err.contains("DBK thành lập \"Đảng bộ Khối cơ quan\"")
                && recorded.err.contains("trực thuộc TU, ngày 01/03/2021"), "\(recorded.err)")
        let badLanguage = try EndToEndTests.roster(["record", "unit-rename", "--ledger", dir, "--unit", "DBK", "--name", "x",
                                                    "--date", "2021-04-01", "--lang", "fr"])
        #expect(badLanguage.code == 2)
        let afterBad = try EndToEndTests.roster(["history", "unit", "DBK", "--ledger", dir, "--format", "json"])
        #expect(!afterBad.out.contains("unit.renamed"), "a refused --lang appends nothing")
    }

    /// Names as known at --known-at: a rename recorded later is not known yet; a retraction is.
    @Test func unitNamesAsKnownAt() throws {
        let dir = TestPaths.temporaryDirectory("unit-names")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText("""
            {"id":"u1","type":"unit.established","effective":"2010-01-01","unit":"TU","name":"Tỉnh ủy Cũ","kind":"committee"}
            {"id":"u2","type":"unit.established","effective":"2010-01-01","unit":"H","name":"Huyện ủy A","kind":"committee","parent":"TU"}
            """ + "\n", to: dir, now: Timestamp(seconds: 1_600_000_000))
        try appendText("""
            {"id":"u3","type":"unit.renamed","effective":"2015-01-01","unit":"TU","name":"Tỉnh ủy Mới"}
            {"id":"u4","type":"unit.renamed","effective":"2015-01-01","unit":"H","name":"Thị ủy A"}
            """ + "\n", to: dir, now: Timestamp(seconds: 1_700_000_000))
        try appendText("""
            {"id":"u5","type":"event.retracted","effective":"2015-01-01","target":"u4","reason":"wrong decision"}
            """ + "\n", to: dir, now: Timestamp(seconds: 1_800_000_000))
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let day = Day(iso: "2020-12-31")!
        let early = try ledger.unitDirectory(knownAt: Timestamp(seconds: 1_650_000_000))
        #expect(early.name(of: "TU", on: day) == "Tỉnh ủy Cũ" && early.name(of: "H", on: day) == "Huyện ủy A")
        let middle = try ledger.unitDirectory(knownAt: Timestamp(seconds: 1_750_000_000))
        #expect(middle.name(of: "TU", on: day) == "Tỉnh ủy Mới" && middle.name(of: "H", on: day) == "Thị ủy A")
        let now = try ledger.unitDirectory()
        #expect(now.name(of: "TU", on: day) == "Tỉnh ủy Mới" && now.name(of: "H", on: day) == "Huyện ủy A")
        #expect(now.name(of: "TU", on: Day(iso: "2014-12-31")!) == "Tỉnh ủy Cũ")
        #expect(now.parent(of: "H", on: day) == "TU" && now.root(on: day) == "TU")
    }
}
