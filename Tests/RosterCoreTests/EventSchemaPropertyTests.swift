import Testing
@testable import RosterCore
import RosterTestSupport

/// Random valid events of every type, made from `EventSchema` itself: a
/// sampler answers each read of the declaration with a random valid value
/// (optional fields present or not) and writes the line as it goes. The
/// fast path must take every such line (in any key order, with white space
/// between tokens) and make of it the event the declaration built, and
/// agree with the full decoder on it.
@Suite struct EventSchemaPropertyTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func fastPathTakesRandomValidEventsOfEveryType(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var decoder = FastEventDecoder()
        for type in EventType.allCases {
            for n in 0..<150 {
                let (line, expected) = RandomEventLine.make(type, &rng, id: "e\(n)")
                var out: [UInt8] = []
                let fast = line.withUnsafeBytes { decoder.decode($0, canonical: &out) }
                let text = String(decoding: line, as: UTF8.self)
                guard let fast else {
                    Issue.record("seed \(seed): the fast path declined a valid \(type.rawValue): \(text)")
                    return
                }
                #expect(fast.event == expected.event && fast.seq == expected.seq && fast.hash == expected.hash, "seed \(seed): \(text)")
                if let v = FuzzHarness.fastDecoderDisagreement(line) {
                    Issue.record(Comment(rawValue: "seed \(seed): \(v)"))
                    return
                }
            }
        }
    }

    /// The differential check on mutations of random lines of every type
    /// (the sample has few of the rarer types): whatever the fast path
    /// takes, it takes exactly as the full decoder does.
    @Test(arguments: [4, 5] as [UInt64])
    func mutatedRandomLinesOfEveryTypeAgree(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var decoder = FastEventDecoder()
        for type in EventType.allCases {
            var accepted = 0, declined = 0
            for n in 0..<300 {
                let (line, _) = RandomEventLine.make(type, &rng, id: "m\(n)")
                let mutated = FastEventDecoderTests.mutate(line, &rng)
                if let v = FuzzHarness.fastDecoderDisagreement(mutated) {
                    Issue.record(Comment(rawValue: "seed \(seed): \(v)"))
                    return
                }
                var out: [UInt8] = []
                if mutated.withUnsafeBytes({ decoder.decode($0, canonical: &out) }) != nil { accepted += 1 } else { declined += 1 }
            }
            #expect(accepted > 20 && declined > 20, "\(type): \(accepted) taken, \(declined) declined")
        }
    }

    /// The sampler reaches every field of every type, and both outcomes of
    /// each optional one.
    @Test func samplerCoversEveryField() {
        var rng = SplitMix64(seed: 9)
        for type in EventType.allCases {
            var seen = Set<String>(), absent = Set<String>()
            for _ in 0..<60 {
                let (line, _) = RandomEventLine.make(type, &rng, id: "x")
                guard case .object(let o)? = try? JSONParser.parse(line) else { Issue.record("not an object"); return }
                let keys = Set(o.entries.map(\.key))
                seen.formUnion(keys)
                absent.formUnion(EventSchema.fields(of: type).names.filter { !keys.contains($0) })
            }
            let fields = EventSchema.fields(of: type)
            #expect(Set(fields.names).isSubset(of: seen), "\(type): never gave \(Set(fields.names).subtracting(seen))")
            #expect(Set(fields.optional.map(\.name)).isSubset(of: absent), "\(type): always gave an optional field")
            #expect(fields.required.allSatisfy { !absent.contains($0.name) })
        }
    }
}

/// Makes one random valid line of a type by running the declaration.
enum RandomEventLine {
    static func make(_ type: EventType, _ rng: inout SplitMix64, id: String) -> (line: [UInt8], expected: (event: Event, seq: Int?, hash: Digest32?)) {
        // A type whose optional fields must not all be absent may need a few tries.
        while true {
            let sampler = FieldSampler(rng.next())
            guard let body = try? EventSchema.body(type, sampler) else { continue }
            var entries = sampler.entries()
            let effective = sampler.day()
            entries.append(.init(key: "id", value: .string(id)))
            entries.append(.init(key: "type", value: .string(type.rawValue)))
            entries.append(.init(key: "effective", value: .string(effective.description)))
            var recorded: Timestamp? = nil
            if sampler.coin() {
                let text = ["2024-01-16T05:00:01Z", "2023-12-31T23:59:59.5Z", "2024-02-29T07:00:00+07:00"][sampler.pick(3)]
                recorded = Timestamp(rfc3339: text)
                entries.append(.init(key: "recorded", value: .string(text)))
            }
            var common: [String: String] = [:]
            for key in ["actor", "decision", "note"] where sampler.coin() {
                common[key] = sampler.text(nonEmpty: false)
                entries.append(.init(key: key, value: .string(common[key]!)))
            }
            var seq: Int? = nil
            var hash: Digest32? = nil
            if sampler.pick(4) == 0 {
                seq = sampler.coin() ? Int(Int64.max) : 1 + sampler.pick(1_000_000)
                entries.append(.init(key: "seq", value: .number("\(seq!)")))
                let hex = (0..<64).map { _ in String("0123456789abcdefABCDEF".randomElement(using: &sampler.rng)!) }.joined()
                hash = Digest32(hex: hex)
                entries.append(.init(key: "hash", value: .string(hex)))
            }
            let event = Event(id: id, effective: effective, recorded: recorded, actor: common["actor"],
                              decision: common["decision"], note: common["note"], body: body)
            entries.shuffle(using: &sampler.rng)
            let space = sampler.coin() ? " " : ""
            let members = entries.map { e in
                String(decoding: JSONValue.string(e.key).canonicalBytes, as: UTF8.self) + ":" + space
                    + String(decoding: e.value.canonicalBytes, as: UTF8.self)
            }
            let line = Array(("{" + members.joined(separator: "," + space) + "}").utf8)
            rng = sampler.rng
            return (line, (event, seq, hash))
        }
    }
}

