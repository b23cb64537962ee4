import Foundation
import Testing
@testable import RosterCore
import RosterTestSupport

/// The fast decoder is an optimisation of the append and load paths: it must
/// take the ordinary line and make of it exactly what `JSONParser` +
/// `EventDecoder` make, and decline everything else. The check itself is
/// `FuzzHarness.fastDecoderDisagreement` (also run by the fuzzer).
@Suite struct FastEventDecoderTests {
    /// The repository (tools/fuzz, two levels up).
    static let root = FuzzCorpusTests.fuzzDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// Every line of the sample history (3,587 events of every type).
    static let sampleLines: [[UInt8]] = {
        let dir = root.appendingPathComponent("events/sample")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var lines: [[UInt8]] = []
        for name in names {
            let data = (try? Data(contentsOf: dir.appendingPathComponent(name))) ?? Data()
            lines += data.split(separator: 0x0A).map { Array($0) }.filter { !$0.isEmpty }
        }
        return lines
    }()

    @Test func keysAreDeclaredInCanonicalOrder() {
        let names = FieldKey.allCases.map(\.name)
        #expect(names == names.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) })
        #expect(FieldKey.count <= 64)
        // Every key is one the declaration uses: common, a type's, a person's or a target's.
        var used = Set(EventSchema.commonKeys)
        for fields in EventSchema.bodyFields { used.formUnion(fields.all) }
        used.formUnion(EventSchema.personFields.all)
        used.formUnion(EventSchema.targetFields.all)
        #expect(used == Set(FieldKey.allCases))
    }

    /// The lists read off the declaration, as docs/FORMAT.md has them.
    @Test func fieldListsReadOffTheDeclaration() {
        func names(_ type: EventType) -> String {
            let f = EventSchema.fields(of: type)
            return f.required.map(\.name).joined(separator: ",") + " | " + f.optional.map(\.name).joined(separator: ",")
        }
        #expect(names(.unitEstablished) == "unit,name,kind | category,parent,place")
        #expect(names(.unitReclassified) == "unit | kind,category,place")
        #expect(names(.memberTransferredIn) == "member,unit,person,status | admitted,from,education,theory")
        #expect(names(.memberUpdated) == "member | name,gender,ethnicity,religion,birthDate,education,theory")
        #expect(names(.memberAwarded) == "member,badge | ")
        #expect(names(.planAdopted) == "plan,unit,name,from,to,targets | ")
        #expect(names(.eventRetracted) == "target,reason | ")
        #expect(EventSchema.personFields.names == ["name", "birthDate", "gender", "ethnicity", "religion"])
        #expect(EventSchema.personFields.required.map(\.name) == ["name", "birthDate", "gender"])
        #expect(EventSchema.targetFields.names == ["indicator", "min", "max"])
        // Every type has a declaration that names at least one field.
        for type in EventType.allCases { #expect(!EventSchema.fields(of: type).required.isEmpty, "\(type)") }
    }

    @Test func takesEverySampleLineAndAgrees() {
        #expect(Self.sampleLines.count > 3000)
        var decoder = FastEventDecoder()
        var types = Set<EventType>()
        for line in Self.sampleLines {
            var out: [UInt8] = []
            let fast = line.withUnsafeBytes { decoder.decode($0, canonical: &out) }
            #expect(fast != nil, "declined: \(String(decoding: line, as: UTF8.self))")
            if let fast { types.insert(fast.event.type) }
            if let v = FuzzHarness.fastDecoderDisagreement(line) { Issue.record(Comment(rawValue: v)) }
        }
        #expect(types == Set(EventType.allCases), "the sample lacks \(Set(EventType.allCases).subtracting(types))")
    }

    /// Whitespace, escapes, reordered keys, seq and hash, removed or doubled
    /// fields, wrong types and broken bytes: whatever the fast decoder takes,
    /// it takes exactly as the full decoder does.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func mutatedLinesAreDeclinedOrDecodedAlike(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var accepted = 0, declined = 0
        let lines = Self.sampleLines
        var decoder = FastEventDecoder()
        for _ in 0..<6000 {
            let line = lines[Int(rng.next() % UInt64(lines.count))]
            let mutated = Self.mutate(line, &rng)
            if let v = FuzzHarness.fastDecoderDisagreement(mutated) {
                Issue.record(Comment(rawValue: "seed \(seed): \(v)"))
                return
            }
            var out: [UInt8] = []
            if mutated.withUnsafeBytes({ decoder.decode($0, canonical: &out) }) != nil { accepted += 1 } else { declined += 1 }
        }
        // Both paths were exercised.
        #expect(accepted > 1000)
        #expect(declined > 1000)
    }

