// The fuzz harness: one function that takes arbitrary bytes through the
// whole read path of a batch — the JSON Lines reader, the JSON parser, the
// canonical form, the event decoder, the fact table and a replay of the
// rules, then the reports — and checks that every step either succeeds or
// fails with a described error, and that independent implementations agree.
//
// It is compiled twice:
//   - here, in RosterCoreTests, where FuzzCorpusTests runs the corpus and
//     the crashers of tools/fuzz through it (`swift test`);
//   - by tools/fuzz.sh, together with Sources/RosterCore/*/*.swift and
//     tools/fuzz/FuzzMain.swift, into a libFuzzer binary (there the import
//     below names the module being compiled and is ignored).
// It uses RosterCore's public API only.

import RosterCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FuzzHarness {
    /// What one input did. `violations` are broken invariants — bugs; errors
    /// that describe bad input are fine and only counted.
    struct Outcome {
        var lines = 0
        var parsed = 0
        var decoded = 0
        /// Lines the fast decoder took (and agreed on).
        var fastDecoded = 0
        var appended = 0
        var replayed = false
        var violations: [String] = []
    }

    /// Limits of the small reader: tiny, so that inputs of a few KiB reach
    /// the line-too-long paths and many buffer refills.
    static let smallMaxLine = 200
    static let smallChunk = 7
    /// The limit of the second reader, whose lines go on to the parser: a
    /// 64 KiB line is refused here (the ledger's limit is 1 MiB; the fuzzer's
    /// inputs are at most 64 KiB, and a smaller buffer keeps runs fast).
    static let bigMaxLine = 1 << 16

    /// The fast decoder either declines a line or makes of it exactly what
    /// the parser and the event decoder make: the same event (and recorded
    /// text), seq, hash, canonical bytes, and `recorded` range. Nil when so.
    static func fastDecoderDisagreement(_ bytes: [UInt8]) -> String? {
        var decoder = FastEventDecoder()
        let sentinel: [UInt8] = [0xEE, 0x7B]
        var out = sentinel
        let fast = bytes.withUnsafeBytes { decoder.decode($0, canonical: &out) }
        let text = String(decoding: bytes.prefix(300), as: UTF8.self)
        guard Array(out.prefix(2)) == sentinel else { return "the fast decoder overwrote what the buffer held: \(text)" }
        guard let fast else {
            return out == sentinel ? nil : "the fast decoder declined but left bytes in the buffer: \(text)"
        }
        let withoutCanonical = bytes.withUnsafeBytes { decoder.event($0) }
        if withoutCanonical != fast.event {
            return "the fast decoder's event without canonical JSON differs: \(String(describing: withoutCanonical)) vs \(fast.event)"
        }
        let slow: DecodedEvent
        do {
            slow = try EventDecoder.decode(try JSONParser.parse(bytes))
        } catch {
            return "the fast decoder accepted a line the full decoder refuses (\(error)): \(text)"
        }
        if fast.event != slow.event || fast.event.recorded?.text != slow.event.recorded?.text {
            return "the fast decoder's event differs: \(fast.event) vs \(slow.event)"
        }
        if fast.seq != slow.seq || fast.hash != slow.hash {
            return "the fast decoder's seq/hash differ: \(String(describing: fast.seq)) \(String(describing: fast.hash)) vs \(String(describing: slow.seq)) \(String(describing: slow.hash))"
        }
        let canonical = Array(out.dropFirst(2))
        let expected = JSONValue.object(slow.fields).canonicalBytes
        if canonical != expected {
            return "the fast decoder's canonical JSON differs: \(String(decoding: canonical, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))"
        }
        let range = expected.withUnsafeBytes { CanonicalEvent.recordedRange($0) }
        if range != fast.recorded {
            return "the fast decoder's recorded range \(fast.recorded) differs from \(range) in \(String(decoding: expected, as: UTF8.self))"
        }
        let member = String(decoding: expected[range], as: UTF8.self)
        if let r = slow.event.recorded {
            let quoted = String(decoding: JSONValue.string(r.text).canonicalBytes, as: UTF8.self)
            if member != ",\"recorded\":" + quoted { return "the recorded range holds \(member)" }
        } else if !range.isEmpty {
            return "a line without recorded has a non-empty recorded range \(range)"
        }
        return nil
    }

    /// Runs one input through everything.
    static func run(_ data: UnsafeRawBufferPointer) -> Outcome {
        var outcome = Outcome()

        // 1. The reader, with tiny limits and a source returning odd-sized
        //    pieces, against a naive reference split.
        let small = readLines(data, maxLineBytes: smallMaxLine, chunkBytes: smallChunk, piece: 3)
        let smallReference = referenceLines(data, maxLineBytes: smallMaxLine)
        if small != smallReference {
            outcome.violations.append("small reader \(small) differs from the reference \(smallReference)")
        }
        // 2. A reader with a larger limit: its lines go on.
        let big = readLines(data, maxLineBytes: bigMaxLine, chunkBytes: 4096, piece: 4093)
        let bigReference = referenceLines(data, maxLineBytes: bigMaxLine)
        if big != bigReference {
            outcome.violations.append("reader \(big) differs from the reference \(bigReference)")
        }
        guard case .lines(let lines) = big else { return outcome }

        // 3. Parse, canonicalise, decode each line.
        var events: [Event] = []
        for line in lines {
            outcome.lines += 1
            let bytes = Array(data[line.start..<line.end])
            if let v = fastDecoderDisagreement(bytes) { outcome.violations.append(v) }
            var fast = FastEventDecoder()
            if bytes.withUnsafeBytes({ fast.event($0) }) != nil { outcome.fastDecoded += 1 }
            let value: JSONValue
            do throws(JSONParseError) {
                value = try JSONParser.parse(bytes)
            } catch {
                if error.offset < 0 || error.offset > bytes.count {
                    outcome.violations.append("parse error offset \(error.offset) outside the line of \(bytes.count) bytes")
                }
                if error.message.isEmpty { outcome.violations.append("parse error without a message") }
                continue
            }
            outcome.parsed += 1
            // The three entry points agree.
            let fromRaw = bytes.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try JSONParser.parse(raw) } }
            if case .success(let v) = fromRaw, v == value {} else {
                outcome.violations.append("parse(UnsafeRawBufferPointer) disagrees with parse([UInt8])")
            }
            if let text = String(validating: bytes, as: UTF8.self) {
                if case .success(let v) = Result(catching: { () throws(JSONParseError) in try JSONParser.parse(text) }), v == value {} else {
                    outcome.violations.append("parse(String) disagrees with parse([UInt8])")
                }
            } else {
                outcome.violations.append("the parser accepted bytes that are not valid UTF-8")
            }
            // Canonical JSON parses back to the same value and is a fixed point.
            let canonical = value.canonicalBytes
            switch Result(catching: { () throws(JSONParseError) in try JSONParser.parse(canonical) }) {
            case .success(let again):
                if again.canonicalBytes != canonical {
                    outcome.violations.append("canonical JSON is not a fixed point: \(String(decoding: canonical, as: UTF8.self))")
                }
                if !sameUpToNumbers(value, again) {
                    outcome.violations.append("canonical JSON does not parse back to the value: \(String(decoding: canonical, as: UTF8.self))")
                }
            case .failure(let e):
                outcome.violations.append("canonical JSON does not parse: \(e): \(String(decoding: canonical, as: UTF8.self))")
            }
            let decoded: DecodedEvent
            do throws(EventFormatError) {
                decoded = try EventDecoder.decode(value)
            } catch {
                if error.message.isEmpty { outcome.violations.append("decode error without a message") }
                continue
            }
            outcome.decoded += 1
            // The canonical form of the event's fields decodes to the same event.
            switch Result(catching: { () throws(EventFormatError) in
                try EventDecoder.decode(try! JSONParser.parse(JSONValue.object(decoded.fields).canonicalBytes))
            }) {
            case .success(let again):
                if again.event != decoded.event {
                    outcome.violations.append("the canonical form of event \(decoded.event.id) decodes differently")
                }
            case .failure(let e):
                outcome.violations.append("the canonical form of event \(decoded.event.id) does not decode: \(e)")
            }
            events.append(decoded.event)
        }

        // 4. The rules: append as Ledger.append does (duplicate ids skipped,
        //    the rest through the knowledge decider), then replay.
        var table = FactTable()
        var knowledge = KnowledgeState()
        for event in events where knowledge.seq(of: event.id) == nil {
            var retracts: String? = nil
            if case .eventRetracted(let t, _) = event.body { retracts = t }
            let before = knowledge.nextSeq
            let seq: Int64, target: Int64
            do throws(KnowledgeViolation) {
                (seq, target) = try knowledge.apply(id: event.id, recorded: event.recorded, retracts: retracts)
            } catch {
                // Refused: the decider names the event and changes nothing.
                if error.eventID != event.id || error.seq != before || knowledge.nextSeq != before {
                    outcome.violations.append("the knowledge decider's refusal of \(event.id) is inconsistent: \(error)")
                }
                if error.message.isEmpty { outcome.violations.append("knowledge violation without a message") }
                continue
            }
            table.append(event, seq: seq, retractedSeq: target)
            outcome.appended += 1
        }
        guard !table.facts.isEmpty else { return outcome }
        let timeline = Timeline(table: table)
        var state = LedgerState()
        do throws(RuleViolation) {
            try timeline.replay(state: &state)
        } catch {
            if error.seq < 1 || error.seq > Int64(table.facts.count) {
                outcome.violations.append("rule violation names seq \(error.seq) of \(table.facts.count)")
            }
            if error.message.isEmpty { outcome.violations.append("rule violation without a message") }
            return outcome
        }
        outcome.replayed = true

        // 5. Reports on the valid timeline: folding and the snapshot index agree.
        let days = table.facts.map(\.effective)
        let first = Day(number: days.min()!), last = Day(number: days.max()!)
        let provenance = Provenance(ledger: LedgerHead(seq: Int64(table.facts.count), hash: .zero), knownAt: nil)
        let reporter = Reporter(timeline: timeline, provenance: provenance)
        let index: SnapshotIndex
        do throws(RuleViolation) {
            index = try SnapshotIndex.build(timeline)
        } catch {
            outcome.violations.append("the snapshot index refuses a timeline that replays: \(error)")
            return outcome
        }
        var scopes: [String?] = [nil]
        scopes += table.names.units.names.prefix(3).map { Optional($0) }
        // Days a user can ask for: 0001-01-01 … 9999-12-31.
        let lowest = Day(iso: "0001-01-01")!.number, highest = Day(iso: "9999-12-31")!.number
        func day(_ n: Int32) -> Day { Day(number: min(max(n, lowest), highest)) }
        for day in [day(first.number - 1), first, day(first.number / 2 + last.number / 2), last, day(last.number + 400)] {
            for scope in scopes {
                let folded = Result { try reporter.snapshot(at: day, unit: scope) }
                let indexed = Result { () throws(ReportError) in try index.snapshot(at: day, unit: scope, bands: .standard, provenance: provenance) }
                switch (folded, indexed) {
                case (.success(let a), .success(let b)):
                    if a != b { outcome.violations.append("snapshot \(day) \(scope ?? "all"): the index and the fold differ") }
                case (.failure(let a), .failure(let b)):
                    if "\(a)" != "\(b)" { outcome.violations.append("snapshot \(day) \(scope ?? "all"): errors differ: \(a) / \(b)") }
                default:
                    outcome.violations.append("snapshot \(day) \(scope ?? "all"): fold \(folded), index \(indexed)")
                }
            }
        }
        _ = try? reporter.flows(from: day(first.number - 1), to: last, unit: nil)
        _ = try? reporter.compare(from: first, to: last, unit: scopes.last ?? nil)
        for year in Set(table.facts.filter { $0.type == .unitRated || $0.type == .memberRated }.map(\.extra)).prefix(2) {
            _ = try? reporter.ratings(year: Int(year), unit: nil)
        }
        return outcome
    }

    /// Equal, except that number literals compare by their canonical form.
    static func sameUpToNumbers(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number, .number): return a.canonicalBytes == b.canonicalBytes
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { sameUpToNumbers($0, $1) }
        case let (.object(x), .object(y)):
            return x.entries.count == y.entries.count
                && x.entries.allSatisfy { e in y[e.key].map { sameUpToNumbers(e.value, $0) } ?? false }
        default: return a == b
        }
    }

    // MARK: The reader and its reference

    struct Line: Equatable, CustomStringConvertible {
        var number: Int
        var offset: Int
        var start: Int
        var end: Int
        var description: String { "\(number)@\(offset)[\(start)..<\(end)]" }
    }

    enum Lines: Equatable, CustomStringConvertible {
        case lines([Line])
        case tooLong(lines: [Line], line: Int, offset: Int)
        var description: String {
            switch self {
            case .lines(let l): return "\(l)"
            case .tooLong(let l, let line, let offset): return "\(l) then line \(line) at \(offset) too long"
            }
        }
    }

    /// A source that hands out at most `piece` bytes per read.
    struct PiecesSource: ByteSource {
        let data: UnsafeRawBufferPointer
        let piece: Int
        var position = 0
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
            let n = min(buffer.count, piece, data.count - position)
            guard n > 0 else { return 0 }
            buffer.baseAddress!.copyMemory(from: data.baseAddress! + position, byteCount: n)
            position += n
            return n
        }
    }

    static func readLines(_ data: UnsafeRawBufferPointer, maxLineBytes: Int, chunkBytes: Int, piece: Int) -> Lines {
        var reader = JSONLinesReader(source: PiecesSource(data: data, piece: piece),
                                     maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
        var lines: [Line] = []
        do {
            try reader.forEachLine { line in
                // The line must be the bytes of the input at its offset.
                let start = Int(line.offset)
                let ok = start >= 0 && start + line.bytes.count <= data.count
                    && (line.bytes.count == 0 || memcmp(line.bytes.baseAddress!, data.baseAddress! + start, line.bytes.count) == 0)
                lines.append(Line(number: line.number, offset: start, start: ok ? start : -1,
                                  end: ok ? start + line.bytes.count : -1))
            }
        } catch let e as LineTooLongError {
            return .tooLong(lines: lines, line: e.line, offset: Int(e.offset))
        } catch {
            return .tooLong(lines: lines, line: -1, offset: -1)
        }
        return .lines(lines)
    }

    /// The obvious implementation: skip a byte order mark at the start,
    /// split at "\n", drop one "\r" before it, skip blank lines, refuse the
    /// first line longer than the limit.
    static func referenceLines(_ data: UnsafeRawBufferPointer, maxLineBytes: Int) -> Lines {
        var lines: [Line] = []
        var start = 0, number = 0
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }  // a byte order mark
        while start < data.count {
            var end = start
            while end < data.count && data[end] != 0x0A { end += 1 }
            number += 1
            var contentEnd = end
            if contentEnd > start && data[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd - start > maxLineBytes {
                return .tooLong(lines: lines, line: number, offset: start)
            }
            if data[start..<contentEnd].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                lines.append(Line(number: number, offset: start, start: start, end: contentEnd))
            }
            start = end + 1
        }
        return .lines(lines)
    }
}
