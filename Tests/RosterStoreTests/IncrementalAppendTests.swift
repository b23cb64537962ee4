import Foundation
import Glibc
import Testing
import RosterCore
@testable import RosterStore

/// An append continues from the index cache when the cache is valid for the
/// committed head, and from a full read of the log otherwise; either way it
/// accepts and refuses exactly the same batches, with the same messages, and
/// leaves the same log, head, reports and cache.
@Suite struct IncrementalAppendTests {
    static let now = Timestamp(seconds: 2_000_000_000)

    /// A random valid history of more than one chain checkpoint, in three
    /// batches (60 %, 20 %, 20 %).
    static let batches: [[String]] = {
        var gen = RandomHistory(seed: 21)
        let lines = gen.generate(days: 4000, perDay: 0.6)
        precondition(Int64(lines.count) > 2 * Ledger.chainCheckpointInterval)
        let a = lines.count * 6 / 10, b = lines.count * 8 / 10
        return [Array(lines[..<a]), Array(lines[a..<b]), Array(lines[b...])]
    }()

    /// What an append did: its result (with where it started from), or the
    /// message of the error it threw.
    enum Outcome: Equatable {
        case appended(added: Int, skipped: Int, head: LedgerHead, fromCache: Bool)
        case refused(String)

        /// The same outcome, wherever the append started from.
        func same(as other: Outcome) -> Bool {
            switch (self, other) {
            case let (.appended(a, s, h, _), .appended(a2, s2, h2, _)): return a == a2 && s == s2 && h == h2
            default: return self == other
            }
        }
        var fromCache: Bool? {
            if case .appended(_, _, _, let c) = self { return c }
            return nil
        }
    }

    static func append(_ lines: [String], to dir: String) -> Outcome {
        do {
            let ledger = try Ledger.openForWriting(directory: dir)
            defer { ledger.close() }
            let r = try ledger.append([BatchInput(name: "batch.jsonl", source: BytesSource(Array(lines.joined(separator: "\n").utf8)))], now: now)
            return .appended(added: r.added, skipped: r.skipped, head: r.head, fromCache: r.loadedFromCache)
        } catch let e as AppendRejected {
            return .refused(e.message)
        } catch {
            return .refused("\(type(of: error)): \(error)")
        }
    }

    /// Whether the next append would start from the cache.
    static func cacheUsable(_ dir: String) throws -> Bool {
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        return try ledger.loadForAppend().fromCache
    }

    static func cacheFile(_ dir: String) -> String { IndexCache.path(dir).file }

    static func deleteCache(_ dir: String) { unlink(cacheFile(dir)) }

    /// A ledger with `batches` appended, and the outcome of each append.
    static func ledger(_ temp: TemporaryDirectory, _ name: String, _ batches: [[String]], deletingCache: Bool = false) throws -> (String, [Outcome]) {
        let dir = temp.path + "/" + name
        try Ledger.create(directory: dir)
        var outcomes: [Outcome] = []
        for batch in batches {
            if deletingCache { deleteCache(dir) }
            outcomes.append(append(batch, to: dir))
        }
        return (dir, outcomes)
    }

