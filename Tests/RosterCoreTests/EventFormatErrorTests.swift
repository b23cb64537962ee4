import Foundation
import Testing
@testable import RosterCore

/// The full decoder's refusals as values (event id, field, typed reason),
/// and the wording made from them for a representative few.
@Suite struct EventFormatErrorTests {
    func refusal(_ line: String) -> EventFormatError? {
        guard let value = try? JSONParser.parse(line) else { Issue.record("not JSON: \(line)"); return nil }
        do throws(EventFormatError) {
            _ = try EventDecoder.decode(value)
            return nil
        } catch {
            return error
        }
    }

    let member = #""id":"e1","type":"member.admitted","effective":"2020-01-01","member":"M1","unit":"C1""#

    @Test func fieldsOfEachReason() throws {
        let person = #""person":{"name":"A","birthDate":"1990-01-01","gender":"male"}"#
        var e = try #require(refusal("[1]"))
        #expect(e.eventID == nil && e.field == nil && e.reason == .wrongValue(expected: .jsonObject, found: .array))
        #expect(e.message == "expected a JSON object, found an array")

        e = try #require(refusal(#"{"id":"e1","type":"member.admited","effective":"2020-01-01"}"#))
        #expect(e.eventID == "e1" && e.field == "type" && e.reason == .unknownEventType(found: "member.admited", suggestion: "member.admitted"))
        #expect(e.message == "unknown event type \"member.admited\"; did you mean `member.admitted`?")

        e = try #require(refusal("{\(member),\(person),\"educaton\":\"x\"}"))
        #expect(e.field == "educaton")
        #expect(e.reason == .unknownField(of: .event(.memberAdmitted), allowed: ["member", "unit", "person", "education", "theory"], suggestion: "education"))
        #expect(e.message == "unknown field \"educaton\" for member.admitted (its fields: member, unit, person, education, theory); did you mean `education`?")

        e = try #require(refusal("{\(member)}"))
        #expect(e.eventID == "e1" && e.field == "person" && e.reason == .missingField)
        #expect(e.message == "missing field \"person\"")

        e = try #require(refusal("{\(member),\"person\":{\"name\":\"A\",\"birthDate\":\"1990-02-30\",\"gender\":\"male\"}}"))
        #expect(e.field == "person.birthDate" && e.reason == .wrongValue(expected: .date, found: .text("1990-02-30")))
        #expect(e.message == "person.birthDate: expected a date YYYY-MM-DD that exists, found \"1990-02-30\"")

        e = try #require(refusal("{\(member),\"person\":{\"name\":\"A\",\"birthDate\":\"1990-01-01\",\"gender\":\"Male\"}}"))
        #expect(e.field == "person.gender")
        #expect(e.reason == .notInVocabulary(allowed: Gender.allCases.map(\.rawValue), found: "Male", suggestion: "male"))
        #expect(e.message.hasPrefix("person.gender: expected one of ") && e.message.hasSuffix("; found \"Male\"; did you mean `male`?"))

        e = try #require(refusal("{\(member),\"person\":{\"name\":\"\",\"birthDate\":\"1990-01-01\",\"gender\":\"male\"}}"))
        #expect(e.field == "person.name" && e.reason == .wrongValue(expected: .name, found: .emptyString))
        #expect(e.message == "person.name: expected a name, found an empty string")

        e = try #require(refusal("{\(member),\"person\":{\"name\":\"A\",\"age\":3}}"))
        #expect(e.field == "person.age" && e.reason == .unknownField(of: .person, allowed: ["name", "birthDate", "gender", "ethnicity", "religion"], suggestion: nil))
        #expect(e.message == "unknown field \"person.age\" (a person has: name, birthDate, gender, ethnicity, religion)")

        e = try #require(refusal(#"{"id":"e2","type":"unit.rated","effective":"2020-01-01","unit":"C1","year":1899,"rating":"strong"}"#))
        #expect(e.field == "year" && e.reason == .wrongValue(expected: .integerIn(RuleConstants.years), found: .integer(1899)))
        #expect(e.message == "year: expected an integer from 1900 to 2999, found 1899")

        e = try #require(refusal(#"{"id":"e3","type":"member.awarded","effective":"2020-01-01","member":"M1","badge":"30"}"#))
        #expect(e.field == "badge" && e.reason == .wrongValue(expected: .integer, found: .string("30")))
        #expect(e.message == "badge: expected an integer, found the string \"30\"")

        e = try #require(refusal(#"{"id":"e4","type":"unit.merged","effective":"2020-01-01","units":["A",""],"into":"B"}"#))
        #expect(e.field == "units[1]" && e.reason == .wrongValue(expected: .listedIdentifier(RuleConstants.idLength), found: .string("")))
        #expect(e.message == "units[1]: expected a unit id (a string of 1 to 128 characters), found the string \"\"")

        e = try #require(refusal(#"{"id":"e5","type":"unit.reclassified","effective":"2020-01-01","unit":"C1"}"#))
        #expect(e.field == nil && e.reason == .needsOneOf(.unitReclassified, fields: ["kind", "category", "place"]))
        #expect(e.message == "unit.reclassified needs \"kind\", \"category\" or \"place\"")

        e = try #require(refusal(#"{"id":"e6","type":"member.updated","effective":"2020-01-01","member":"M1"}"#))
        #expect(e.reason == .needsOneOf(.memberUpdated, fields: ["name", "gender", "ethnicity", "religion", "birthDate", "education", "theory"]))
        #expect(e.message == "member.updated needs at least one of name, gender, ethnicity, religion, birthDate, education, theory")

        let plan = #""id":"p","type":"plan.adopted","effective":"2012-01-01","plan":"NQ","unit":"G","name":"Plan","from":2012,"to":2015"#
        e = try #require(refusal("{\(plan),\"targets\":[{\"indicator\":\"a\"},3]}"))
        #expect(e.field == "targets[1]" && e.reason == .wrongValue(expected: .object(fields: ["indicator", "min", "max"]), found: .number("3")))
        #expect(e.message == "targets[1]: expected an object with indicator, min, max, found the number 3")
        e = try #require(refusal("{\(plan),\"targets\":[{\"indicator\":\"a\",\"mean\":\"1\"}]}"))
        #expect(e.field == "targets[0].mean" && e.reason == .unknownField(of: .target, allowed: ["indicator", "min", "max"], suggestion: nil))
        #expect(e.message == "unknown field \"targets[0].mean\" (a target has: indicator, min, max)")

        e = try #require(refusal(#"{"id":"e7","type":"member.died","effective":"2020-01-01","member":"M1","recorded":"yesterday"}"#))
        #expect(e.field == "recorded" && e.reason == .wrongValue(expected: .timestamp, found: .text("yesterday")))
        #expect(e.message == "recorded: expected an RFC 3339 timestamp like 2023-01-16T05:00:01Z, found \"yesterday\"")

        let long = String(repeating: "x", count: 129)
        e = try #require(refusal("{\"id\":\"\(long)\",\"type\":\"member.died\"}"))
        #expect(e.eventID == nil && e.field == "id" && e.reason == .wrongValue(expected: .identifier(RuleConstants.idLength), found: .characters(129)))
        #expect(e.message == "id: expected an id of 1 to 128 characters, found 129 characters")
    }

