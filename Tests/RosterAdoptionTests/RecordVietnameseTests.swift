import Testing
@testable import RosterAdoption
import RosterCore

/// `roster record` takes the values of decisions as offices write them.
@Suite struct RecordVietnameseTests {
    func value(_ kind: String, _ flag: String, _ text: String, extra: [String: String] = [:]) throws -> String? {
        let o = try RecordEvent.build(kind: kind, values: ["id": "e-1", "date": "2020-05-01", "member": "M-1", flag: text].merging(extra) { a, _ in a })
        if case .string(let s)? = o[flag] { return s }
        return nil
    }

    @Test func vietnameseNamesOfPenaltiesReasonsAndRatings() throws {
        #expect(try value("discipline", "penalty", "khiển trách") == "reprimand")
        #expect(try value("discipline", "penalty", "Cảnh cáo") == "warning")
        #expect(try value("discipline", "penalty", "dismissal") == "dismissal")
        #expect(try value("strike-off", "reason", "Bỏ sinh hoạt  đảng") == "abandoned-activities")
        #expect(try value("strike-off", "reason", "không được công nhận chính thức") == "probation-not-confirmed")
        #expect(try value("rating", "rating", "Hoàn thành tốt nhiệm vụ", extra: ["year": "2020"]) == "good")
        #expect(try value("rating", "rating", "hoàn thành xuất sắc nhiệm vụ", extra: ["year": "2020"]) == "excellent")
        let unit = try RecordEvent.build(kind: "unit-rating", values: ["id": "e-2", "date": "2020-12-31", "unit": "C-1", "year": "2020",
                                                                       "rating": "Trong sạch vững mạnh tiêu biểu"])
        #expect(unit["rating"] == .string("clean-strong-exemplary"))
        // Anything else is still refused, with the English values named.
        do {
            _ = try value("discipline", "penalty", "khiển")
            Issue.record("an unknown penalty was accepted")
        } catch {
            #expect("\(error)" == "--penalty: expected one of reprimand, warning, dismissal, found \"khiển\"")
        }
    }

    /// The kinds by their Vietnamese names: every kind has one, no name
    /// means two kinds, and the event built is the one the English name builds.
    @Test func kindsByTheirVietnameseNames() throws {
        #expect(Set(RecordEvent.vietnameseKinds.map(\.0)) == Set(RecordEvent.kindNames))
        #expect(RecordEvent.vietnameseKinds.allSatisfy { !$0.1.isEmpty })
        let folded = RecordEvent.vietnameseKinds.flatMap { $0.1.map(RecordEvent.folded) }
        #expect(Set(folded).count == folded.count, "a Vietnamese name means one kind")
        #expect(Set(folded).isDisjoint(with: RecordEvent.kindNames.map(RecordEvent.folded)))
        for (english, names) in RecordEvent.vietnameseKinds {
            for name in names { #expect(RecordEvent.kindName(name) == english, "\(name)") }
        }
        #expect(RecordEvent.kindName("Kết-Nạp") == "admission")
        #expect(RecordEvent.kindName("kết  nạp lại") == "readmission")
        #expect(RecordEvent.kindName("XÓA TÊN") == "strike-off")
        #expect(RecordEvent.kindName("xoá-tên") == "strike-off")
        #expect(RecordEvent.kindName("ket nap") == nil, "names are matched with their diacritics")
        #expect(RecordEvent.kindName("Admission") == nil, "English names are exact, as before")
        #expect(RecordEvent.flags(of: "kỷ luật") == RecordEvent.flags(of: "discipline"))

        let values = ["id": "e-1", "date": "01/05/2020", "member": "M-1", "penalty": "Khiển trách"]
        #expect(try RecordEvent.build(kind: "kỷ luật", values: values) == RecordEvent.build(kind: "discipline", values: values))
        do {
            _ = try RecordEvent.build(kind: "kết nạpp", values: values)
            Issue.record("an unknown kind was accepted")
        } catch {
            #expect(error.message.hasPrefix("unknown kind \"kết nạpp\"; did you mean `kết nạp`?; expected one of admission, "))
        }
    }
}