/// Answers the declaration's reads with random valid values and keeps what
/// it gave, as the members of the object being written.
final class FieldSampler: EventFieldReader {
    struct Refused: Error {}
    typealias Failure = Refused
    var rng: SplitMix64
    private var given: [(String, JSONValue)] = []
    private var children: [(String, FieldSampler)] = []
    private var lists: [(String, [FieldSampler])] = []
    /// Decided once per key: whether an optional field is given.
    private var asked: [FieldKey: Bool] = [:]

    init(_ seed: UInt64) { rng = SplitMix64(seed: seed) }

    func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    func coin() -> Bool { pick(2) == 0 }

    /// Letters of Vietnamese names and a few others; no character that needs an escape.
    static let letters = Array("abcdeghiklmnopqrstuvxyĐđăâêôơưàáảãạễệỳ ABCXYZ0123456789-_./'()")
    func text(nonEmpty: Bool) -> String {
        let n = (nonEmpty ? 1 : 0) + pick(12)
        return String((0..<n).map { _ in Self.letters[pick(Self.letters.count)] })
    }
    func identifier() -> String {
        switch pick(10) {
        case 0: return String(repeating: coin() ? "x" : "é", count: RuleConstants.idLength.upperBound)
        case 1: return "Đ" + text(nonEmpty: false).replacingOccurrences(of: " ", with: "")
        default: return "u" + String(1 + pick(100_000))
        }
    }
    func day() -> Day { Day(number: Int32(-7000 + pick(30_000))) }

    func entries() -> [JSONObject.Entry] {
        var out = given.map { JSONObject.Entry(key: $0.0, value: $0.1) }
        for (key, child) in children { out.append(.init(key: key, value: .object(JSONObject(child.entries())))) }
        for (key, items) in lists {
            out.append(.init(key: key, value: .array(items.map { .object(JSONObject($0.entries())) })))
        }
        return out
    }

    func has(_ key: FieldKey) -> Bool {
        if let a = asked[key] { return a }
        let a = coin()
        asked[key] = a
        return a
    }
    private func give<T>(_ key: FieldKey, _ value: JSONValue, _ result: T) -> T {
        given.append((key.name, value))
        return result
    }
    func read(_ f: TextField) throws(Refused) -> String {
        let s = text(nonEmpty: f.nonEmpty)
        return give(f.key, .string(s), s)
    }
    func read(_ f: IDField) throws(Refused) -> String {
        let s = identifier()
        return give(f.key, .string(s), s)
    }
    func read(_ f: IDListField) throws(Refused) -> [String] {
        let ids = (0...pick(4)).map { _ in identifier() }
        return give(f.key, .array(ids.map { .string($0) }), ids)
    }
    func read(_ f: DateField) throws(Refused) -> Day {
        let d = day()
        return give(f.key, .string(d.description), d)
    }
    func read(_ f: IntegerField) throws(Refused) -> Int {
        let n = coin() ? f.range.lowerBound + pick(min(f.range.count, 1000)) : [f.range.lowerBound, f.range.upperBound][pick(2)]
        return give(f.key, .number("\(n)"), n)
    }
    func read<V>(_ f: VocabularyField<V>) throws(Refused) -> V {
        let all = Array(V.allCases)
        let v = all[pick(all.count)]
        return give(f.key, .string(v.rawValue), v)
    }
    func read(_ f: DecimalField) throws(Refused) -> PlanNumber {
        let text = String(pick(100_000)) + ["", ".5", ".46", ".05"][pick(4)]
        return give(f.key, .string(text), PlanNumber(text)!)
    }
    func object(_ f: ObjectField) throws(Refused) -> FieldSampler {
        let child = FieldSampler(rng.next())
        children.append((f.key.name, child))
        return child
    }
    func count(_ f: ObjectListField) throws(Refused) -> Int {
        let items = (0...pick(3)).map { _ in FieldSampler(rng.next()) }
        lists.append((f.key.name, items))
        return items.count
    }
    func element(_ f: ObjectListField, _ i: Int) throws(Refused) -> FieldSampler {
        lists.first { $0.0 == f.key.name }!.1[i]
    }
    func eventType() throws(Refused) -> EventType { throw Refused() }
    func checkKeys(of type: EventType) throws(Refused) {}
    func refuse(_ key: FieldKey?, _ reason: EventFormatReason) -> Refused { Refused() }
    func identify(_ id: String) {}
}