    /// Expects two ledgers to hold the same log, head, reports and cache
    /// (every cache section a change of padding cannot make differ). Equal
    /// logs make equal reports: `reports: false` skips comparing them.
    static func expectSame(_ a: String, _ b: String, reports: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let la = try SegmentLog.openForReading(directory: a), lb = try SegmentLog.openForReading(directory: b)
        defer { la.close(); lb.close() }
        #expect(try readAll(la) == readAll(lb), "the logs differ", sourceLocation: sourceLocation)
        let (x, y) = (try Ledger.openForReading(directory: a), try Ledger.openForReading(directory: b))
        defer { x.close(); y.close() }
        #expect(x.head == y.head, sourceLocation: sourceLocation)
        let mid = Self.batches.joined().count / 2
        let knownAt = Timestamp(seconds: 1_600_000_000 + Int64(mid))
        for useCache in reports ? [false, true] : [] {
            let (rx, ry) = (try x.reporter(knownAt: nil, knownAtText: nil, useCache: useCache),
                            try y.reporter(knownAt: nil, knownAtText: nil, useCache: useCache))
            let (kx, ky) = (try x.reporter(knownAt: knownAt, knownAtText: "T", useCache: useCache),
                            try y.reporter(knownAt: knownAt, knownAtText: "T", useCache: useCache))
            for day in ["2009-06-30", "2012-12-31", "2018-12-31"] {
                let d = Day(iso: day)!
                for unit in [nil, "D0", "D1G0"] {
                    #expect(try rx.snapshot(at: d, unit: unit) == ry.snapshot(at: d, unit: unit), "\(day) \(unit ?? "all")", sourceLocation: sourceLocation)
                    #expect(try kx.snapshot(at: d, unit: unit) == ky.snapshot(at: d, unit: unit), "known at, \(day)", sourceLocation: sourceLocation)
                }
            }
            #expect(try rx.flows(from: Day(iso: "2008-01-01")!, to: Day(iso: "2018-12-31")!, unit: "P")
                    == ry.flows(from: Day(iso: "2008-01-01")!, to: Day(iso: "2018-12-31")!, unit: "P"), sourceLocation: sourceLocation)
        }
        let (ma, mb) = (IndexCache.Mapping(file: cacheFile(a)), IndexCache.Mapping(file: cacheFile(b)))
        if !reports {
            // The caches the appends wrote, not ones a report rebuilt.
            #expect(try cacheUsable(a) && cacheUsable(b), sourceLocation: sourceLocation)
        }
        #expect(ma?.open(head: x.head) == true && mb?.open(head: y.head) == true, "both caches valid", sourceLocation: sourceLocation)
        guard let ma, let mb else { return }
        let compared: [IndexCache.Kind] = [.facts, .mergeLists, .unitNames, .ethnicities, .religions, .memberCount, .recorded,
                                           .hashes, .memberIDs, .eventIDBytes, .eventIDEnds, .eventIDSlots, .lastRecorded]
        for kind in compared {
            #expect(section(ma, kind) == section(mb, kind), "cache section \(kind)", sourceLocation: sourceLocation)
        }
    }

    static func section(_ m: IndexCache.Mapping, _ kind: IndexCache.Kind) -> [UInt8]? {
        guard m.verify(kind), let s = m.sections[kind] else { return nil }
        return Array(UnsafeRawBufferPointer(start: m.base + s.offset, count: s.length))
    }

    /// A field of a JSON line.
    static func field(_ line: String, _ key: String) -> String? {
        guard case .object(let o) = try? JSONParser.parse(line), case .string(let s)? = o[key] else { return nil }
        return s
    }

    // MARK: Batches

    @Test func laterBatchesStartFromTheCacheAndEndWhereAFullReadEnds() throws {
        let temp = TemporaryDirectory()
        let (cached, a) = try Self.ledger(temp, "cached", Self.batches)
        let (full, b) = try Self.ledger(temp, "full", Self.batches, deletingCache: true)
        #expect(a.map(\.fromCache) == [false, true, true])
        #expect(b.map(\.fromCache) == [false, false, false])
        #expect(zip(a, b).allSatisfy { $0.same(as: $1) }, "\(a) vs \(b)")
        try Self.expectSame(cached, full)
    }

    @Test func reAppendsAndDuplicatesInsideABatchAgree() throws {
        let temp = TemporaryDirectory()
        let (cached, _) = try Self.ledger(temp, "cached", Array(Self.batches.prefix(2)))
        let (full, _) = try Self.ledger(temp, "full", Array(Self.batches.prefix(2)))
        let unit = #"{"id":"x-unit","type":"unit.established","effective":"2016-01-01","unit":"XU","name":"X","kind":"committee","parent":"P"}"#
        let rated = #"{"id":"x-rated","type":"unit.rated","effective":"2016-12-31","unit":"XU","year":2016,"rating":"good"}"#
        let trials: [[String]] = [
            Self.batches[1],                                                // the whole batch again: all skipped
            Self.batches[2] + Array(Self.batches[2].prefix(3)),             // the next batch with its first lines twice
            Array(Self.batches[0].suffix(5)) + [unit, unit, rated, unit],    // repeats, new lines, a new line twice
            [unit, rated],                                                  // only repeats of the batch before
        ]
        for (i, trial) in trials.enumerated() {
            #expect(try Self.cacheUsable(cached))
            Self.deleteCache(full)
            let (a, b) = (Self.append(trial, to: cached), Self.append(trial, to: full))
            #expect(a.same(as: b), "trial \(i): \(a) vs \(b)")
            if case .appended = a {} else { Issue.record("trial \(i) refused: \(a)") }
        }
        try Self.expectSame(cached, full)
    }

    @Test func retractionsOfEventsOfEarlierBatches() throws {
        let temp = TemporaryDirectory()
        let (cached, _) = try Self.ledger(temp, "cached", Array(Self.batches.prefix(2)))
        let (full, _) = try Self.ledger(temp, "full", Array(Self.batches.prefix(2)))
        let rating = try #require(Self.batches[0].first { Self.field($0, "type") == "unit.rated" })
        let target = Self.field(rating, "id")!
        let effective = Self.field(rating, "effective")!
        func retraction(_ id: String, _ target: String) -> String {
            #"{"id":"\#(id)","type":"event.retracted","effective":"\#(effective)","target":"\#(target)","reason":"entered twice"}"#
        }
        let trials: [(lines: [String], refusal: String?)] = [
            ([retraction("ret-1", target)], nil),
            ([retraction("ret-2", target)], "batch.jsonl line 1 (ret-2): event.retracted \(target): \(target) is already retracted"),
            ([retraction("ret-3", "ret-1")], "batch.jsonl line 1 (ret-3): event.retracted ret-1: ret-1 is a retraction; a retraction cannot be retracted"),
            ([retraction("ret-4", "no-such-event")], "batch.jsonl line 1 (ret-4): event.retracted no-such-event: no event with id no-such-event in the ledger"),
        ]
        for (lines, refusal) in trials {
            #expect(try Self.cacheUsable(cached))
            Self.deleteCache(full)
            let (a, b) = (Self.append(lines, to: cached), Self.append(lines, to: full))
            #expect(a.same(as: b), "\(a) vs \(b)")
            if let refusal { #expect(a == .refused(refusal)) } else { #expect(a.fromCache == true) }
        }
        try Self.expectSame(cached, full)
    }

    @Test func refusalsSayTheSameFromTheCacheAndFromTheLog() throws {
        let temp = TemporaryDirectory()
        // The last recorded time as given, not as the ledger would write it.
        let odd = #"{"id":"x-odd","type":"unit.established","effective":"2016-01-01","unit":"XO","name":"X","kind":"committee","parent":"P","recorded":"2031-05-05T12:00:00.50+02:00"}"#
        let base = Array(Self.batches.prefix(2)) + [[odd]]
        let (cached, _) = try Self.ledger(temp, "cached", base)
        let (full, _) = try Self.ledger(temp, "full", base)
        let earlier = Self.batches[0] + Self.batches[1]
        // A member's transfer in the ledger, and a death just before it.
        let transfer = try #require(earlier.last { Self.field($0, "type") == "member.transferred" })
        let member = Self.field(transfer, "member")!
        let died = Day(iso: Self.field(transfer, "effective")!)!.adding(days: -1)
        let changed = earlier[10].replacingOccurrences(of: #""name":""#, with: #""name":"Đổi "#)
        #expect(changed != earlier[10])
        let trials: [(lines: [String], expected: String)] = [
            ([changed], "event id already exists in the ledger"),
            ([#"{"id":"x-died","type":"member.died","effective":"\#(died)","member":"\#(member)"}"#], "the timeline would not stay valid: recorded event \(Self.field(transfer, "id")!)"),
            ([#"{"id":"x-late","type":"unit.renamed","effective":"2016-01-01","unit":"XO","name":"Y","recorded":"2031-05-05T09:00:00Z"}"#],
             "is earlier than the last recorded event (2031-05-05T12:00:00.50+02:00)"),
            ([#"{"id":"x-seq","type":"unit.renamed","effective":"2016-01-01","unit":"XO","name":"Y","seq":5}"#], "seq 5 does not match the ledger"),
        ]
        for (lines, expected) in trials {
            #expect(try Self.cacheUsable(cached))
            Self.deleteCache(full)
            let (a, b) = (Self.append(lines, to: cached), Self.append(lines, to: full))
            #expect(a == b)
            guard case .refused(let message) = a else { Issue.record("accepted: \(lines)"); continue }
            #expect(message.contains(expected), "\(message)")
        }
        try Self.expectSame(cached, full)
    }

    // MARK: Caches not to trust

    /// The reference: the three batches appended with no cache at all.
    static func reference(_ temp: TemporaryDirectory) throws -> (String, Outcome) {
        let (dir, outcomes) = try ledger(temp, "reference", batches, deletingCache: true)
        return (dir, outcomes[2])
    }

    /// A ledger holding the first two batches and a valid cache of them.
    static func twoBatches(_ temp: TemporaryDirectory, _ name: String) throws -> String {
        let (dir, outcomes) = try ledger(temp, name, Array(batches.prefix(2)))
        #expect(outcomes.map(\.fromCache) == [false, true])
        #expect(try cacheUsable(dir))
        return dir
    }

    /// Appends the third batch after `spoil` and expects a full read that
    /// ends exactly where the reference ends.
    static func expectFullRead(_ temp: TemporaryDirectory, _ name: String, reference: (String, Outcome),
                               sourceLocation: SourceLocation = #_sourceLocation, spoil: (String) throws -> Void) throws {
        let dir = try twoBatches(temp, name)
        try spoil(dir)
        #expect(try !cacheUsable(dir), "\(name): the cache was trusted", sourceLocation: sourceLocation)
        let outcome = append(batches[2], to: dir)
        #expect(outcome.fromCache == false, "\(name)", sourceLocation: sourceLocation)
        #expect(outcome.same(as: reference.1), "\(name): \(outcome) vs \(reference.1)", sourceLocation: sourceLocation)
        try expectSame(dir, reference.0, reports: false, sourceLocation: sourceLocation)
    }

    @Test func aDamagedCacheIsReadAround() throws {
        let temp = TemporaryDirectory()
        let reference = try Self.reference(temp)
        // Where each section, the header and the section table are.
        let probe = try Self.twoBatches(temp, "probe")
        let m = try #require(IndexCache.Mapping(file: Self.cacheFile(probe)))
        let probeLedger = try Ledger.openForReading(directory: probe)
        #expect(m.open(head: probeLedger.head))
        probeLedger.close()
        var places: [(String, Int)] = [("header", 20), ("section table", Int(m.load(60, as: UInt64.self)) + 5)]
        for kind in IndexCache.Kind.allCases {
            let s = try #require(m.sections[kind])
            #expect(s.length > 0, "section \(kind) is empty: the history does not exercise it")
            places.append(("\(kind)", s.offset + s.length / 2))
        }
        for (name, at) in places {
            try Self.expectFullRead(temp, "flip-\(name)", reference: reference) { dir in
                flipBit(Self.cacheFile(dir), byte: at, bit: 3)
            }
        }
    }

    @Test func aStaleCacheIsReadAround() throws {
        let temp = TemporaryDirectory()
        let reference = try Self.reference(temp)
        func lastSegment(_ dir: String) -> String { segmentPath(dir, segmentCount(dir)) }
        try Self.expectFullRead(temp, "touched", reference: reference) { dir in
            var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, lastSegment(dir), &times, 0) == 0)
        }
        try Self.expectFullRead(temp, "extended", reference: reference) { dir in
            // Bytes after the last commit: a torn tail, cut when the ledger is opened for writing.
            let fd = open(lastSegment(dir), O_WRONLY | O_APPEND)
            #expect(fd >= 0)
            let junk = [UInt8](repeating: 0x5A, count: 100)
            #expect(write(fd, junk, junk.count) == junk.count)
            close(fd)
        }
        try Self.expectFullRead(temp, "older", reference: reference) { dir in
            // The cache of the first batch only, beside a log of two.
            let (one, _) = try Self.ledger(temp, "one", [Self.batches[0]])
            setFileBytes(Self.cacheFile(dir), fileBytes(Self.cacheFile(one)))
        }
    }

    @Test func aCacheOfAnotherVersionOrNoneIsReadAround() throws {
        let temp = TemporaryDirectory()
        let reference = try Self.reference(temp)
        try Self.expectFullRead(temp, "version", reference: reference) { dir in
            // The previous format version, with a header checksum that matches.
            var bytes = fileBytes(Self.cacheFile(dir))
            withUnsafeBytes(of: (IndexCache.version - 1).littleEndian) { bytes.replaceSubrange(8..<12, with: $0) }
            let headerLength = 8 + 4 + 4 + 8 + 32 + 4 + 8
            withUnsafeBytes(of: CRC32C.checksum(Array(bytes[..<headerLength])).littleEndian) {
                bytes.replaceSubrange(headerLength..<(headerLength + 4), with: $0)
            }
            setFileBytes(Self.cacheFile(dir), bytes)
        }
        try Self.expectFullRead(temp, "missing", reference: reference) { dir in
            Self.deleteCache(dir)
        }
        try Self.expectFullRead(temp, "empty", reference: reference) { dir in
            setFileBytes(Self.cacheFile(dir), [])
        }
    }
}
