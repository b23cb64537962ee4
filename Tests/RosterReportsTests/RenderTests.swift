import Testing
@testable import RosterCore
@testable import RosterReports
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

let d2010 = Day(iso: "2010-12-31")!, d2020 = Day(iso: "2020-12-31")!

@Suite struct CSVTests {
    static let nasty = ["Thái \"Đen\", Sơn La", "dòng 1\ndòng 2", "=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "Ê-đê"]

    @Test(arguments: nasty)
    func quotingRoundTripsAndNeutralisesFormulas(ethnicity: String) throws {
        let r = Province.sample(ethnicity: ethnicity).reporter()
        let compare = try r.compare(from: d2010, to: d2020, unit: nil)
        for language in Language.allCases {
            let text = Render.compare(compare, format: .csv, language: language)
            #expect(text.hasSuffix("\r\n"))
            let records = CSVReader.parse(text)
            let width = records[0].count
            #expect(records.allSatisfy { $0.count == width }, "every record has \(width) fields")
            #expect(Array(records[0].prefix(4)) == ["section", "key", "label", "value"])
            let rows = records.filter { $0[0] == "byEthnicity" }
            let expected = "=+-@".contains(ethnicity.first!) ? "'" + ethnicity : ethnicity
            #expect(rows.contains { $0[1] == expected && $0[2] == expected }, "\(ethnicity) round trips as \(expected)")
            // No text cell of any record starts a formula.
            for record in records {
                for (i, cell) in record.enumerated() where i < 4 {
                    #expect(!(cell.first.map { "=+-@".contains($0) } ?? false), "cell \(cell) starts a formula")
                }
            }
        }
    }

    @Test func figuresArePlainNumbersWithTheirColumns() throws {
        let r = Province.sample().reporter()
        let compare = try r.compare(from: d2010, to: d2020, unit: nil)
        let records = CSVReader.parse(Render.compare(compare, format: .csv, language: .vi))
        let header = records[0]
        #expect(header == ["section", "key", "label", "value", "from_count", "from_share", "to_count", "to_share", "change", "change_pp", "count"])
        func row(_ section: String, _ key: String) -> [String: String] {
            let r = records.first { $0[0] == section && $0[1] == key }!
            return Dictionary(uniqueKeysWithValues: zip(header, r))
        }
        let total = row("members", "total")
        #expect(total["label"] == "Tổng số")
        #expect(total["from_count"] == String(compare.from.total))
        #expect(total["to_count"] == String(compare.to.total))
        #expect(total["change"] == String(compare.to.total - compare.from.total))
        let post = row("byEducation", "postgraduate")
        #expect(post["label"] == "Trên đại học")
        #expect(post["from_share"] == NumberFormat(.en).fixed(scaled: NumberFormat.shareScaled(compare.from.byEducation["postgraduate"], of: compare.from.total, decimals: 2)!, decimals: 2))
        #expect(post["change_pp"]!.contains("."))
        // A decrease stays a number (it is not text a spreadsheet could run).
        let died = row("flows.out", "died")
        #expect(died["count"] == "1")
        let university = row("byEducation", "university")
        #expect(Int(university["change"]!) == compare.to.byEducation["university"] - compare.from.byEducation["university"])
        #expect(row("report", "ledger.hash")["value"] == String(repeating: "ab", count: 32))
        #expect(row("report", "knownAt")["value"] == "")
        #expect(row("flows.struckOffByReason", "abandoned-activities")["count"] == "1")
    }
}

@Suite struct HTMLTests {
    static let markup = "<script>alert(1)</script> & \"quotes\" 'single'"

    func page(_ language: Language) throws -> (html: String, report: CompareReport) {
        let p = Province.sample(district: Self.markup, ethnicity: "<img src=x onerror=alert(2)>")
        let r = p.reporter()
        let compare = try r.compare(from: d2010, to: d2020, unit: Self.markup)
        let series = try r.series(from: d2010, to: d2020, every: .year, unit: Self.markup)
        return (Render.compare(compare, format: .html, language: language, series: series), compare)
    }

    @Test(arguments: Language.allCases)
    func everyValueIsEscaped(language: Language) throws {
        let (html, _) = try page(language)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
    }

