import Foundation
import Testing
import RosterCore
import RosterStore

/// `roster report places`, `roster report progress` and `roster import places`
/// through the executable: every format and language, the exit codes.
@Suite struct PlacesPlansCLITests {
    func run(_ args: String...) throws -> RosterBinary.Output {
        try RosterBinary.run(args, ledger: try ExtendedConformance.shared().ledger)
    }

    @Test func placesInEveryFormat() throws {
        let json = try run("report", "places", "--at", "2021-05-31", "--unit", "G7", "--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        guard case .object(let o) = try JSONParser.parse(json.stdout), case .array(let list)? = o["withoutCell"] else {
            Issue.record("not a places report: \(json.stdout)"); return
        }
        #expect(list.count == 1)
        let vi = try run("report", "places", "--at", "2021-05-31", "--lang", "vi")
        #expect(vi.status == 0, "\(vi.stderr)")
        for word in ["Thôn, bản, tổ dân phố", "Có chi bộ", "Chưa có chi bộ", "Địa bàn chưa có chi bộ", "Nơi 67", "31/05/2021"] {
            #expect(vi.stdout.contains(word), "\(word)")
        }
        let table = try run("report", "places", "--at", "2021-05-31")
        #expect(table.stdout.contains("Villages and residential groups") && table.stdout.contains("P78"))
        let csv = try run("report", "places", "--at", "2021-05-31", "--format", "csv")
        #expect(csv.stdout.contains("byKind,village,"))
        #expect(csv.stdout.contains("withoutCell,P1,Nơi 1,,,,,,,P1,Villages and residential groups,G2\r\n"))
        let md = try run("report", "places", "--at", "2021-05-31", "--format", "markdown")
        #expect(md.stdout.hasPrefix("# ") && md.stdout.contains("| Schools |"))
        let html = try run("report", "places", "--at", "2021-05-31", "--format", "html", "--lang", "vi")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("Địa bàn chưa có chi bộ"))
    }

    @Test func placesRefusals() throws {
        let inactive = try run("report", "places", "--at", "1990-01-01", "--unit", "G7")
        #expect(inactive.status == 1)
        #expect(inactive.stderr.contains("G7 is not active on 1990-01-01"))
        let unknown = try run("report", "places", "--at", "2020-01-01", "--unit", "NOPE")
        #expect(unknown.status == 1)
        let usage = try run("report", "places")
        #expect(usage.status == 2)
    }

    @Test func progressOfOneYear() throws {
        let vi = try run("report", "progress", "--plan", "NQ-38", "--year", "2011", "--lang", "vi")
        #expect(vi.status == 0, "\(vi.stderr)")
        for word in ["Chỉ tiêu", "Kết quả", "Đạt", "Không đạt", "66,7 %", "43,24 %", "≥ 44,86 %"] {
            #expect(vi.stdout.contains(word), "\(word) in \(vi.stdout)")
        }
        let en = try run("report", "progress", "--plan", "NQ-38", "--year", "2011", "--format", "csv")
        #expect(en.stdout.hasPrefix("section,key,label,value,target,result,ofPlan,assessment,count\r\n"))
        #expect(en.stdout.contains("targets,admissions,Members admitted,,≥ 37,16,43.24 %,not met,\r\n"))
        #expect(en.stdout.contains("targets,places-with-members:other,Other places with party members,,≥ 84 %,66.67,,not met,\r\n"))
        #expect(en.stdout.contains("summary,met,Targets met,,,,,,3\r\n"))
        let html = try run("report", "progress", "--plan", "NQ-38", "--year", "2011", "--format", "html")
        #expect(html.status == 0 && html.stdout.contains("Members admitted"))
    }

    @Test func progressOfTheWholePlan() throws {
        let json = try run("report", "progress", "--plan", "NQ-47", "--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        guard case .object(let o) = try JSONParser.parse(json.stdout), case .array(let years)? = o["years"] else {
            Issue.record("no years: \(json.stdout)"); return
        }
        #expect(years.count == 5)
        // G35 is established in 2011 and gone before the end of 2013.
        let statuses = years.map { y -> String in
            guard case .object(let yo) = y, case .string(let s)? = yo["status"] else { return "?" }
            return s
        }
        #expect(statuses == ["unit-inactive", "evaluated", "evaluated", "unit-inactive", "unit-inactive"])
        // The evaluated years are the one-year reports.
        let one = try run("report", "progress", "--plan", "NQ-47", "--year", "2012", "--format", "json")
        guard case .object(let single) = try JSONParser.parse(one.stdout), case .object(let y2012) = years[2] else {
            Issue.record("no 2012"); return
        }
        #expect(single["targets"] == y2012["targets"])
        let table = try run("report", "progress", "--plan", "NQ-47")
        #expect(table.stdout.contains("2010") && table.stdout.contains("2014"))
    }

    @Test func progressRefusals() throws {
        let outside = try run("report", "progress", "--plan", "NQ-38", "--year", "2019")
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("plan NQ-38 runs from 2011 to 2015; --year 2019 is outside it"))
        let inactive = try run("report", "progress", "--plan", "NQ-47", "--year", "2010")
        #expect(inactive.status == 1)
        #expect(inactive.stderr.contains("plan NQ-47: its unit G35 is not active on 2010-12-31 (not yet established)"))
        let unknown = try run("report", "progress", "--plan", "NOPE", "--year", "2010")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("plan NOPE does not exist in the ledger"))
        let notYet = try run("report", "progress", "--plan", "NQ-75", "--known-at", "2023-03-30T18:04:34Z")
        #expect(notYet.status == 1)
        #expect(notYet.stderr.contains("as known at 2023-03-30T18:04:34Z"))
        #expect(try run("report", "progress", "--year", "2012").status == 2)
        #expect(try run("report", "progress", "--plan", "NQ-38", "--year", "twenty").status == 2)
    }

    @Test func recordPlacesAndAwards() throws {
        let w = try Workspace("record-places")
        defer { w.remove() }
        #expect(try w.roster("record", "unit-establish", "--unit", "P", "--name", "Tỉnh", "--kind", "committee", "--date", "2010-01-01").status == 0)
        #expect(try w.roster("record", "unit-establish", "--unit", "G", "--name", "Xã", "--kind", "Đảng bộ cơ sở", "--parent", "P", "--date", "2010-01-01").status == 0)
        let place = try w.roster("record", "place-register", "--place", "T1", "--name", "Thôn 1", "--kind", "Thôn", "--unit", "G", "--date", "15/03/2010")
        #expect(place.status == 0, "\(place.stderr)")
        #expect(place.stdout.contains(#""kind":"village","name":"Thôn 1","place":"T1""#))
        let cell = try w.roster("record", "unit-establish", "--unit", "C1", "--name", "Chi bộ thôn 1", "--kind", "cell", "--parent", "G", "--place", "T1", "--date", "2010-04-01")
        #expect(cell.status == 0 && cell.stdout.contains(#""place":"T1""#), "\(cell.stderr)")
        let close = try w.roster("record", "place-close", "--place", "T1", "--date", "2011-01-01")
        #expect(close.status == 1)
        #expect(close.stderr.contains("place.closed T1: C1 is still organised in it on 2011-01-01"))
        #expect(try w.roster("record", "unit-reclassify", "--unit", "C1", "--place", "T2", "--date", "2011-01-01").status == 1)
        #expect(try w.roster("record", "registration", "--member", "M1", "--date", "2011-01-01").status == 2)
        let m = try w.roster("record", "admission", "--member", "M1", "--unit", "C1", "--name", "An", "--birth-date", "1980-01-01", "--gender", "Nam", "--date", "2011-01-01")
        #expect(m.status == 0, "\(m.stderr)")
        // Admitted 2011: the 30-year badge is far away; 35 is no badge.
        let early = try w.roster("record", "award", "--member", "M1", "--badge", "30", "--date", "2012-01-01")
        #expect(early.status == 1)
        #expect(early.stderr.contains("member.awarded M1: admitted 2011-01-01, reaches 30 years of party age on 2041-01-01"))
        let none = try w.roster("record", "award", "--member", "M1", "--badge", "35", "--date", "2041-01-01")
        #expect(none.status == 1 && none.stderr.contains("35 is not a party badge"))
        #expect(try w.roster("record", "award", "--member", "M1", "--badge", "30", "--date", "2041-02-03").status == 0)
        #expect(try w.head == 6)
    }

    @Test func importPlaces() throws {
        let w = try Workspace("import-places")
        defer { w.remove() }
        let units = "unit,name,kind,parent\nP,Province,committee,\nG,Commune,grassroots-committee,P\n"
        #expect(try w.roster("import", "units", try w.write("units.csv", units), "--as-of", "2010-01-01").status == 0)
        let places = """
        STT,Mã địa bàn,Tên địa bàn,Loại địa bàn,Tổ chức đảng phụ trách,Ngày đăng ký
        1,TH-1,Thôn Phú Lộc,Thôn,G,15/03/2010
        2,TR-1,Trường tiểu học,Trường học,G,15/03/2010
        3,YT-1,Trạm y tế xã,Trạm y tế,G,

        """
        let dry = try w.roster("import", "places", try w.write("places.csv", places, bom: true), "--as-of", "2010-06-01", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains(#""effective":"2010-03-15","id":"import-place-TH-1","kind":"village","name":"Thôn Phú Lộc","place":"TH-1","type":"place.registered","unit":"G""#))
        #expect(dry.stdout.contains(#""effective":"2010-06-01","id":"import-place-YT-1","kind":"health-station""#))
        let done = try w.roster("import", "places", "\(w.dir)/places.csv", "--as-of", "2010-06-01")
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("imported 3 places"))
        let report = try w.roster("report", "places", "--at", "2010-12-31", "--format", "json")
        #expect(report.stdout.contains(#""village": {"open": 1, "withCell": 0"#))
        // A bad kind, a missing date, and a unit that does not exist.
        let bad = try w.roster("import", "places", try w.write("bad.csv", "place,name,kind,unit\nX,Lâu đài,castle,G\nY,Thôn,village,G\n"))
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.csv row 2, column kind: \"castle\" is not one of"))
        #expect(bad.stderr.contains("bad.csv row 3, column registered: missing: give the date in this column or --as-of"))
        let orphan = try w.roster("import", "places", try w.write("orphan.csv", "place,name,kind,unit\nZ,Thôn Z,village,NOPE\n"), "--as-of", "2011-01-01")
        #expect(orphan.status == 1)
        #expect(orphan.stderr.contains("orphan.csv row 2 (import-place-Z): place.registered Z: unit NOPE does not exist on 2011-01-01"))
        #expect(try w.head == 5)
    }
}
