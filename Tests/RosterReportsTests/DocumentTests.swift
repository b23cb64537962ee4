import Foundation
import Testing
import RosterCore
@testable import RosterReports

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ZipTests {
    @Test func crc32StandardVectors() {
        // IEEE 802.3 CRC-32 check values (the log's CRC-32C gives e3069283 for "123456789").
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum([UInt8](repeating: 0, count: 32)) == 0x190A_55AD)
    }

    @Test func storedArchiveReadsBack() throws {
        var rng = SplitMix64Local(seed: 14)
        var writer = ZipWriter()
        var expected: [(String, [UInt8])] = []
        for i in 0..<12 {
            let data = (0..<Int(rng.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let name = i == 3 ? "word/tài liệu \(i).xml" : "part/\(i).bin"
            writer.add(name, data)
            expected.append((name, data))
        }
        writer.add("empty", [])
        expected.append(("empty", []))
        let bytes = writer.finished()
        let entries = try ZipReader.entries(bytes)
        #expect(entries.count == expected.count)
        for (e, x) in zip(entries, expected) {
            #expect(e.name == x.0)
            #expect(e.data == x.1)
        }
        // Deterministic: the same entries give the same bytes.
        var again = ZipWriter()
        for (n, d) in expected { again.add(n, d) }
        #expect(again.finished() == bytes)
        // Every header is where the format says: a local header first, the end record last.
        #expect(Array(bytes.prefix(4)) == [0x50, 0x4b, 0x03, 0x04])
        #expect(Array(bytes.suffix(22).prefix(4)) == [0x50, 0x4b, 0x05, 0x06])
    }

    @Test func readerRefusesDamage() throws {
        var zip = ZipWriter()
        zip.add("a.txt", text: "hello, zip")
        var bytes = zip.finished()
        bytes[30 + 5 + 2] ^= 0x01  // a byte of the data: the CRC-32 no longer matches
        #expect(throws: ZipReader.Failure.self) { try ZipReader.entries(bytes) }
        #expect(throws: ZipReader.Failure.self) { try ZipReader.entries(Array(bytes.dropLast())) }
    }

    /// Python's zipfile, when the machine has Python, agrees (CI may not: then only the reader above checks).
    @Test func pythonZipfileAgreesWhenPresent() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { return }
        var zip = ZipWriter()
        zip.add("x/y.txt", text: "Số liệu & <chi bộ>")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roster-zip-\(getpid()).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(zip.finished()).write(to: URL(fileURLWithPath: path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.write(z.read('x/y.txt').decode())", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "Số liệu & <chi bộ>")
    }
}

/// A tiny seeded generator (the reports' tests do not link RosterTestSupport).
struct SplitMix64Local {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct DOCXTests {
    static let hostile = "Chi bộ <b>&\"x\"</b> 'y' \u{01}\u{07}\u{0B}\u{1F}\u{FFFE} end"

    static func units(district: String, name: String) -> UnitDirectory {
        var d = UnitDirectory()
        let events: [(String, EventBody)] = [
            ("2009-01-01", .unitEstablished(unit: "P", name: "Tỉnh ủy Bình Sơn", kind: .committee, category: .partyAgency, parent: nil)),
            ("2009-01-01", .unitEstablished(unit: district, name: name, kind: .committee, category: nil, parent: "P")),
            ("2012-01-01", .unitRenamed(unit: district, name: name + " (mới)")),
        ]
        for (i, (day, body)) in events.enumerated() {
            d.add(Event(id: "u-\(i)", effective: Day(iso: day)!, body: body), seq: Int64(i + 1))
        }
        return d
    }

    func parts(_ bytes: [UInt8]) throws -> [String: String] {
        var out: [String: String] = [:]
        for e in try ZipReader.entries(bytes) { out[e.name] = String(decoding: e.data, as: UTF8.self) }
        return out
    }

    func wellFormed(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        return parser.parse()
    }

    @Test(arguments: Language.allCases)
    func compareDocumentIsCompleteAndEscaped(language: Language) throws {
        let district = "D<&>\"'"
        let p = Province.sample(district: district, ethnicity: Self.hostile)
        let r = try p.reporter().compare(from: d2010, to: d2020, unit: district)
        var defaults = Letterhead.Defaults()
        defaults.recipients = ["Ban Tổ chức <Trung ương>", "Lưu & VP"]
        defaults.signer = "Nguyễn \"Văn\" An\u{02}"
        let head = Letterhead.make(units: Self.units(district: district, name: Self.hostile), unit: district, on: d2020,
                                   defaults: defaults, place: "Hà Tĩnh", dated: Day(iso: "2021-01-15")!, number: "12-BC/HU",
                                   signerTitle: "Phó Bí thư")
        let files = try parts(Render.docx(r, language: language, letterhead: head))
        for name in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
                     "word/footnotes.xml", "word/footer1.xml", "word/_rels/document.xml.rels", "docProps/core.xml"] {
            let xml = try #require(files[name], "\(name) missing")
            #expect(wellFormed(xml), "\(name) is well-formed XML")
            #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(name) holds no control characters")
        }
        let doc = files["word/document.xml"]!
        // Hostile names are escaped, never markup.
        #expect(!doc.contains("<b>") && !doc.contains("<B>"))
        #expect(doc.contains("Chi bộ &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt; &apos;y&apos;  end"))
        #expect(doc.contains("Ban Tổ chức &lt;Trung ương&gt;"))
        // A4 portrait, margins, Times New Roman 14 pt.
        #expect(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" w:orient=\"portrait\"/>"))
        #expect(doc.contains("w:top=\"1134\"") && doc.contains("w:left=\"1701\"") && doc.contains("w:right=\"1134\""))
        #expect(files["word/styles.xml"]!.contains("w:ascii=\"Times New Roman\""))
        #expect(files["word/styles.xml"]!.contains("<w:sz w:val=\"28\"/>"))
        // Letterhead: the superior (the district's parent) above the district's name on the report's date.
        let vi = language == .vi
        #expect(doc.contains("TỈNH ỦY BÌNH SƠN"))
        #expect(doc.contains(WordML.text(Self.hostile.uppercased() + " (MỚI)")))
        #expect(doc.contains(vi ? "ĐẢNG CỘNG SẢN VIỆT NAM" : "COMMUNIST PARTY OF VIETNAM"))
        #expect(doc.contains(vi ? "Số 12-BC/HU" : "No. 12-BC/HU"))
        #expect(doc.contains(vi ? "Hà Tĩnh, ngày 15 tháng 01 năm 2021" : "Hà Tĩnh, 15 January 2021"))
        #expect(doc.contains(vi ? "T/M BAN THƯỜNG VỤ" : "ON BEHALF OF THE STANDING COMMITTEE"))
        #expect(doc.contains("PHÓ BÍ THƯ") && doc.contains("Nguyễn &quot;Văn&quot; An"))
        #expect(doc.contains(vi ? "Nơi nhận:" : "Recipients:"))
        // The scope by name, not by code.
        #expect(doc.contains(WordML.text(Self.hostile + " (mới)")))
        // The figures, as the language writes them; the narrative opens the body.
        let n = NumberFormat(language)
        #expect(doc.contains(">\(n.integer(r.to.total))<"))
        let share = n.share(r.to.byEducation["postgraduate"], of: r.to.total).replacing(" %", with: "\u{00A0}%")
        #expect(doc.contains(">\(share)<"))
        #expect(doc.contains(WordML.text(Narrative.compare(r, language: language))))
        // The ledger head is a footnote, not body text; page numbers are a PAGE field in the footer.
        #expect(!doc.contains(String(repeating: "ab", count: 32)))
        #expect(doc.contains("<w:footnoteReference w:id=\"1\"/>"))
        #expect(files["word/footnotes.xml"]!.contains(String(repeating: "ab", count: 32)))
        #expect(files["word/footnotes.xml"]!.contains(vi ? "Số liệu trích từ sổ đảng viên điện tử, bản ghi" : "Figures from the electronic member ledger, record"))
        #expect(files["word/footer1.xml"]!.contains(" PAGE "))
    }

    @Test func everyReportHasADocument() throws {
        let r = Province.sample().reporter()
        let head = Letterhead(organisation: "Tỉnh ủy", code: "P")
        let documents = [
            Render.docx(try r.snapshot(at: d2020, unit: nil), language: .vi, letterhead: head),
            Render.docx(try r.flows(from: d2010, to: d2020, unit: nil), language: .vi, letterhead: head),
            Render.docx(try r.ratings(year: 2020, unit: nil), language: .vi, letterhead: head),
            Render.docx(try r.series(from: d2010, to: d2020, every: .year, unit: nil), language: .en, letterhead: head),
        ]
        for bytes in documents {
            let files = try parts(bytes)
            #expect(wellFormed(files["word/document.xml"] ?? ""))
            #expect(files["word/document.xml"]!.contains("TỈNH ỦY"))
        }
        // Without a number or a date, the document leaves room to fill them in by hand.
        let doc = try parts(documents[0])["word/document.xml"]!
        #expect(doc.contains("-BC/P<"))
        #expect(doc.contains("ngày\u{00A0}\u{00A0}\u{00A0}\u{00A0}tháng"))
    }

    @Test func unitDirectoryFollowsRenamesMovesAndRetractions() throws {
        var d = UnitDirectory()
        func add(_ seq: Int64, _ day: String, _ body: EventBody, id: String? = nil) {
            d.add(Event(id: id ?? "e\(seq)", effective: Day(iso: day)!, body: body), seq: seq)
        }
        add(1, "2009-01-01", .unitEstablished(unit: "P", name: "Tỉnh ủy", kind: .committee, category: nil, parent: nil))
        add(2, "2009-01-01", .unitEstablished(unit: "Q", name: "Tỉnh ủy khác", kind: .committee, category: nil, parent: nil))
        add(3, "2009-01-01", .unitEstablished(unit: "A", name: "Huyện ủy A", kind: .committee, category: nil, parent: "P"))
        add(4, "2015-01-01", .unitRenamed(unit: "A", name: "Thị ủy A"))
        add(5, "2016-01-01", .unitMoved(unit: "A", parent: "Q"))
        add(6, "2017-01-01", .unitRenamed(unit: "A", name: "Thành ủy A"), id: "wrong")
        add(7, "2017-02-01", .eventRetracted(target: "wrong", reason: "typo"))
        #expect(d.name(of: "A", on: Day(iso: "2014-12-31")!) == "Huyện ủy A")
        #expect(d.name(of: "A", on: Day(iso: "2015-01-01")!) == "Thị ủy A")
        #expect(d.name(of: "A", on: Day(iso: "2020-01-01")!) == "Thị ủy A")
        #expect(d.parent(of: "A", on: Day(iso: "2015-12-31")!) == "P")
        #expect(d.parent(of: "A", on: Day(iso: "2016-01-01")!) == "Q")
        #expect(d.root(on: Day(iso: "2020-01-01")!) == "P")
        #expect(d.name(of: "A", on: Day(iso: "2000-01-01")!) == "Huyện ủy A")
        #expect(d.name(of: "nope", on: Day(iso: "2020-01-01")!) == nil)
        #expect(d.kind(of: "A", on: Day(iso: "2020-01-01")!) == .committee)
        add(8, "2009-01-01", .unitEstablished(unit: "C", name: "Chi bộ thôn 1", kind: .grassrootsCell, category: .village, parent: "A"))
        add(9, "2019-01-01", .unitReclassified(unit: "C", kind: .cell, category: nil))
        #expect(d.kind(of: "C", on: Day(iso: "2018-12-31")!) == .grassrootsCell)
        #expect(d.kind(of: "C", on: Day(iso: "2019-01-01")!) == .cell)
        let cell = Letterhead.make(units: d, unit: "C", on: Day(iso: "2020-01-01")!, defaults: Letterhead.Defaults())
        let ratings = try Province.sample().reporter().ratings(year: 2020, unit: nil)
        #expect(OfficeLayout(DocumentBuilder(.vi).ratings(ratings), cell, .vi).mandateLine == "T/M CHI BỘ")
        #expect(OfficeLayout(DocumentBuilder(.vi).ratings(ratings), cell, .en).mandateLine == "ON BEHALF OF THE PARTY CELL")
        #expect(cell.superior == "Thị ủy A" && cell.organisation == "Chi bộ thôn 1")
    }

    @Test func letterheadDefaultsParseAndRefuse() throws {
        let d = try Letterhead.Defaults.parse(Array("""
            {"place": "Hà Tĩnh", "signer": "Nguyễn Văn An", "signerTitle": "Bí thư", "recipients": ["A", "B"], "number": "-BC/TU"}
            """.utf8), file: "letterhead.json")
        #expect(d.place == "Hà Tĩnh" && d.signer == "Nguyễn Văn An" && d.recipients == ["A", "B"] && d.number == "-BC/TU")
        #expect(throws: LetterheadError.self) { try Letterhead.Defaults.parse(Array("{\"plase\": \"x\"}".utf8), file: "l.json") }
        #expect(throws: LetterheadError.self) { try Letterhead.Defaults.parse(Array("{\"recipients\": \"x\"}".utf8), file: "l.json") }
        #expect(throws: LetterheadError.self) { try Letterhead.Defaults.parse(Array("[1]".utf8), file: "l.json") }
        do {
            _ = try Letterhead.Defaults.parse(Array("{\"place\": 3}".utf8), file: "dir/letterhead.json")
            Issue.record("a number for place was accepted")
        } catch let e as LetterheadError {
            #expect(e.message == "dir/letterhead.json: \"place\": expected a string")
        }
        // Options win over the defaults; the superior of a root comes from the defaults.
        var units = UnitDirectory()
        units.add(Event(id: "x", effective: Day(iso: "2009-01-01")!,
                        body: .unitEstablished(unit: "TU", name: "Tỉnh ủy Bình Sơn", kind: .committee, category: nil, parent: nil)), seq: 1)
        var defaults = d
        defaults.superior = "Ban Chấp hành Trung ương"
        let head = Letterhead.make(units: units, unit: nil, on: d2020, defaults: defaults, place: "Bình Sơn")
        #expect(head.place == "Bình Sơn" && head.organisation == "Tỉnh ủy Bình Sơn" && head.superior == "Ban Chấp hành Trung ương")
        #expect(head.code == "TU" && head.signerTitle == "Bí thư")
    }

    @Test(arguments: Language.allCases)
    func htmlPrintLayoutCarriesTheLetterhead(language: Language) throws {
        let p = Province.sample(district: "D-1")
        let r = try p.reporter().compare(from: d2010, to: d2020, unit: "D-1")
        let head = Letterhead.make(units: Self.units(district: "D-1", name: "Huyện ủy <Sơn Lộc>"), unit: "D-1", on: d2020,
                                   defaults: Letterhead.Defaults(), place: "Hà Tĩnh", dated: Day(iso: "2021-01-15")!, signer: "Trần Bình")
        let html = Render.compare(r, format: .html, language: language, letterhead: head)
        #expect(html.contains("HUYỆN ỦY &lt;SƠN LỘC&gt; (MỚI)"))
        #expect(html.contains("TỈNH ỦY BÌNH SƠN"))
        #expect(html.contains(language == .vi ? "Hà Tĩnh, ngày 15 tháng 01 năm 2021" : "Hà Tĩnh, 15 January 2021"))
        #expect(html.contains("Trần Bình"))
        #expect(html.contains("size: A4 portrait; margin: 20mm 20mm 20mm 30mm"))
        #expect(html.contains("content: counter(page)"))
        #expect(html.contains("class=\"footnote\""))
        // The charts stay; the unit's name replaces its code in the scope line.
        #expect(html.components(separatedBy: "<figure>").count - 1 >= 6)
        #expect(html.contains("Huyện ủy &lt;Sơn Lộc&gt; (mới)"))
        // The hash is in the footnote only.
        let hash = String(repeating: "ab", count: 32)
        #expect(html.components(separatedBy: hash).count - 1 == 1)
        #expect(html.range(of: hash)!.lowerBound > html.range(of: "class=\"footnote\"")!.lowerBound)
    }
}

@Suite struct VietnameseVocabularyTests {
    @Test func religionsRecordedInEnglishReadInVietnameseAndVietnameseStaysAsEntered() {
        let vi = Localizer(.vi), en = Localizer(.en)
        #expect(vi.term(.religion, "Buddhist") == "Phật giáo")
        #expect(vi.term(.religion, "Catholic") == "Công giáo")
        #expect(en.term(.religion, "Buddhist") == "Buddhist")
        #expect(vi.term(.religion, "Phật giáo") == "Phật giáo")
        #expect(en.term(.religion, "Công giáo") == "Công giáo")
        #expect(vi.term(.ethnicity, "Kinh") == "Kinh")
        #expect(vi.term(.religion, "none") == "Không")
    }
}