    @Test(arguments: Language.allCases)
    func selfContainedWithChartsAndTables(language: Language) throws {
        let (html, report) = try page(language)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
        // Nothing fetched: no external URL other than the SVG namespace, no script, no font.
        let withoutNamespace = html.replacing("xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        #expect(!html.contains("@import") && !html.contains("url(") && !html.contains("<link"))
        #expect(html.contains("@media print") && html.contains("size: A4"))
        // Each chart: well-formed SVG with a title, a description, marks, and a data table after it.
        var charts: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>") {
            charts.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        #expect(charts.count == 7)
        for svg in charts {
            let delegate = MarkCounter()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = delegate
            #expect(parser.parse(), "SVG is well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(delegate.marks > 0)
            #expect(delegate.elements.contains("title") && delegate.elements.contains("desc"))
            #expect(delegate.texts.count >= 3, "axis titles and value labels")
        }
        #expect(html.components(separatedBy: "<figure>").count - 1 == 7)
        #expect(html.components(separatedBy: "<table class=\"data\">").count - 1 >= 7)
        // The numbers are the report's, in the language's format.
        let n = NumberFormat(language)
        #expect(html.contains(n.integer(report.to.total)))
        let share = n.share(report.to.byEducation["postgraduate"], of: report.to.total).replacing(" %", with: "&#160;%")
        #expect(html.contains("<td>\(share)</td>"))
        #expect(html.contains(HTMLRender.prose(Narrative.compare(report, language: language))))
    }

    @Test func snapshotAndSeriesPages() throws {
        let r = Province.sample().reporter()
        let snap = Render.snapshot(try r.snapshot(at: d2020, unit: nil), format: .html, language: .vi)
        #expect(snap.contains("Đảng viên theo độ tuổi"))
        #expect(snap.components(separatedBy: "class=\"mark\"").count > 10)
        let series = Render.series(try r.series(from: d2010, to: d2020, every: .quarter, unit: nil), format: .html, language: .en)
        #expect(series.contains("<circle class=\"mark\""))
        #expect(series.contains("<path class=\"mark line\""))
        let flows = Render.flows(try r.flows(from: d2010, to: d2020, unit: nil), format: .html, language: .en)
        #expect(flows.contains("chart-flows"))
        let ratings = Render.ratings(try r.ratings(year: 2020, unit: nil), format: .html, language: .vi)
        #expect(ratings.contains("Trong sạch vững mạnh"))
    }
}

final class MarkCounter: NSObject, XMLParserDelegate {
    var marks = 0
    var elements = Set<String>()
    var texts: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.insert(name)
        if ["rect", "path", "circle"].contains(name), attributes["class"]?.contains("mark") == true { marks += 1 }
        if name == "text" { texts.append("") }
    }
}

@Suite struct TextFormatTests {
    @Test func tableHasATitleLineAndAlignedColumns() throws {
        let r = Province.sample().reporter()
        let compare = try r.compare(from: d2010, to: d2020, unit: "D-1")
        let text = Render.compare(compare, format: .table, language: .vi)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = lines[0]
        #expect(title.contains("So sánh"))
        #expect(title.contains("31/12/2010") && title.contains("31/12/2020"))
        #expect(title.contains("phạm vi: D-1"))
        #expect(title.contains("seq \(compare.from.provenance.ledger.seq)"))
        #expect(title.contains("hash abababababab"))
        #expect(title.contains("dữ liệu hiện có"))
        // The education block: every line as wide as its rule, numbers right-aligned.
        let start = try #require(lines.firstIndex { $0.hasPrefix("Trình độ chuyên môn") })
        let rule = lines[start + 1]
        let block = lines[(start + 2)...].prefix { !$0.isEmpty }
        #expect(block.count == 6)
        for line in block { #expect(line.count == rule.count, "\(line)") }
        let post = try #require(block.first { $0.hasPrefix("Trên đại học") })
        #expect(post.hasSuffix("điểm %") == false)
        #expect(post.contains("%"))
        #expect(lines[start].contains("Tăng/giảm (điểm %)"))
        let en = Render.compare(compare, format: .table, language: .en)
        #expect(en.contains("Change (pp)"))
        #expect(en.split(separator: "\n")[0].contains("scope: D-1"))
    }

    @Test func snapshotTableInBothLanguages() throws {
        let r = Province.sample().reporter()
        let snap = try r.snapshot(at: d2020, unit: nil)
        let vi = Render.snapshot(snap, format: .table, language: .vi)
        #expect(vi.contains("Tổng số"))
        #expect(vi.contains("Chưa rõ"))
        #expect(vi.contains("toàn đảng bộ"))
        let en = Render.snapshot(snap, format: .table, language: .en)
        #expect(en.contains("Postgraduate"))
        #expect(en.contains("whole ledger"))
    }

    @Test func markdownHasHeadingsAndPipeTables() throws {
        let r = Province.sample(district: "D|1").reporter()
        let snap = try r.snapshot(at: d2020, unit: "D|1")
        let md = Render.snapshot(snap, format: .markdown, language: .vi)
        let lines = md.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("# "))
        #expect(md.contains("D\\|1"))
        #expect(lines.filter { $0.hasPrefix("## ") }.count == 10)
        for (i, line) in lines.enumerated() where line.hasPrefix("| --- |") {
            let columns = lines[i - 1].components(separatedBy: " | ").count
            var j = i + 1
            while j < lines.count, lines[j].hasPrefix("|") {
                #expect(lines[j].components(separatedBy: " | ").count == columns, "\(lines[j])")
                j += 1
            }
        }
    }
}

@Suite struct NarrativeTests {
    @Test(arguments: Language.allCases)
    func containsTheNumbersOfTheReport(language: Language) throws {
        let r = Province.sample().reporter()
        let c = try r.compare(from: d2010, to: d2020, unit: nil)
        let text = Narrative.compare(c, language: language)
        let n = NumberFormat(language)
        let (a, b) = (c.from, c.to)
        func part(_ x: Int, _ w: Int) -> String { "\(n.integer(x))/\(n.integer(w))" }
        var expected = [n.integer(a.total), n.integer(b.total),
                        n.percent(NumberFormat.compoundAnnualGrowth(from: a.total, to: b.total, years: 10)!, decimals: 2),
                        n.integer(b.full), n.integer(b.probationary)]
        for key in ["postgraduate", "university"] {
            expected += [part(a.byEducation[key], a.total), part(b.byEducation[key], b.total),
                         n.share(a.byEducation[key], of: a.total, decimals: 2), n.share(b.byEducation[key], of: b.total, decimals: 2)]
        }
        for key in ["advanced", "intermediate"] {
            expected += [part(a.byTheory[key], a.total), part(b.byTheory[key], b.total)]
        }
        expected += [part(a.byGender["female"], a.total), part(b.byGender["female"], b.total)]
        expected += [part(a.byAge["18-30"], a.total), part(b.byAge["61+"], b.total)]
        let pp = NumberFormat.pointsScaled(from: a.byEducation["postgraduate"], of: a.total, to: b.byEducation["postgraduate"], of: b.total, decimals: 2)!
        expected.append(n.fixed(scaled: abs(pp), decimals: 2))
        expected += [n.integer(c.flows.inflow["admitted"]), n.integer(c.flows.confirmed)]
        for phrase in expected { #expect(text.contains(phrase), "\(phrase) in: \(text)") }
        if language == .vi {
            #expect(text.hasPrefix("Số lượng đảng viên không thay đổi: 6 (năm 2010) và 6 (năm 2020)"))
            #expect(text.contains("điểm phần trăm"))
            #expect(text.contains("xóa tên 1 (bỏ sinh hoạt đảng 1)"))
            #expect(text.contains("khai trừ 1"))
            #expect(text.contains("từ trần 1"))
            #expect(text.contains("Trong giai đoạn 2011–2020"))
        } else {
            #expect(text.contains("percentage points"))
            #expect(text.contains("struck off 1 (abandoned party activities 1), expelled 1, died 1"))
            #expect(text.contains("Between 2011 and 2020"))
        }
    }

    @Test func theExampleOfTheIssueReadsAsWritten() {
        // 7,786 members in 2010 (231 postgraduate), 8,197 in 2020 (1,250).
        func snapshot(_ at: Day, total: Int, postgraduate: Int) -> SnapshotReport {
            let p = Provenance(ledger: LedgerHead(seq: 1, hash: .zero), knownAt: nil)
            func tally(_ keys: [String], _ first: Int = 0) -> Tally { Tally(keys.enumerated().map { (key: $1, count: $0 == 0 ? first : 0) }) }
            return SnapshotReport(at: at, unit: nil, provenance: p, total: total, full: total, probationary: 0, exempted: 0,
                                  byAge: tally(AgeBands.standard.labels), byEducation: tally(Education.allCases.map(\.rawValue) + ["unknown"], postgraduate),
                                  byTheory: tally(Theory.allCases.map(\.rawValue) + ["unknown"]), byGender: tally(["male", "female", "unknown"]),
                                  byEthnicity: Tally([]), byReligion: Tally([]), byCategory: tally(UnitCategory.allCases.map(\.rawValue) + ["unknown"]),
                                  grassroots: 0, unitsByKind: tally(UnitKind.allCases.map(\.rawValue)),
                                  grassrootsByCategory: tally(UnitCategory.allCases.map(\.rawValue) + ["unknown"]))
        }
        let flows = FlowsReport(from: d2010, to: d2020, unit: nil, provenance: Provenance(ledger: LedgerHead(seq: 1, hash: .zero), knownAt: nil),
                                start: 7786, end: 8197, inflow: Tally([("admitted", 411)]), outflow: Tally([]),
                                struckOffByReason: Tally([]), units: Tally([]))
        let c = CompareReport(from: snapshot(d2010, total: 7786, postgraduate: 231), to: snapshot(d2020, total: 8197, postgraduate: 1250), flows: flows)
        let vi = Narrative.compare(c, language: .vi)
        #expect(vi.hasPrefix("Số lượng đảng viên tăng từ 7.786 (năm 2010) lên 8.197 (năm 2020), bình quân tăng 0,52 %/năm"))
        #expect(vi.contains("Trình độ trên đại học năm 2010 là 231/7.786 (chiếm 2,97 %), năm 2020 là 1.250/8.197 (chiếm 15,25 %), tăng 12,28 điểm phần trăm"))
        let en = Narrative.compare(c, language: .en)
        #expect(en.hasPrefix("The number of party members rose from 7,786 (2010) to 8,197 (2020), an average growth of 0.52 % a year"))
        #expect(en.contains("231/7,786 (2.97 %) in 2010 and 1,250/8,197 (15.25 %) in 2020, up 12.28 percentage points"))
    }
}
