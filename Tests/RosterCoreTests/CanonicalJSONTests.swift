import Foundation
import Testing
@testable import RosterCore

private func canonical(_ value: JSONValue) -> String {
    String(decoding: value.canonicalBytes, as: UTF8.self)
}

private func canonical(_ text: String) throws -> String {
    canonical(try JSONParser.parse(text))
}

private func obj(_ pairs: (String, JSONValue)...) -> JSONValue {
    .object(JSONObject(pairs.map { JSONObject.Entry(key: $0.0, value: $0.1) }))
}

@Suite struct CanonicalJSONTests {
    @Test func escapingTable() {
        let named: [UInt8: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        for c in 0..<0x20 {
            let hex = String(c, radix: 16)
            let expected = named[UInt8(c)] ?? "\\u00" + (hex.count == 1 ? "0" + hex : hex)
            let s = String(Unicode.Scalar(UInt8(c)))
            #expect(canonical(.string(s)) == "\"\(expected)\"", "U+\(c)")
        }
        #expect(canonical(.string("\u{1f}")) == #""\u001f""#)  // lowercase hex
        #expect(canonical(.string("\u{0b}")) == #""\u000b""#)
        #expect(canonical(.string("\"")) == #""\"""#)
        #expect(canonical(.string("\\")) == #""\\""#)
        // Everything else is written raw.
        for raw in ["/", "\u{7F}", "é", "Tỉnh ủy", "😀", "\u{2028}\u{2029}", "\u{FEFF}", "'<>&", " ", ""] {
            #expect(canonical(.string(raw)) == "\"\(raw)\"", "\(raw)")
        }
        #expect(canonical(.string("a\"b\\c\nd/e\u{7F}f\u{0}")) == #""a\"b\\c\nd/e"# + "\u{7F}" + #"f\u0000""#)
    }

    @Test func writeCanonicalStringAppends() {
        var out = Array("x:".utf8)
        JSONValue.writeCanonicalString("q\"\t", into: &out)
        JSONValue.writeCanonicalString("", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"x:"q\"\t""""#)
        // A long string with escapes at the ends and in the middle.
        let long = "\n" + String(repeating: "ab", count: 500) + "\u{1}" + String(repeating: "é", count: 100) + "\""
        out.removeAll()
        JSONValue.writeCanonicalString(long, into: &out)
        let expected = #""\n"# + String(repeating: "ab", count: 500) + #"\u0001"#
            + String(repeating: "é", count: 100) + #"\"""#
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func keysSortedByUTF16CodeUnits() throws {
        #expect(try canonical(#"{"b": 1, "a": 2, "aa": 3, "B": 4, "": 5, "a b": 6}"#)
                == #"{"":5,"B":4,"a":2,"a b":6,"aa":3,"b":1}"#)
        // The sorting example of RFC 8785 §3.2.3: the emoji (a surrogate pair
        // in UTF-16) sorts before U+FB33, although its code point is larger.
        let text = #"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}"#
        let value = try JSONParser.parse(text)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        // Read the keys back out of the canonical form, in its order.
        guard case .object(let reparsed) = try JSONParser.parse(value.canonicalBytes) else {
            Issue.record("canonical form is not an object")
            return
        }
        #expect(reparsed.entries.map(\.key) == ["\r", "1", "\u{80}", "\u{F6}", "\u{20AC}", "\u{1F600}", "\u{FB33}"])
        #expect(object.entries.count == 7)
        #expect(canonical(value).hasPrefix(#"{"\r":"Carriage Return","1":"One","#))
    }

    @Test func utf16OrderAgreesWithSwiftUTF16() {
        // Representatives of every UTF-8 length and the E000–FFFF vs
        // supplementary flip, compared pairwise (prefixes included).
        let samples = ["", "a", "ab", "b", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}",
                       "\u{FB33}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}", "a\u{FFFF}", "a\u{10000}",
                       "\u{E000}a", "\u{10000}a", "é", "e\u{301}"]
        for a in samples {
            for b in samples {
                let expected = a.utf16.lexicographicallyPrecedes(b.utf16)
                #expect(utf16Precedes(a, b) == expected, "\(a.unicodeScalars.map(\.value)) < \(b.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test func manyKeysSorted() throws {
        // More than 32 keys takes the library sort instead of insertion sort.
        let keys = (0..<100).map { "k\(($0 * 37) % 100)" }
        let text = "{" + keys.map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        let expected = "{" + keys.sorted().map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        #expect(try canonical(text) == expected)
    }

    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("7", "7"), ("-7", "-7"), ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("007", "7"), ("-007", "-7"), ("-000", "0"), ("000", "0"),
        ("1.5", "1.5"), ("-0.0", "-0.0"), ("1e3", "1e3"), ("1E+03", "1E+03"),
    ])
    func numbers(_ literal: String, _ expected: String) {
        #expect(canonical(.number(literal)) == expected)
    }

    @Test func nestingWithoutWhiteSpace() throws {
        let text = """
        {
          "z": [1, -0, {"y": null, "x": [true, false, []]}],
          "a": {"c": {}, "b": "s\\u00e9"},
          "m": "x\\/y"
        }
        """
        #expect(try canonical(text) == #"{"a":{"b":"sé","c":{}},"m":"x/y","z":[1,0,{"x":[true,false,[]],"y":null}]}"#)
        #expect(canonical(.array([])) == "[]")
        #expect(canonical(.object(JSONObject([]))) == "{}")
        #expect(canonical(.null) == "null")
        #expect(canonical(.bool(true)) == "true")
        #expect(canonical(.bool(false)) == "false")
        let built = obj(("b", .array([.string("\n")])), ("a", .number("-0")))
        #expect(canonical(built) == #"{"a":0,"b":["\n"]}"#)
    }

    @Test func canonicalFormIsStable() throws {
        let text = #"{"name": "Tỉnh ủy", "person": {"gender": "female", "birthDate": "1970-01-02"}, "units": ["A", "B"], "year": 2020}"#
        let value = try JSONParser.parse(text)
        let once = value.canonicalBytes
        let reparsed = try JSONParser.parse(once)
        #expect(reparsed == value)
        #expect(reparsed.canonicalBytes == once)
        // Appending to a buffer that already holds bytes.
        var out: [UInt8] = [1, 2, 3]
        value.writeCanonical(into: &out)
        #expect(out == [1, 2, 3] + once)
    }

    // MARK: The conformance history (docs/FORMAT.md hash chain)

    @Test func firstConformanceEventHash() throws {
        let conformance = try #require(conformanceDirectory(), "Tests/Fixtures/conformance not found")
        let expected = try expectedHashes(conformance)
        let batch = try Data(contentsOf: conformance.appendingPathComponent("history/batch-0001.jsonl"))
        let firstLine = try #require(batch.split(separator: 0x0A).first)
        let event = try JSONParser.parse(Array(firstLine))
        var hasher = SHA256()
        Digest32.zero.withUnsafeBytes { hasher.update($0) }
        hasher.update(event.canonicalBytes)
        #expect(hasher.finalize().hex == expected.hashes.first)
    }

    @Test func conformanceHashChain() throws {
        let conformance = try #require(conformanceDirectory(), "Tests/Fixtures/conformance not found")
        let expected = try expectedHashes(conformance)
        #expect(expected.hashes.count == 1110)
        #expect(expected.batches.count == 14)
        var previous = Digest32.zero
        var seq = 0
        var canonical: [UInt8] = []
        for batch in expected.batches {
            let data = try Data(contentsOf: conformance.appendingPathComponent(batch))
            var reader = JSONLinesReader(source: BytesSource(Array(data)), chunkBytes: 4096)
            try reader.forEachLine { line in
                let event = try JSONParser.parse(line.bytes)
                canonical.removeAll(keepingCapacity: true)
                event.writeCanonical(into: &canonical)
                var hasher = SHA256()
                previous.withUnsafeBytes { hasher.update($0) }
                hasher.update(canonical)
                previous = hasher.finalize()
                #expect(seq < expected.hashes.count && previous.hex == expected.hashes[seq],
                        "\(batch) line \(line.number): seq \(seq + 1)")
                seq += 1
            }
        }
        #expect(seq == 1110)
        #expect(seq == expected.headSeq)
        #expect(previous.hex == expected.headHash)
    }
}

// MARK: - Locating Tests/Fixtures/conformance

private struct ExpectedChain {
    var batches: [String]
    var hashes: [String]
    var headSeq: Int
    var headHash: String
}

private func expectedHashes(_ conformance: URL) throws -> ExpectedChain {
    let data = try Data(contentsOf: conformance.appendingPathComponent("expected.json"))
    // Reports nest deeper than events; the chain part does not care.
    let value = try JSONParser.parse(Array(data), limits: JSONLimits(maxDepth: 64, maxArrayCount: 100_000))
    guard case .object(let top) = value,
          case .array(let batches)? = top["batches"], case .array(let hashes)? = top["hashes"],
          case .object(let head)? = top["head"], case .number(let seq)? = head["seq"],
          case .string(let headHash)? = head["hash"] else {
        throw ConformanceFileError.unexpectedShape
    }
    func text(_ v: JSONValue) throws -> String {
        guard case .string(let s) = v else { throw ConformanceFileError.unexpectedShape }
        return s
    }
    return ExpectedChain(batches: try batches.map(text), hashes: try hashes.map(text),
                         headSeq: Int(seq) ?? -1, headHash: headHash)
}

private enum ConformanceFileError: Error { case unexpectedShape }

/// `Tests/Fixtures/conformance` inside the repository, found from this file.
private func conformanceDirectory() -> URL? {
    let fm = FileManager.default
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/", !fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
        dir = dir.deletingLastPathComponent()
    }
    let fixture = dir.appendingPathComponent("Tests/Fixtures/conformance")
    return fm.fileExists(atPath: fixture.appendingPathComponent("expected.json").path) ? fixture : nil
}
