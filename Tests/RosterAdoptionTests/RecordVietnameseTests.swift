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
}
