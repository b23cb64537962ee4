import Testing
import RosterCore
@testable import RosterReports

@Suite struct JSONOutputTests {
    @Test func escapesEveryValueAndKeepsKeyOrder() throws {
        let doc = JSONOutput.object([("b", .string("Đảng \"x\"\n\u{01}")), ("a", .array([.int(1), .null, .bool(true)]))])
        let text = doc.serialized(pretty: false)
        #expect(text == "{\"b\":\"Đảng \\\"x\\\"\\n\\u0001\",\"a\":[1,null,true]}")
        #expect(try JSONParser.parse(doc.serialized(pretty: true)) == JSONParser.parse(text))
    }
}