    /// A long string found is cut in the prose, kept whole in the value.
    @Test func longFoundStringIsCutInTheMessageOnly() throws {
        let long = String(repeating: "y", count: 50)
        let e = try #require(refusal("{\"id\":\"e\",\"type\":\"member.died\",\"effective\":\"2020-01-01\",\"member\":\"M\",\"note\":[\"\(long)\"]}"))
        #expect(e.reason == .wrongValue(expected: .string, found: .array))
        let f = EventFormatError(field: "x", reason: .wrongValue(expected: .integer, found: .string(long)))
        #expect(f.message == "x: expected an integer, found the string \"\(String(repeating: "y", count: 40))…\"")
    }
}

/// The wording of the full decoder, byte for byte: 1,151 refused lines
/// (mutations of the sample history, one per distinct reason, field and
/// shape of value) with the message the decoder gave before its fields were
/// declared in `EventSchema`. Any change of wording shows here.
@Suite struct EventFormatWordingTests {
    @Test func everyRefusalIsWordedAsBefore() throws {
        let url = FastEventDecoderTests.root.appendingPathComponent("Tests/Fixtures/decoder-messages/refusals.jsonl")
        let data = try Data(contentsOf: url)
        var checked = 0
        for line in data.split(separator: 0x0A) {
            guard case .object(let o) = try JSONParser.parse(Array(line)),
                  case .string(let text)? = o["line"], case .string(let message)? = o["message"] else {
                Issue.record("a fixture line without line and message")
                continue
            }
            do throws(EventFormatError) {
                _ = try EventDecoder.decode(try! JSONParser.parse(Array(text.utf8)))
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.message == message, "\(text)")
            }
            checked += 1
        }
        #expect(checked > 1000)
    }
}
