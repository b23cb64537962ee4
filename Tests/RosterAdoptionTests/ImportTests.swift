import Testing
@testable import RosterAdoption
import RosterCore

@Suite struct ImportTests {
    let asOf = Day(iso: "2010-01-01")!

    func records(_ text: String) throws -> [CSVRecord] { try CSV.parse(Array(text.utf8)) }

    func members(_ text: String) throws -> ImportPlan {
        try Adoption.members(try records(text), asOf: asOf, file: "members.csv", defaultStatus: .probationary)
    }

    func problems(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let e as ImportError {
            return e.messages
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    static let vietnameseHeader = "STT,Mã đảng viên,Họ và tên,Ngày sinh,Giới tính (Nam/Nữ),Dân tộc,Tôn giáo,Chi bộ,Ngày vào Đảng,Ngày chính thức,Trình độ chuyên môn (Trên đại học/Đại học/Cao đẳng/Trung cấp/Sơ cấp),Lý luận chính trị (Cao cấp/Trung cấp/Sơ cấp/Không)"

    @Test func vietnameseHeadersAndValues() throws {
        let plan = try members(Self.vietnameseHeader + "\n"
            + "1,DV001,\"Nguyễn Văn A\",01/02/1970,Nam,Kinh,,CB-01,03/02/1995,03/02/1996,Đại học,Trung cấp\n"
            + "2,DV002,Trần Thị B,1980-05-06,Nữ,Tày,Phật giáo,CB-01,1/6/2009,,Cao đẳng,Không\n")
        #expect(plan.items.map(\.id) == ["import-member-DV001", "import-member-DV002"])
        #expect(plan.items.map(\.row) == [2, 3])
        #expect(plan.jsonLines == """
            {"admitted":"1995-02-03","education":"university","effective":"2010-01-01","id":"import-member-DV001","member":"DV001","note":"confirmed 1996-02-03","person":{"birthDate":"1970-02-01","ethnicity":"Kinh","gender":"male","name":"Nguyễn Văn A"},"status":"full","theory":"intermediate","type":"member.registered","unit":"CB-01"}
            {"admitted":"2009-06-01","education":"college","effective":"2010-01-01","id":"import-member-DV002","member":"DV002","person":{"birthDate":"1980-05-06","ethnicity":"Tày","gender":"female","name":"Trần Thị B","religion":"Phật giáo"},"status":"probationary","theory":"none","type":"member.registered","unit":"CB-01"}

            """)
        // Every line decodes as an event.
        for line in plan.jsonLines.split(separator: "\n") {
            _ = try EventDecoder.decode(try JSONParser.parse(String(line)))
        }
    }

    @Test func englishHeadersInAnyOrderAndCase() throws {
        let plan = try members("Unit,NAME,member,gender,birthDate,theory,education,admitted\nCB-2,Lê C,M-9,female,1990-01-01,advanced,postgraduate,2008-05-05\n")
        #expect(plan.jsonLines == #"{"admitted":"2008-05-05","education":"postgraduate","effective":"2010-01-01","id":"import-member-M-9","member":"M-9","person":{"birthDate":"1990-01-01","gender":"female","name":"Lê C"},"status":"probationary","theory":"advanced","type":"member.registered","unit":"CB-2"}"# + "\n")
    }

    @Test func statusColumnMakesAFullMemberWithoutAConfirmationDate() throws {
        let plan = try members("member,name,birthDate,gender,unit,status\nM1,A,1970-01-01,Nam,C,Chính thức\nM2,B,1970-01-01,Nam,C,full\n")
        for item in plan.items { #expect(item.fields["status"] == .string("full")) }
    }

    /// No silent default: a row with neither a status nor a confirmation
    /// date is an error naming the row, unless a status is given for the
    /// whole file; a row's own status wins over the file's.
    @Test func aRowWithoutStatusNeedsOneForTheWholeFile() throws {
        let text = "member,name,birthDate,gender,unit,confirmed,status\nM1,A,1970-01-01,Nam,C,,\nM2,B,1970-01-01,Nam,C,2001-01-01,\nM3,C,1970-01-01,Nam,C,,Dự bị\n"
        let messages = problems { _ = try Adoption.members(try records(text), asOf: asOf, file: "members.csv") }
        #expect(messages == ["members.csv row 2, column status: missing: give the status (Chính thức or Dự bị) or a confirmation date on the row, or --status full|probationary for the whole file"])
        let plan = try Adoption.members(try records(text), asOf: asOf, file: "members.csv", defaultStatus: .full)
        #expect(plan.items.map { $0.fields["status"] } == [.string("full"), .string("full"), .string("probationary")])
    }

    @Test func everyBadRowIsNamedWithColumnAndValue() {
        let messages = problems {
            _ = try members("member,name,birthDate,gender,unit,admitted,confirmed,education,theory\n"
                + "M1,A,31/02/1980,Nam,CB-01,,,,\n"
                + "M2,,1980-01-01,X,CB-01,,,Tiến sĩ,\n"
                + "M3,C,1980-01-01,Nữ,CB-01,2009-01-01,2005-01-01,PhD,Cử nhân\n"
                + "M1,D,1980-01-01,Nam,,2011-01-01,,,lots\n")
        }
        #expect(messages == [
            "members.csv row 2, column birthDate: \"31/02/1980\" is not a date (dd/mm/yyyy or YYYY-MM-DD)",
            "members.csv row 3, column name: missing (required)",
            "members.csv row 3, column gender: \"X\" is not one of Nam, Nữ (or male, female)",
            "members.csv row 4, column education: \"PhD\" is not one of Trên đại học, Đại học, Cao đẳng, Trung cấp, Sơ cấp (or postgraduate, university, college, intermediate, basic)",
            "members.csv row 4, column confirmed: \"2005-01-01\" is before the admission date 2009-01-01",
            "members.csv row 5, column unit: missing (required)",
            "members.csv row 5, column theory: \"lots\" is not one of Cao cấp, Trung cấp, Sơ cấp, Không (or advanced, intermediate, elementary, none)",
            "members.csv row 5, column member: \"M1\" is already on row 2",
            "members.csv row 5, column admitted: \"2011-01-01\" is after the import date 2010-01-01",
        ])
    }

    @Test func columnNamesInMessagesAreTheFilesOwn() {
        let messages = problems {
            _ = try members(Self.vietnameseHeader + "\n1,DV1,A,1/13/1970,Nam,,,CB,,,,\n")
        }
        #expect(messages == ["members.csv row 2, column Ngày sinh: \"1/13/1970\" is not a date (dd/mm/yyyy or YYYY-MM-DD)"])
    }

    @Test func rowNumbersCountQuotedLineBreaks() {
        let messages = problems {
            _ = try members("member,name,birthDate,gender,unit\nM1,\"two\nlines\",1970-01-01,Nam,C\nM2,B,1970-01-01,?,C\n")
        }
        #expect(messages == ["members.csv row 4, column gender: \"?\" is not one of Nam, Nữ (or male, female)"])
    }

    @Test func unknownRepeatedAndMissingColumns() {
        let messages = problems {
            _ = try members("member,name,Họ và tên,birthday,gender\nM1,A,A,1970-01-01,Nam\n")
        }
        #expect(messages.count == 4)
        #expect(messages[0] == "members.csv row 1, column 3: \"Họ và tên\" repeats column \"name\" (name)")
        #expect(messages[1].hasPrefix("members.csv row 1, column 4: unknown column \"birthday\"; expected member (Mã đảng viên), name (Họ và tên), birthDate (Ngày sinh),"))
        #expect(messages[2] == "members.csv row 1: missing column birthDate (Ngày sinh)")
        #expect(messages[3] == "members.csv row 1: missing column unit (Chi bộ)")
    }

    @Test func extraFieldsInARowAreRefused() {
        let messages = problems { _ = try members("member,name,birthDate,gender,unit\nM1,A,1970-01-01,Nam,C,surprise\n") }
        #expect(messages == ["members.csv row 2: 6 fields, the header has 5"])
    }

    @Test func emptyFileAndHeaderOnly() {
        #expect(problems { _ = try members("") } == ["members.csv: empty file (expected a header row)"])
        #expect(problems { _ = try members("member,name,birthDate,gender,unit\n") } == ["members.csv: no member rows"])
    }

    @Test func neutralisedFormulasAreReadBack() throws {
        let plan = try members("member,name,birthDate,gender,unit\nM1,'=cmd,1970-01-01,Nam,C\n")
        guard case .object(let person)? = plan.items[0].fields["person"] else { Issue.record("no person"); return }
        #expect(person["name"] == .string("=cmd"))
    }

    @Test(arguments: [("01/02/1970", "1970-02-01"), ("1/2/1970", "1970-02-01"), ("29.02.2000", "2000-02-29"),
                      ("31-12-1999", "1999-12-31"), ("1999-12-31", "1999-12-31"), (" 05/06/2007 ", "2007-06-05")])
    func datesInBothForms(_ text: String, _ iso: String) {
        #expect(Adoption.parseDate(text)?.description == iso)
    }

    @Test(arguments: ["29/02/2001", "2001/02/03", "1/2/70", "12/31/1999", "", "ngày 1"])
    func impossibleDates(_ text: String) {
        #expect(Adoption.parseDate(text) == nil)
    }

    @Test func vocabularies() {
        #expect(Adoption.gender("NỮ") == .female)
        #expect(Adoption.education("trên  đại học") == .postgraduate)
        #expect(Adoption.education("Sơ cấp") == .basic)
        #expect(Adoption.theory("Cao cấp") == .advanced)
        #expect(Adoption.theory("Sơ cấp") == .elementary)
        #expect(Adoption.theory("Không") == Theory.none)
        // Decomposed (NFD) Vietnamese, as some spreadsheets save it.
        #expect(Adoption.gender("Nu\u{031B}\u{0303}") == .female)
        #expect(Adoption.kind("Chi bộ cơ sở") == .grassrootsCell)
    }

    @Test func unitsParentsFirstWhateverTheRowOrder() throws {
        let plan = try Adoption.units(try records("""
            Mã tổ chức,Tên tổ chức,Loại tổ chức,Loại hình,Trực thuộc
            CB-01,"Chi bộ 1, Phòng A",Chi bộ,,DB-X
            DB-X,Đảng bộ X,Đảng bộ cơ sở,administration,H
            H,Huyện ủy,committee,,

            """), asOf: asOf, file: "units.csv")
        #expect(plan.items.map(\.id) == ["import-unit-H", "import-unit-DB-X", "import-unit-CB-01"])
        #expect(plan.items.map(\.row) == [4, 3, 2])
        #expect(plan.items[2].fields["name"] == .string("Chi bộ 1, Phòng A"))
        #expect(plan.items[2].fields["kind"] == .string("cell"))
        #expect(plan.items[1].fields["category"] == .string("administration"))
    }

    @Test func unitsNeedADate() {
        let messages = problems {
            _ = try Adoption.units(try records("unit,name,kind\nU1,One,cell\n"), asOf: nil, file: "units.csv")
        }
        #expect(messages == ["units.csv row 2, column established: missing: give the date in this column or --as-of"])
    }

    @Test func unitsEstablishedColumnAndCycles() throws {
        let plan = try Adoption.units(try records("unit,name,kind,established\nU1,One,committee,15/03/2001\n"), asOf: nil, file: "u.csv")
        #expect(plan.items[0].fields["effective"] == .string("2001-03-15"))
        let messages = problems {
            _ = try Adoption.units(try records("unit,name,kind,parent\nA,a,committee,B\nB,b,committee,A\n"), asOf: asOf, file: "u.csv")
        }
        #expect(messages == ["u.csv row 2, column parent: unit A is its own ancestor"])
    }

    @Test func linesOfThePlanMapToTheirRows() throws {
        let plan = try members("member,name,birthDate,gender,unit\nM1,A,1970-01-01,Nam,C\n\nM2,B,1970-01-01,Nam,NOPE\n")
        #expect(plan.row(ofLine: 1) == 2)
        #expect(plan.row(ofLine: 2) == 4)
        #expect(plan.row(ofLine: 3) == nil)
        #expect(plan.row(ofLine: 0) == nil)
    }
}
