import Foundation
import Testing
@testable import RosterCore
import RosterReports
import RosterStore

/// The officers' reports in every format and both languages, on the
/// conformance-extended ledger: the official Vietnamese labels, the same
/// figures in every format, CSV safe for spreadsheets.
@Suite struct OfficersRenderTests {
    func reporter() throws -> (Reporter, Ledger) {
        let c = try ExtendedConformance.shared()
        let ledger = try Ledger.openForReading(directory: c.ledger)
        return (try ledger.reporter(knownAt: nil, knownAtText: nil), ledger)
    }

    @Test func badgeRoundsCarryTheOfficialLabels() throws {
        let (reporter, ledger) = try reporter()
        defer { ledger.close() }
        let r = try reporter.badges(round: Day(iso: "2022-05-19")!, unit: nil)
        #expect(!r.due.isEmpty)
        let vi = Render.badges(r, format: .table, language: .vi)
        #expect(vi.contains("Đợt 19/5/2022"))
        #expect(vi.contains("Huy hiệu 60 năm tuổi Đảng"))
        let en = Render.badges(r, format: .markdown, language: .en)
        #expect(en.contains("Round of 19 May 2022") && en.contains("60-year party badge"))
        for format in OutputFormat.allCases {
            for language in Language.allCases {
                let text = Render.badges(r, format: format, language: language)
                // Every due member appears in every format.
                for row in r.due { #expect(text.contains(row.member), "\(format) \(language) \(row.member)") }
            }
        }
    }

    @Test func formOneHasTheFormsRowLabels() throws {
        let (reporter, ledger) = try reporter()
        defer { ledger.close() }
        let r = try reporter.form1(from: Day(iso: "2015-12-31")!, to: Day(iso: "2016-06-30")!, unit: nil)
        let vi = Render.form1(r, format: .table, language: .vi)
        for label in ["Số đảng viên đầu kỳ", "Kết nạp", "Phục hồi đảng tịch", "Chuyển đến", "Từ trần", "Khai trừ", "Xóa tên",
                      "trong đó: dự bị", "Xin ra khỏi Đảng", "Chuyển đi", "Số đảng viên cuối kỳ", "Cùng kỳ năm trước", "Tỷ lệ %"] {
            #expect(vi.contains(label), "\(label)")
        }
        #expect(vi.contains("103,7 %"), "Vietnamese numbers")
        let csv = Render.form1(r, format: .csv, language: .en)
        #expect(csv.contains("rows,start,Members at the start,,224,216,103.70"))
        for format in OutputFormat.allCases { #expect(!Render.form1(r, format: format, language: .vi).isEmpty) }
    }

    @Test func formThreeInEveryFormat() throws {
        let (reporter, ledger) = try reporter()
        defer { ledger.close() }
        let r = try reporter.form3(at: Day(iso: "2020-12-31")!, unit: nil)
        for format in OutputFormat.allCases {
            for language in Language.allCases {
                let text = Render.form3(r, format: format, language: language)
                #expect(text.contains(language == .vi && format != .json && format != .csv ? "50,9" : "50.9"), "\(format) \(language): the average age")
            }
        }
        #expect(Render.form3(r, format: .table, language: .vi).contains("Tuổi đảng từ 30 năm trở lên"))
        #expect(Render.form3(r, format: .html, language: .en).hasPrefix("<!DOCTYPE html>"))
    }

    @Test func memberListsAsCSVAreSafeForSpreadsheets() throws {
        let row = MembersReport.Row(member: "M1", name: "=HYPERLINK(\"http://x\")", unit: "+C1", status: .full, exempted: false,
                                    birthDate: Day(iso: "1980-02-01")!, gender: .female, education: .university, theory: nil,
                                    ethnicity: "@Kinh", religion: nil, admitted: Day(iso: "2005-05-19")!, partyAge: 15)
        let r = MembersReport(at: Day(iso: "2020-12-31")!, unit: nil,
                              provenance: Provenance(ledger: LedgerHead(seq: 1, hash: .zero), knownAt: nil),
                              filters: [(key: "education", value: "university")], rows: [row])
        let csv = Render.members(r, format: .csv, language: .en)
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "member,name,unit,status,exempted,birthDate,gender,education,theory,ethnicity,religion,admitted,partyAge")
        #expect(lines[1] == #"M1,"'=HYPERLINK(""http://x"")",'+C1,full,false,1980-02-01,female,university,,'@Kinh,,2005-05-19,15"#)
        let vi = Render.members(r, format: .csv, language: .vi)
        #expect(vi.hasPrefix("\u{FEFF}Mã đảng viên,Họ và tên"))
        #expect(vi.contains("01/02/1980") && vi.contains("'=HYPERLINK"))
        let json = Render.members(r, format: .json, language: .vi)
        #expect(json.contains(#""theory": null"#) && json.contains(#""where": {"education": "university"}"#))
    }
}
