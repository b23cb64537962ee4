import Testing
@testable import RosterCore
@testable import RosterReports

/// The documents of `report places` and `report progress`: words in both
/// languages, numbers as offices write them, JSON for the whole plan.
@Suite struct PlacesPlansRenderTests {
    static let provenance = Provenance(ledger: LedgerHead(seq: 7, hash: .zero), knownAt: nil)

    static func target(_ indicator: String, min: String? = nil, max: String? = nil) -> PlanTarget {
        PlanTarget(indicator: indicator, min: min.flatMap(PlanNumber.init), max: max.flatMap(PlanNumber.init))
    }

    static let targets = [target("admissions", min: "140", max: "160"), target("grassroots-weak", max: "0.5"),
                          target("places-with-cell:village", min: "93")]

    static func year(_ y: Int) -> ProgressYear {
        ProgressYear(year: y, status: .evaluated, targets: [
            TargetResult(target: targets[0], value: .count(149), met: true),
            TargetResult(target: targets[1], value: .percent(part: 1, whole: 109), met: false),
            TargetResult(target: targets[2], value: nil, met: nil),
        ])
    }

    static let oneYear = ProgressReport(plan: "NQ-01", name: "Nghị quyết Đại hội", unit: "P", from: 2021, to: 2025, year: 2022,
                                        provenance: provenance, targets: targets, years: [year(2022)])

    @Test func oneYearInVietnamese() {
        let text = Render.progress(Self.oneYear, format: .table, language: .vi)
        for word in ["Chỉ tiêu", "Kết quả", "Đạt", "Không đạt", "Chưa xác định", "106,43 %", "140–160", "≤ 0,5 %", "0,9 %",
                     "Thôn, bản, tổ dân phố có chi bộ", "Kết nạp đảng viên mới", "năm 2022"] {
            #expect(text.contains(word), "\(word) in\n\(text)")
        }
        let en = Render.progress(Self.oneYear, format: .markdown, language: .en)
        for word in ["| Members admitted | 140–160 | 149 | 106.43 % | met |", "not met", "unknown"] {
            #expect(en.contains(word), "\(word) in\n\(en)")
        }
    }

    @Test func oneYearJSONHasTheContractsKeys() throws {
        guard case .object(let o) = try JSONParser.parse(ReportJSON.progress(Self.oneYear).serialized()) else { Issue.record("not an object"); return }
        #expect(o.entries.map(\.key) == ["plan", "name", "unit", "year", "knownAt", "ledger", "targets", "met", "notMet", "unknown"])
        guard case .array(let ts)? = o["targets"], case .object(let weak) = ts[1], case .object(let village) = ts[2] else { Issue.record("targets"); return }
        #expect(weak.entries.map(\.key) == ["indicator", "max", "value", "met"])
        #expect(weak["value"] == .number("0.9"))
        #expect(village["value"] == .null && village["met"] == .null)
        #expect(o["met"] == .number("1") && o["notMet"] == .number("1") && o["unknown"] == .number("1"))
    }

    @Test func theWholePlanLeavesYearsToComeEmpty() throws {
        var r = Self.oneYear
        r.year = nil
        r.years = [Self.year(2021), Self.year(2022), ProgressYear(year: 2023, status: .unitInactive, targets: []),
                   ProgressYear(year: 2024, status: .toCome, targets: []), ProgressYear(year: 2025, status: .toCome, targets: [])]
        let csv = Render.progress(r, format: .csv, language: .en)
        #expect(csv.contains("targets,admissions,Members admitted,,140–160,149,met,149,met,–,,,,,\r\n"))
        let json = ReportJSON.progress(r).serialized()
        guard case .object(let o) = try JSONParser.parse(json), case .array(let years)? = o["years"] else { Issue.record(Comment(rawValue: json)); return }
        #expect(o.entries.map(\.key) == ["plan", "name", "unit", "from", "to", "knownAt", "ledger", "years"])
        #expect(years.count == 5)
        if case .object(let y2024) = years[3] {
            #expect(y2024["status"] == .string("to-come") && y2024["targets"] == .null)
        }
        let html = Render.progress(r, format: .html, language: .vi)
        #expect(html.contains("<th scope=\"col\">2025</th>"))
    }

    @Test func placesInBothLanguages() {
        var counts = [PlaceCounts](repeating: PlaceCounts(), count: PlaceKind.allCases.count)
        counts[0].open = 143; counts[0].withCell = 8; counts[0].withMembers = 135
        let r = PlacesReport(at: Day(iso: "2020-12-31")!, unit: nil, provenance: Self.provenance, byKind: counts,
                             withoutCell: [PlaceRow(place: "TH-07", name: "Thôn Đông", kind: .village, unit: "G-1")])
        let vi = Render.places(r, format: .table, language: .vi)
        for word in ["Thôn, bản, tổ dân phố", "Trạm y tế", "Chưa có chi bộ", "Chưa có đảng viên", "Thôn Đông", "TH-07", "31/12/2020", "135"] {
            #expect(vi.contains(word), "\(word) in\n\(vi)")
        }
        let json = ReportJSON.places(r).serialized()
        #expect(json.contains(#""village": {"open": 143, "withCell": 8, "withMembers": 135, "withoutCell": 135, "withoutMembers": 8}"#))
        #expect(json.contains(#"{"place": "TH-07", "name": "Thôn Đông", "kind": "village", "unit": "G-1"}"#))
        let csv = Render.places(r, format: .csv, language: .en)
        #expect(csv.contains("byKind,total,Total,,143,8,135,135,8,,,\r\n"))
    }
}

@Suite struct PlacesPlansWordsTests {
    /// Every place kind and every indicator of the catalogue has its own
    /// label in both languages, and the Vietnamese one is not the English one.
    @Test func everyKindAndIndicatorHasAVietnameseLabel() {
        let vi = PlacesPlansWords(l: Localizer(.vi)), en = PlacesPlansWords(l: Localizer(.en))
        for k in PlaceKind.allCases {
            #expect(vi.kind(k) != en.kind(k) && !vi.kind(k).isEmpty, "\(k)")
        }
        var names = Indicator.plain.map(\.0)
        for k in PlaceKind.allCases { names += ["places-with-cell:\(k.rawValue)", "places-with-members:\(k.rawValue)"] }
        for n in names {
            #expect(Indicator(name: n)?.name == n)
            #expect(vi.indicator(n) != en.indicator(n) && vi.indicator(n) != n && en.indicator(n) != n, "\(n)")
        }
        #expect(Set(names.map { vi.indicator($0) }).count == names.count)
    }
}
