import Testing
@testable import RosterAdoption
import RosterCore

@Suite struct CSVTests {
    func parse(_ text: String) throws -> [CSVRecord] { try CSV.parse(Array(text.utf8)) }

    @Test func readsPlainRowsWithRowNumbers() throws {
        let r = try parse("a,b,c\n1,2,3\n")
        #expect(r == [CSVRecord(row: 1, fields: ["a", "b", "c"]), CSVRecord(row: 2, fields: ["1", "2", "3"])])
    }

    @Test func stripsTheByteOrderMark() throws {
        let r = try CSV.parse([0xEF, 0xBB, 0xBF] + Array("Họ và tên,x\r\nA,1\r\n".utf8))
        #expect(r[0].fields == ["Họ và tên", "x"])
        #expect(r[1].fields == ["A", "1"])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let r = try parse("name,note\r\n\"Nguyễn, Văn A\",\"line 1\r\nline \"\"2\"\"\"\r\nB,x\r\n")
        #expect(r.count == 3)
        #expect(r[1].fields == ["Nguyễn, Văn A", "line 1\r\nline \"2\""])
        #expect(r[1].row == 2)
        // The quoted line break does not start a row: B is on row 4 of the file.
        #expect(r[2] == CSVRecord(row: 4, fields: ["B", "x"]))
    }

    @Test func acceptsLFCRAndNoFinalLineBreak() throws {
        #expect(try parse("a,b\rc,d").map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(try parse("a,b\nc,d").map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(try parse("a,\"\"").map(\.fields) == [["a", ""]])
    }

    @Test func skipsBlankRowsButCountsThem() throws {
        let r = try parse("a,b\n\n,\n1,2\n")
        #expect(r.map(\.row) == [1, 4])
    }

    @Test func semicolonSeparatorWhenTheHeaderHasNoComma() throws {
        #expect(try parse("a;b\n1,5;2\n").map(\.fields) == [["a", "b"], ["1,5", "2"]])
        #expect(try parse("a,b;c\n1,2\n").map(\.fields) == [["a", "b;c"], ["1", "2"]])
    }

    @Test func refusesAnUnclosedQuote() {
        #expect(throws: CSVError(row: 2, message: "field 2: a quoted field is never closed")) { try parse("a,b\nx,\"open\n") }
    }

    @Test func refusesTextAfterAClosingQuote() {
        #expect(throws: CSVError(row: 1, message: "field 1: text after the closing quote")) { try parse("\"a\"b,c\n") }
    }

    @Test func refusesAStrayQuote() {
        #expect(throws: CSVError(row: 2, message: "field 1: a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")")) {
            try parse("a\nab\"c\n")
        }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: CSVError(row: 2, message: "field 2 is not valid UTF-8 (save the file as UTF-8)")) {
            try CSV.parse(Array("a,b\nx,".utf8) + [0xC3, 0x28] + [10])
        }
    }

    @Test func writerQuotesOnlyWhatNeedsIt() {
        #expect(CSV.write([["a", "b c", "d,e", "say \"hi\"", "two\nlines", " pad"]])
                == "a,b c,\"d,e\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\"\r\n")
    }

    @Test(arguments: ["=1+2", "+33", "-1", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\",\"y\")"])
    func writerNeutralisesFormulas(_ text: String) throws {
        let written = CSV.write([[text]])
        #expect(written.hasPrefix("'") || written.hasPrefix("\"'"))
        // Read back and un-neutralised, the value is what it was.
        let back = try CSV.parse(Array(written.utf8))
        #expect(CSV.unneutralise(back[0].fields[0]) == text)
    }

    @Test func unneutraliseLeavesOrdinaryApostrophes() {
        #expect(CSV.unneutralise("'tis") == "'tis")
        #expect(CSV.unneutralise("O'Neil") == "O'Neil")
        #expect(CSV.unneutralise("'=x") == "=x")
    }

    @Test func writeThenParseRoundTrips() throws {
        let rows = [["id", "name", "note"], ["1", "Trần Thị \"Bé\", Hà Nội", "a\r\nb"], ["2", "", "'quoted"]]
        #expect(try CSV.parse(Array(CSV.write(rows).utf8)).map(\.fields) == rows)
    }
}