    static func mutate(_ line: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }
        // The sample is written with a space after ':' and ','; the
        // replacements below look for the compact form.
        var b = pick(4) == 0 ? line : line.membersText(reversed: false)
        let text = String(decoding: b, as: UTF8.self)
        switch pick(18) {
        case 0:  // spaces and tabs between tokens
            var out: [UInt8] = []
            var inString = false
            for c in b {
                if c == 0x22 { inString.toggle() }
                out.append(c)
                if !inString && (c == 0x3A || c == 0x2C || c == 0x7B || c == 0x5B) { out += pick(2) == 0 ? [0x20] : [0x09, 0x20] }
            }
            return [0x20] + out + [0x0D]
        case 1:  // an escape instead of a letter
            if let i = b.firstIndex(where: { $0 >= 0x61 && $0 <= 0x7A }) {
                let hex = String(b[i], radix: 16)
                b.replaceSubrange(i...i, with: Array("\\u00\(hex)".utf8))
            }
            return b
        case 2:  // one byte deleted
            if !b.isEmpty { b.remove(at: pick(b.count)) }
            return b
        case 3:  // one byte replaced by a chosen troublemaker
            let bytes: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xC0, 0xFF, 0x30, 0x2C, 0x7D, 0x5D, 0x3A, 0x20, 0x2D]
            if !b.isEmpty { b[pick(b.count)] = bytes[pick(bytes.count)] }
            return b
        case 4:  // truncated
            return Array(b.prefix(pick(b.count)))
        case 5:  // an unknown field
            return Array(text.replacingOccurrences(of: "{\"id\"", with: "{\"extra\":\"x\",\"id\"").utf8)
        case 6:  // a field twice
            return Array(text.replacingOccurrences(of: "{\"id\":", with: "{\"effective\":\"2001-01-01\",\"id\":").utf8)
        case 7:  // seq and hash, as an export has them
            let hash = String(repeating: pick(2) == 0 ? "ab" : "AB", count: 32)
            return Array(text.replacingOccurrences(of: "{\"id\"", with: "{\"seq\":\(pick(3) == 0 ? "0" : "\(pick(1000) + 1)"),\"hash\":\"\(hash)\",\"id\"").utf8)
        case 8:  // keys in reverse order (the fields reversed)
            guard case .object(let o)? = try? JSONParser.parse(b) else { return b }
            _ = o
            return b.membersText(reversed: true)
        case 9:  // a field removed
            guard case .object(var o)? = try? JSONParser.parse(b), !o.entries.isEmpty else { return b }
            o.entries.remove(at: pick(o.entries.count))
            return JSONValue.object(o).canonicalBytes
        case 10:  // recorded removed (the ledger assigns it)
            guard case .object(var o)? = try? JSONParser.parse(b) else { return b }
            o.entries.removeAll { $0.key == "recorded" }
            return JSONValue.object(o).canonicalBytes
        case 11:  // a string where a number goes, a number where a string goes, null, true
            let replacements = ["\"2020\"", "2020", "null", "true", "-1", "01", "1.5", "1e3", "0", "99999999999999999999",
                                "9223372036854775807", "9223372036854775808", "1000000000000000000"]
            return Array(text.replacingOccurrences(of: "\"effective\":", with: "\"effective\":" + replacements[pick(replacements.count)] + ",\"x\":").utf8)
        case 12:  // values changed to ones the schema refuses
            let swaps = [("\"male\"", "\"Male\""), ("\"full\"", "\"ful\""), ("1990-01-01", "1990-02-30"),
                         ("\"unit\":\"", "\"unit\":\"\""), ("Z\"", "+07:00\""), ("\"name\":\"", "\"name\":\"\",\"n\":\"")]
            let (a, c) = swaps[pick(swaps.count)]
            return Array(text.replacingOccurrences(of: a, with: c).utf8)
        case 13:  // non-ASCII in ids and values
            return Array(text.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"Đ").utf8)
        case 14:  // a very long id (over 128 characters) or exactly 128
            let long = String(repeating: pick(2) == 0 ? "é" : "x", count: 127 + pick(3))
            return Array(text.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"\(long)").utf8)
        case 15:  // a plan's targets, a badge or a unit's place changed
            let swaps = [("\"min\":\"", "\"min\":\"x"), ("\"max\":\"", "\"max\":1,\"y\":\""), ("\"indicator\":\"", "\"indicator\":\"\",\"min\":\""),
                         ("[{", "[{},{"), ("}]", "},\"x\"]"), ("\"targets\":[", "\"targets\":[{\"indicator\":\"a\",\"max\":\"0.5\"},"),
                         ("\"badge\":", "\"badge\":99"), ("\"badge\":", "\"badge\":\"3\",\"b\":"), ("\"place\":\"", "\"place\":\"\",\"p\":\""),
                         ("\"kind\":\"", "\"kind\":\"x")]
            let (a, c) = swaps[pick(swaps.count)]
            return Array(text.replacingOccurrences(of: a, with: c).utf8)
        case 16:  // seq as large as it goes, or beyond
            let seq = ["9223372036854775807", "9223372036854775808", "18446744073709551616", "1000000000000000000"][pick(4)]
            return Array(text.replacingOccurrences(of: "{\"id\"", with: "{\"seq\":\(seq),\"id\"").utf8)
        default:  // the member of an array or object changed
            return Array(text.replacingOccurrences(of: "[\"", with: pick(2) == 0 ? "[1,\"" : "[]").replacingOccurrences(of: "\"person\":{", with: "\"person\":{\"x\":1,").utf8)
        }
    }

    @Test func recordedRangeInCanonicalJSON() {
        func range(_ s: String) -> String {
            let b = Array(s.utf8)
            let r = b.withUnsafeBytes { CanonicalEvent.recordedRange($0) }
            return "\(r.lowerBound)..<\(r.upperBound) " + String(decoding: b[r], as: UTF8.self)
        }
        #expect(range(#"{"effective":"2020-01-01","id":"a","recorded":"2024-01-01T00:00:00Z","type":"x"}"#)
                == #"34..<68 ,"recorded":"2024-01-01T00:00:00Z""#)
        #expect(range(#"{"effective":"2020-01-01","id":"a","type":"x"}"#) == "34..<34 ")
        #expect(range(#"{"effective":"2020-01-01","id":"a"}"#) == "34..<34 ")
        // "recorded" inside a value or a nested object is not the member.
        #expect(range(#"{"effective":"x","id":"\"recorded\"","note":"{\"recorded\":1}","person":{"recorded":"y"},"type":"t"}"#)
                == #"88..<88 "#)
        #expect(range(#"{"actor":"a","effective":"x","id":"i","reason":"r","recorded":"R","units":["a"]}"#)
                == #"50..<65 ,"recorded":"R""#)
    }

    @Test func fingerprintIgnoresRecordedOnly() {
        let a = Array(#"{"effective":"2020-01-01","id":"a","recorded":"2024-01-01T00:00:00Z","type":"x"}"#.utf8)
        let b = Array(#"{"effective":"2020-01-01","id":"a","type":"x"}"#.utf8)
        let c = Array(#"{"effective":"2020-01-02","id":"a","type":"x"}"#.utf8)
        func fp(_ x: [UInt8]) -> UInt64 { x.withUnsafeBytes { eventFingerprint($0, recorded: CanonicalEvent.recordedRange($0)) } }
        #expect(fp(a) == fp(b))
        #expect(fp(b) != fp(c))
    }
}

private extension Array where Element == UInt8 {
    /// The line without white space, its members in the order given or
    /// reversed (canonical bytes would sort them).
    func membersText(reversed: Bool) -> [UInt8] {
        guard case .object(let o)? = try? JSONParser.parse(self) else { return self }
        let members = (reversed ? [JSONObject.Entry](o.entries.reversed()) : o.entries).map { e in
            String(decoding: JSONValue.string(e.key).canonicalBytes, as: UTF8.self) + ":" + String(decoding: e.value.canonicalBytes, as: UTF8.self)
        }
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }
}
