import Testing
@testable import RosterCore

/// The error `parse` throws for `bytes`, or nil when it parses.
private func parseError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String, limits: JSONLimits = .default) -> JSONParseError? {
    parseError(Array(text.utf8), limits: limits)
}

private func obj(_ pairs: (String, JSONValue)...) -> JSONValue {
    .object(JSONObject(pairs.map { JSONObject.Entry(key: $0.0, value: $0.1) }))
}

@Suite struct JSONParserTests {
    // MARK: Values

    @Test func scalars() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse("\"\"") == .string(""))
        #expect(try JSONParser.parse("\"abc\"") == .string("abc"))
        #expect(try JSONParser.parse(" \t\r\n 42 \n") == .number("42"))
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object(JSONObject([])))
    }

    @Test(arguments: ["0", "-0", "7", "-7", "123", "0.5", "-0.0", "10.25", "1e10", "1E10", "1e+2", "1e-2",
                      "-0.0e0", "2.5E-007", "12345678901234567890123456789", "9007199254740993"])
    func numbersKeepTheirLiteral(_ literal: String) throws {
        #expect(try JSONParser.parse(literal) == .number(literal))
        #expect(try JSONParser.parse("[\(literal)]") == .array([.number(literal)]))
    }

    @Test(arguments: [
        ("01", 0, "leading zeros are not allowed in numbers"),
        ("-01", 0, "leading zeros are not allowed in numbers"),
        ("00", 0, "leading zeros are not allowed in numbers"),
        ("-", 1, "expected a digit after '-', found end of input"),
        ("-a", 1, "expected a digit after '-', found 'a'"),
        ("--1", 1, "expected a digit after '-', found '-'"),
        ("+1", 0, "expected a JSON value, found '+'"),
        ("1.", 2, "expected a digit after '.', found end of input"),
        ("1.e5", 2, "expected a digit after '.', found 'e'"),
        (".5", 0, "expected a JSON value, found '.'"),
        ("1e", 2, "expected a digit in the exponent, found end of input"),
        ("1e+", 3, "expected a digit in the exponent, found end of input"),
        ("1E-x", 3, "expected a digit in the exponent, found 'x'"),
        ("NaN", 0, "expected a JSON value, found 'N'"),
        ("Infinity", 0, "expected a JSON value, found 'I'"),
        ("-Infinity", 1, "expected a digit after '-', found 'I'"),
        ("0x10", 1, "expected end of input after the JSON value, found 'x'"),
        ("1 2", 2, "expected end of input after the JSON value, found '2'"),
    ])
    func badNumbers(_ text: String, _ offset: Int, _ message: String) {
        #expect(parseError(text) == JSONParseError(offset: offset, message: message))
    }

    @Test func objectsKeepInputOrderAndLookUpByKey() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": [true, null, {"k": "v"}], "m": "x"}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.entries.map(\.key) == ["z", "a", "m"])
        #expect(object["z"] == .number("1"))
        #expect(object["a"] == .array([.bool(true), .null, obj(("k", .string("v")))]))
        #expect(object["m"] == .string("x"))
        #expect(object["missing"] == nil)
    }

    @Test func nestedStructures() throws {
        let text = #"[[], {}, [[1]], {"a": {"b": {"c": []}}}, "s", -1.5e3]"#
        let expected: JSONValue = .array([
            .array([]), .object(JSONObject([])), .array([.array([.number("1")])]),
            obj(("a", obj(("b", obj(("c", .array([]))))))), .string("s"), .number("-1.5e3"),
        ])
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func threeEntryPointsAgree() throws {
        let text = #"{"id": "e1", "name": "Tỉnh ủy", "n": [1, 2]}"#
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(Array(text.utf8))
        let fromRaw = try Array(text.utf8).withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(fromString == fromArray)
        #expect(fromRaw == fromArray)
        // Offsets are relative to the buffer given, even inside a larger one.
        let padded = Array("xxxx[1,]yyyy".utf8)
        let error = padded.withUnsafeBytes { raw -> JSONParseError? in
            do throws(JSONParseError) {
                _ = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[4..<8]))
                return nil
            } catch { return error }
        }
        #expect(error == JSONParseError(offset: 3, message: "expected a JSON value, found ']'"))
    }

    // MARK: Strings

    @Test func escapes() throws {
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONParser.parse(#""a\u00e9b\u00E9""#) == .string("aébé"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONParser.parse(#""\u001f\u007F""#) == .string("\u{1F}\u{7F}"))
        #expect(try JSONParser.parse(#""\u20AC""#) == .string("€"))
        #expect(try JSONParser.parse(#""\uD83D\uDE00!""#) == .string("😀!"))
        #expect(try JSONParser.parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
        #expect(try JSONParser.parse(#""x\uD800\uDC00y""#) == .string("x\u{10000}y"))
        // Raw non-ASCII next to escapes (slow path) and without (fast path).
        #expect(try JSONParser.parse(#""Tỉnh ủy \n 😀""#) == .string("Tỉnh ủy \n 😀"))
        #expect(try JSONParser.parse(#""Tỉnh ủy 😀""#) == .string("Tỉnh ủy 😀"))
    }

    @Test(arguments: [
        (#""\uD800""#, 1, #"lone surrogate \uD800"#),
        (#""\uD800x""#, 1, #"lone surrogate \uD800"#),
        (#""\uDBFF\u0041""#, 1, #"lone surrogate \uDBFF"#),
        (#""\uD800\uD800""#, 1, #"lone surrogate \uD800"#),
        (#""\uD800\n""#, 1, #"lone surrogate \uD800"#),
        (#""ab\uDC00""#, 3, #"lone surrogate \uDC00"#),
        (#""\uDFFF\uD800""#, 1, #"lone surrogate \uDFFF"#),
    ])
    func loneSurrogatesRejected(_ text: String, _ offset: Int, _ messagePrefix: String) throws {
        let error = try #require(parseError(text))
        #expect(error.offset == offset)
        #expect(error.message.hasPrefix(messagePrefix), "\(error)")
    }

    @Test(arguments: [
        (#""\x""#, 1, "invalid escape \\x"),
        (#""\'""#, 1, "invalid escape \\'"),
        (#""\U0041""#, 1, "invalid escape \\U"),
        (#""ab\u12""#, 3, "invalid \\u escape: expected four hex digits after \\u"),
        (#""\u12G4""#, 1, "invalid \\u escape: expected four hex digits after \\u"),
        (#""\u""#, 1, "invalid \\u escape: expected four hex digits after \\u"),
        ("\"a\\\n\"", 2, "invalid escape '\\' followed by control character U+000A in string"),
        ("\"\\\u{E9}\"", 1, "invalid escape \\\u{E9} in string"),
    ])
    func badEscapesRejected(_ text: String, _ offset: Int, _ messagePrefix: String) throws {
        let error = try #require(parseError(text))
        #expect(error.offset == offset)
        #expect(error.message.hasPrefix(messagePrefix), "\(error)")
    }

    @Test func unescapedControlCharactersRejected() throws {
        for c: UInt8 in 0..<0x20 {
            #expect(parseError([0x22, 0x61, c, 0x62, 0x22])
                    == JSONParseError(offset: 2, message: "unescaped control character U+00\(hex2(c)) in string"))
            // Also after an escape (the slow path).
            #expect(parseError([0x22, 0x5C, 0x6E, c, 0x22])
                    == JSONParseError(offset: 3, message: "unescaped control character U+00\(hex2(c)) in string"))
        }
        // DEL and space are fine raw.
        #expect(try JSONParser.parse([0x22, 0x7F, 0x20, 0x22]) == .string("\u{7F} "))
    }

    @Test func unterminatedStrings() {
        #expect(parseError("\"abc") == JSONParseError(
            offset: 4, message: "expected '\"' to close the string that begins at byte 0, found end of input"))
        #expect(parseError("[\"a\\n") == JSONParseError(
            offset: 5, message: "expected '\"' to close the string that begins at byte 1, found end of input"))
        #expect(parseError("\"a\\") == JSONParseError(
            offset: 3, message: "expected '\"' to close the string that begins at byte 0, found end of input"))
    }

    /// Every special byte at every position of strings up to 40 bytes long,
    /// so the eight-bytes-at-a-time scan is exercised at every alignment.
    @Test func specialBytesAtEveryPosition() throws {
        for length in 1...40 {
            for p in 0..<length {
                var body = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                // An escape at p.
                body[p] = UInt8(ascii: "\\")
                body.insert(UInt8(ascii: "n"), at: p + 1)
                var expected = String(repeating: "a", count: length)
                expected.replaceSubrange(expected.index(expected.startIndex, offsetBy: p)...expected.index(expected.startIndex, offsetBy: p), with: "\n")
                #expect(try JSONParser.parse([0x22] + body + [0x22]) == .string(expected))

                // A control character at p.
                var control = [UInt8](repeating: UInt8(ascii: "b"), count: length)
                control[p] = 0x1F
                #expect(parseError([0x22] + control + [0x22])?.offset == p + 1)

                // A quote at p ends the string early: trailing garbage after it.
                var quoted = [UInt8](repeating: UInt8(ascii: "c"), count: length)
                quoted[p] = 0x22
                #expect(parseError([0x22] + quoted + [0x22])?.message.hasPrefix(
                    "expected end of input after the JSON value") == true)
                #expect(parseError([0x22] + quoted + [0x22])?.offset == p + 2)

                // A two-byte character at p.
                var accented = [UInt8](repeating: UInt8(ascii: "d"), count: length)
                accented.replaceSubrange(p...p, with: [0xC3, 0xA9])
                let text = String(repeating: "d", count: p) + "é" + String(repeating: "d", count: length - p - 1)
                #expect(try JSONParser.parse([0x22] + accented + [0x22]) == .string(text))

                // An invalid byte at p.
                var invalid = [UInt8](repeating: UInt8(ascii: "e"), count: length)
                invalid[p] = 0xFF
                #expect(parseError([0x22] + invalid + [0x22])
                        == JSONParseError(offset: p + 1, message: "invalid UTF-8 (byte 0xFF never occurs in UTF-8)"))
            }
        }
    }

    // MARK: UTF-8

    @Test(arguments: [
        ([0xC2, 0x80], 0x80), ([0xDF, 0xBF], 0x7FF), ([0xE0, 0xA0, 0x80], 0x800), ([0xED, 0x9F, 0xBF], 0xD7FF),
        ([0xEE, 0x80, 0x80], 0xE000), ([0xEF, 0xBF, 0xBF], 0xFFFF), ([0xF0, 0x90, 0x80, 0x80], 0x10000),
        ([0xF4, 0x8F, 0xBF, 0xBF], 0x10FFFF), ([0xE1, 0xBB, 0x89], 0x1EC9),
    ] as [([UInt8], UInt32)])
    func validUTF8BoundariesAccepted(_ sequence: [UInt8], _ scalar: UInt32) throws {
        let expected = String(Unicode.Scalar(scalar)!)
        #expect(try JSONParser.parse([0x22] + sequence + [0x22]) == .string(expected))
        #expect(try JSONParser.parse([0x22, 0x5C, 0x74] + sequence + [0x22]) == .string("\t" + expected))
    }

    @Test(arguments: [
        ([0xC0, 0x80], "invalid UTF-8 (overlong encoding)"),
        ([0xC1, 0xBF], "invalid UTF-8 (overlong encoding)"),
        ([0xE0, 0x80, 0x80], "invalid UTF-8 (overlong encoding)"),
        ([0xE0, 0x9F, 0xBF], "invalid UTF-8 (overlong encoding)"),
        ([0xF0, 0x80, 0x80, 0x80], "invalid UTF-8 (overlong encoding)"),
        ([0xF0, 0x8F, 0xBF, 0xBF], "invalid UTF-8 (overlong encoding)"),
        ([0xED, 0xA0, 0x80], "invalid UTF-8 (surrogate code point encoded in UTF-8)"),
        ([0xED, 0xBF, 0xBF], "invalid UTF-8 (surrogate code point encoded in UTF-8)"),
        ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 (code point above U+10FFFF)"),
        ([0xF5, 0x80, 0x80, 0x80], "invalid UTF-8 (code point above U+10FFFF)"),
        ([0xF7, 0xBF, 0xBF, 0xBF], "invalid UTF-8 (code point above U+10FFFF)"),
        ([0x80], "invalid UTF-8 (unexpected continuation byte 0x80)"),
        ([0xBF, 0x41], "invalid UTF-8 (unexpected continuation byte 0xBF)"),
        ([0xF8, 0x88, 0x80, 0x80, 0x80], "invalid UTF-8 (byte 0xF8 never occurs in UTF-8)"),
        ([0xFF], "invalid UTF-8 (byte 0xFF never occurs in UTF-8)"),
        ([0xC3, 0x41], "invalid UTF-8 (truncated sequence: byte 2 of 2 is 0x41, not a continuation byte)"),
        ([0xE2, 0x82, 0x41], "invalid UTF-8 (truncated sequence: byte 3 of 3 is 0x41, not a continuation byte)"),
        ([0xF0, 0x9F, 0x98, 0x41], "invalid UTF-8 (truncated sequence: byte 4 of 4 is 0x41, not a continuation byte)"),
    ] as [([UInt8], String)])
    func invalidUTF8RejectedWithReason(_ sequence: [UInt8], _ message: String) {
        // Inside a string, fast path: "ab<seq>"
        #expect(parseError([0x22, 0x61, 0x62] + sequence + [0x22]) == JSONParseError(offset: 3, message: message))
        // Inside a string, after an escape: "\n<seq>"
        #expect(parseError([0x22, 0x5C, 0x6E] + sequence + [0x22]) == JSONParseError(offset: 3, message: message))
        // Outside any string, where a value or a delimiter is expected.
        #expect(parseError([0x5B] + sequence + [0x5D]) == JSONParseError(offset: 1, message: message))
        #expect(parseError([0x5B, 0x31] + sequence + [0x5D]) == JSONParseError(offset: 2, message: message))
    }

    @Test func truncatedAtEndOfInput() {
        #expect(parseError([0x22, 0xE2, 0x82]) == JSONParseError(
            offset: 1, message: "invalid UTF-8 (truncated sequence: input ends after 2 of 3 bytes)"))
        #expect(parseError([0x20, 0xF0]) == JSONParseError(
            offset: 1, message: "invalid UTF-8 (truncated sequence: input ends after 1 of 4 bytes)"))
    }

    @Test func nonASCIIOutsideStringsIsNamed() {
        #expect(parseError("{\"a\":1}é") == JSONParseError(
            offset: 7, message: "expected end of input after the JSON value, found 'é' (U+00E9)"))
        // A byte order mark is not JSON text.
        #expect(parseError([0xEF, 0xBB, 0xBF, 0x31]) == JSONParseError(
            offset: 0, message: "expected a JSON value, found '\u{FEFF}' (U+FEFF)"))
    }

    // MARK: Structure

    @Test(arguments: [
        ("", 0, "expected a JSON value, found end of input"),
        ("   \n", 4, "expected a JSON value, found end of input"),
        ("{\"a\"}", 4, "expected ':' after object key, found '}'"),
        ("{\"a\" 1}", 5, "expected ':' after object key, found '1'"),
        ("{\"a\":1,}", 7, "expected '\"' to begin an object key, found '}'"),
        ("{1:2}", 1, "expected '\"' to begin an object key or '}', found '1'"),
        ("{\"a\":1 \"b\":2}", 7, "expected ',' or '}' after an object member, found '\"'"),
        ("{\"a\":}", 5, "expected a JSON value, found '}'"),
        ("{\"a\":1", 6, "expected ',' or '}' after an object member, found end of input"),
        ("[1 2]", 3, "expected ',' or ']' after an array element, found '2'"),
        ("[1,]", 3, "expected a JSON value, found ']'"),
        ("[,1]", 1, "expected a JSON value, found ','"),
        ("[1", 2, "expected ',' or ']' after an array element, found end of input"),
        ("[1}", 2, "expected ',' or ']' after an array element, found '}'"),
        ("tru", 0, "expected 'true', found end of input"),
        ("trUe", 0, "expected 'true', found 'U'"),
        ("nul", 0, "expected 'null', found end of input"),
        ("fals e", 0, "expected 'false', found ' '"),
        ("nullx", 4, "expected end of input after the JSON value, found 'x'"),
        ("{} x", 3, "expected end of input after the JSON value, found 'x'"),
        ("[]]", 2, "expected end of input after the JSON value, found ']'"),
        ("1\u{0}", 1, "expected end of input after the JSON value, found control character U+0000"),
        ("'a'", 0, "expected a JSON value, found '''"),
        ("[1]\u{0B}", 3, "expected end of input after the JSON value, found control character U+000B"),
    ])
    func structuralErrors(_ text: String, _ offset: Int, _ message: String) {
        #expect(parseError(text) == JSONParseError(offset: offset, message: message))
    }

    @Test func errorDescription() {
        #expect(parseError("{\"a\"}")?.description == "byte 4: expected ':' after object key, found '}'")
    }

    @Test func duplicateKeysRejected() {
        #expect(parseError(#"{"unit": "A", "name": "x", "unit": "B"}"#)
                == JSONParseError(offset: 27, message: #"duplicate key "unit""#))
        #expect(parseError(#"{"a": {"b": 1, "b": 1}}"#)
                == JSONParseError(offset: 15, message: #"duplicate key "b""#))
        // Escaped and raw spellings of one key are the same key.
        #expect(parseError(#"{"é": 1, "\u00e9": 2}"#)?.message == #"duplicate key "é""#)
        // Keys are compared as Unicode scalars: canonically equivalent but
        // different keys are different keys.
        #expect(parseError("{\"\u{E9}\": 1, \"e\u{301}\": 2}") == nil)
        // Large objects go through the hashed check.
        for dup in [0, 5, 15, 16, 17, 30, 39] {
            var members = (0..<40).map { "\"k\($0)\": \($0)" }
            members.append("\"k\(dup)\": 0")
            let text = "{" + members.joined(separator: ", ") + "}"
            #expect(parseError(text)?.message == "duplicate key \"k\(dup)\"", "duplicate of k\(dup)")
        }
        let unique = "{" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}"
        #expect(parseError(unique) == nil)
    }

    @Test func duplicateKeyMessageIsEscapedAndShort() throws {
        let long = String(repeating: "x", count: 200)
        let error = try #require(parseError("{\"\(long)\":1,\"\(long)\":2}"))
        #expect(error.message == "duplicate key \"" + String(repeating: "x", count: 80) + "…\"")
        #expect(parseError(#"{"a\"b": 1, "a\"b": 2}"#)?.message == #"duplicate key "a\"b""#)
    }

    // MARK: Limits

    @Test func depthLimit() {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        #expect(parseError(nested(32)) == nil)
        #expect(parseError(nested(33)) == JSONParseError(offset: 32, message: "nesting deeper than 32"))
        let objects = String(repeating: "{\"a\":", count: 33) + "1" + String(repeating: "}", count: 33)
        #expect(parseError(objects) == JSONParseError(offset: 32 * 5, message: "nesting deeper than 32"))
        let custom = JSONLimits(maxDepth: 3, maxArrayCount: 10)
        #expect(parseError("[{\"a\":[]}]", limits: custom) == nil)
        #expect(parseError("[{\"a\":[[]]}]", limits: custom) == JSONParseError(offset: 7, message: "nesting deeper than 3"))
        #expect(parseError("1", limits: JSONLimits(maxDepth: 0, maxArrayCount: 0)) == nil)
        // Hostile input: a million open brackets fail fast, without deep recursion.
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(parseError(hostile) == JSONParseError(offset: 32, message: "nesting deeper than 32"))
    }

    @Test func sizeLimits() {
        let limits = JSONLimits(maxDepth: 32, maxArrayCount: 3)
        #expect(parseError("[1,2,3]", limits: limits) == nil)
        #expect(parseError("[1,2,3,4]", limits: limits) == JSONParseError(offset: 7, message: "array longer than 3 elements"))
        #expect(parseError(#"{"a":1,"b":2,"c":3}"#, limits: limits) == nil)
        #expect(parseError(#"{"a":1,"b":2,"c":3,"d":4}"#, limits: limits)
                == JSONParseError(offset: 19, message: "object with more than 3 members"))
        #expect(JSONLimits.default.maxDepth == 32)
        #expect(JSONLimits.default.maxArrayCount == 100_000)
        let big = "[" + [String](repeating: "0", count: 100_001).joined(separator: ",") + "]"
        #expect(parseError(big)?.message == "array longer than 100000 elements")
    }

    // MARK: Equality

    @Test func equalityIsExact() throws {
        // Member order does not matter; values do.
        #expect(try JSONParser.parse(#"{"a":1,"b":[2]}"#) == JSONParser.parse(#"{"b":[2],"a":1}"#))
        #expect(try JSONParser.parse(#"{"a":1,"b":[2]}"#) != JSONParser.parse(#"{"b":[3],"a":1}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"a":1,"b":2}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"b":1}"#))
        // Large objects in different orders.
        let keys = (0..<50).map { "\"k\($0)\":\($0)" }
        let forward = try JSONParser.parse("{" + keys.joined(separator: ",") + "}")
        let backward = try JSONParser.parse("{" + keys.reversed().joined(separator: ",") + "}")
        #expect(forward == backward)
        // Array order matters.
        #expect(try JSONParser.parse("[1,2]") != JSONParser.parse("[2,1]"))
        // Strings by scalars, not canonical equivalence.
        #expect(JSONValue.string("\u{E9}") != JSONValue.string("e\u{301}"))
        #expect(JSONObject([.init(key: "\u{E9}", value: .null)])["e\u{301}"] == nil)
        // Numbers by literal.
        #expect(JSONValue.number("1") != JSONValue.number("1.0"))
        #expect(JSONValue.null != JSONValue.bool(false))
    }

    @Test func realEventLine() throws {
        let line = #"{"id": "e000001", "type": "unit.established", "effective": "2008-01-01", "unit": "ROOT", "name": "Tỉnh ủy", "kind": "committee", "recorded": "2023-01-16T05:00:01Z", "actor": "import"}"#
        let value = try JSONParser.parse(line)
        guard case .object(let event) = value else {
            Issue.record("not an object")
            return
        }
        #expect(event.entries.count == 8)
        #expect(event["name"] == .string("Tỉnh ủy"))
        #expect(event["recorded"] == .string("2023-01-16T05:00:01Z"))
    }
}

private func hex2(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return s.count == 1 ? "0" + s : s
}
