import Testing
import RosterCore
@testable import RosterReports

@Suite struct LocalizationTests {
    static func keys<V: CaseIterable & RawRepresentable>(_: V.Type) -> [String] where V.RawValue == String {
        V.allCases.map(\.rawValue)
    }

    /// Every key of every closed vocabulary of docs/FORMAT.md has its own label in
    /// both languages, and the Vietnamese one is not the English one.
    @Test func everyVocabularyKeyHasAVietnameseLabel() {
        let vocabularies: [(Vocabulary, [String])] = [
            (.unitKind, Self.keys(UnitKind.self)), (.unitCategory, Self.keys(UnitCategory.self)),
            (.unitRating, Self.keys(UnitRating.self)), (.memberRating, Self.keys(MemberRating.self)),
            (.memberStatus, Self.keys(MemberStatus.self)), (.gender, Self.keys(Gender.self)),
            (.education, Self.keys(Education.self)), (.theory, Self.keys(Theory.self)),
            (.strikeOffReason, Self.keys(StrikeOffReason.self)), (.penalty, Self.keys(Penalty.self)),
            (.eventType, Self.keys(EventType.self)), (.interval, Self.keys(SeriesInterval.self)),
        ]
        let vi = Localizer(.vi), en = Localizer(.en)
        for (vocabulary, keys) in vocabularies {
            for key in keys {
                #expect(Localizer.hasLabel(vocabulary, key), "\(vocabulary) \(key) has no label")
                #expect(vi.term(vocabulary, key) != en.term(vocabulary, key), "\(vocabulary) \(key): same label in vi and en")
                #expect(!vi.term(vocabulary, key).isEmpty)
            }
        }
        #expect(vi.term(.education, "unknown") == "Chưa rõ")
        #expect(vi.term(.unitCategory, "unknown") == "Chưa rõ")
        #expect(vi.term(.ethnicity, "Kinh") == "Kinh")
        for text in Localizer.Text.allCases {
            #expect(Localizer.texts[text] != nil, "no words for \(text)")
        }
    }

    /// Every row key and section of every report has a label; in Vietnamese
    /// none of them is left as the English key.
    @Test func everyReportKeyIsTranslated() throws {
        let r = Province.sample().reporter()
        let compare = try r.compare(from: Day(iso: "2010-12-31")!, to: Day(iso: "2020-12-31")!, unit: nil)
        let ratings = try r.ratings(year: 2020, unit: nil)
        let series = try r.series(from: Day(iso: "2010-12-31")!, to: Day(iso: "2012-12-31")!, every: .year, unit: nil)
        let b = DocumentBuilder(.vi)
        for doc in [b.compare(compare), b.ratings(ratings), b.snapshot(compare.to), b.flows(compare.flows), b.series(series)] {
            for section in doc.sections {
                #expect(section.title != section.id)
                for row in section.rows where !["byAge", "byEthnicity", "byReligion", "points"].contains(section.id) {
                    #expect(row.label != row.key, "\(doc.kind) \(section.id).\(row.key) is not translated")
                }
                for column in section.columns where !column.title.contains("/") && column.title != "%" {
                    #expect(column.title != column.id)
                }
            }
        }
    }

    @Test func theWordsOfAVietnameseReview() {
        let vi = Localizer(.vi)
        #expect(vi.text(.members) == "Đảng viên")
        #expect(vi.term(.members, "total") == "Tổng số")
        #expect(vi.term(.members, "full") == "Chính thức")
        #expect(vi.term(.members, "probationary") == "Dự bị")
        #expect(vi.term(.members, "exempted") == "Miễn sinh hoạt")
        #expect(vi.text(.byAge) == "Độ tuổi")
        #expect(vi.text(.byEducation) == "Trình độ chuyên môn")
        #expect(vi.term(.education, "postgraduate") == "Trên đại học")
        #expect(vi.term(.education, "university") == "Đại học")
        #expect(vi.term(.education, "college") == "Cao đẳng")
        #expect(vi.term(.education, "intermediate") == "Trung cấp")
        #expect(vi.term(.education, "basic") == "Sơ cấp")
        #expect(vi.text(.byTheory) == "Lý luận chính trị")
        #expect(vi.term(.theory, "advanced").hasPrefix("Cao cấp"))
        #expect(vi.term(.theory, "intermediate") == "Trung cấp")
        #expect(vi.term(.theory, "elementary") == "Sơ cấp")
        #expect(vi.text(.byGender) == "Giới tính")
        #expect(vi.term(.gender, "male") == "Nam")
        #expect(vi.term(.gender, "female") == "Nữ")
        #expect(vi.text(.byEthnicity) == "Dân tộc")
        #expect(vi.text(.byReligion) == "Tôn giáo")
        #expect(vi.text(.grassroots) == "Tổ chức cơ sở đảng")
        #expect(vi.term(.unitKind, "grassroots-committee") == "Đảng bộ cơ sở")
        #expect(vi.term(.unitKind, "grassroots-cell") == "Chi bộ cơ sở")
        #expect(vi.term(.outflow, "struckOff") == "Xóa tên")
        #expect(vi.term(.inflow, "admitted") == "Kết nạp")
        #expect(vi.date(Day(iso: "2010-12-31")!) == "31/12/2010")
        #expect(Localizer(.en).date(Day(iso: "2010-12-31")!) == "2010-12-31")
    }
}
