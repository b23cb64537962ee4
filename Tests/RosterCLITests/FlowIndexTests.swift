import Foundation
import Testing
import RosterCore
@testable import RosterStore

/// Flows, series, ratings and `--known-at` answered from the index's
/// persisted moves (`FlowIndex`) equal the replay of the whole timeline
/// (the reference), on random histories, for every scope, with and without
/// a knowledge time.
@Suite struct FlowIndexTests {
    static let scopes: [String?] = [nil, "P", "D0", "D1", "D2", "D0G0", "D0G1", "D1G0", "D2GC", "D1GC", "NOPE"]

    func same<T: Equatable>(_ a: Result<T, Error>, _ b: Result<T, Error>, _ what: String) {
        switch (a, b) {
        case (.success(let x), .success(let y)): #expect(x == y, "\(what)")
        case (.failure(let x), .failure(let y)): #expect("\(x)" == "\(y)", "\(what)")
        default: Issue.record("\(what): index \(a), replay \(b)")
        }
    }

    /// Random queries of every report the index answers, on both reporters.
    @discardableResult
    func compare(_ indexed: Reporter, _ replay: Reporter, _ rng: inout SplitMix64, _ label: String, count: Int = 40) -> [String?] {
        var scopes: [String?] = []
        for _ in 0..<count {
            let from = Day(iso: "2007-06-01")!.adding(days: Int.random(in: 0...3400, using: &rng))
            let to = from.adding(days: Int.random(in: 0...2500, using: &rng))
            let scope = FlowIndexTests.scopes.randomElement(using: &rng)!
            scopes.append(scope)
            let what = "\(label) \(from)…\(to) \(scope ?? "all")"
            same(Result { try indexed.flows(from: from, to: to, unit: scope) },
                 Result { try replay.flows(from: from, to: to, unit: scope) }, "flows " + what)
            let every = SeriesInterval.allCases.randomElement(using: &rng)!
            same(Result { try indexed.series(from: from, to: to, every: every, unit: scope) },
                 Result { try replay.series(from: from, to: to, every: every, unit: scope) }, "series \(every) " + what)
            let year = Int.random(in: 2007...2017, using: &rng)
            same(Result { try indexed.ratings(year: year, unit: scope) },
                 Result { try replay.ratings(year: year, unit: scope) }, "ratings \(year) " + what)
            same(Result { try indexed.snapshot(at: to, unit: scope) },
                 Result { try replay.snapshot(at: to, unit: scope) }, "snapshot " + what)
        }
        return scopes
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 2024])
    func indexedReportsEqualTheReplay(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let dir = TestPaths.temporaryDirectory("flowindex")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Two batches: the cache of the second is written by an append.
        try appendText(lines[..<(lines.count / 2)].joined(separator: "\n"), to: dir)
        try appendText(lines[(lines.count / 2)...].joined(separator: "\n"), to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let indexed = try ledger.reporter(knownAt: nil, knownAtText: nil)
        let replay = try ledger.reporter(knownAt: nil, knownAtText: nil, useCache: false)
        #expect(indexed.index?.flowIndex != nil)
        var rng = SplitMix64(seed: seed)
        let queries = compare(indexed, replay, &rng, "seed \(seed)")
        // Every query of the indexed reporter took the index (the unknown unit is refused there).
        #expect(indexed.answeredFromIndex == 3 * queries.filter { $0 != "NOPE" }.count, "seed \(seed)")
        #expect(replay.answeredFromIndex == 0)
        // The checkpoints were used: the history is longer than several intervals.
        let fi = try #require(indexed.index?.flowIndex)
        #expect(fi.records.count > 2 * fi.interval)
    }

    @Test(arguments: [UInt64(5), 6, 7])
    func knownAtFromTheIndexEqualsTheReplayOfThePrefix(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let dir = TestPaths.temporaryDirectory("flowknown")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(lines.joined(separator: "\n"), to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        var rng = SplitMix64(seed: seed)
        var fromIndex = 0
        for _ in 0..<8 {
            let line = lines[Int.random(in: 0..<lines.count, using: &rng)]
            guard case .object(let o) = try JSONParser.parse(line), case .string(let t)? = o["recorded"],
                  let at = Timestamp(rfc3339: t) else { Issue.record("no recorded time"); return }
            let indexed = try ledger.reporter(knownAt: at, knownAtText: t)
            let replay = try ledger.reporter(knownAt: at, knownAtText: t, useCache: false)
            #expect(indexed.provenance == replay.provenance)
            #expect(indexed.knownPrefix != nil && replay.knownPrefix == nil)
            compare(indexed, replay, &rng, "seed \(seed) known at \(t)", count: 12)
            fromIndex += indexed.answeredFromIndex
        }
        // Early windows are untouched by what was recorded later: answered from the index.
        #expect(fromIndex > 0, "seed \(seed)")
    }

    /// Unit names, kinds and parents from the cache's directory equal the
    /// ones read from the log, as known now and at any prefix.
    @Test(arguments: [UInt64(3), 8])
    func theUnitDirectoryFromTheCacheEqualsTheLogs(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let dir = TestPaths.temporaryDirectory("flowdirectory")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(lines[..<(lines.count / 3)].joined(separator: "\n"), to: dir)
        try appendText(lines[(lines.count / 3)...].joined(separator: "\n"), to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        #expect(FileManager.default.fileExists(atPath: dir + "/cache/index.bin"))
        var units = Set<String>()
        for line in lines {
            guard case .object(let o) = try JSONParser.parse(line), case .string(let t)? = o["type"], t.hasPrefix("unit."),
                  case .string(let u)? = o["unit"] else { continue }
            units.insert(u)
        }
        #expect(units.count > 5)
        var rng = SplitMix64(seed: seed)
        var limits: [Int64?] = [nil]
        for _ in 0..<6 { limits.append(Int64.random(in: 1...Int64(lines.count), using: &rng)) }
        for limit in limits {
            let cached = try ledger.unitDirectory(limit: limit)
            let logged = try ledger.unitDirectoryFromLog(limit: limit)
            for _ in 0..<8 {
                let day = Day(iso: "2007-06-01")!.adding(days: Int.random(in: 0...3400, using: &rng))
                #expect(cached.names(on: day) == logged.names(on: day), "seed \(seed) limit \(limit.map(String.init) ?? "all") \(day)")
                #expect(cached.root(on: day) == logged.root(on: day))
                for u in units {
                    #expect(cached.parent(of: u, on: day) == logged.parent(of: u, on: day), "\(u) \(day)")
                    #expect(cached.kind(of: u, on: day) == logged.kind(of: u, on: day), "\(u) \(day)")
                    #expect(cached.label(u, on: day) == logged.label(u, on: day), "\(u) \(day)")
                }
            }
        }
        // A knowledge time reads the same prefix both ways.
        guard case .object(let o) = try JSONParser.parse(lines[lines.count / 2]), case .string(let t)? = o["recorded"],
              let at = Timestamp(rfc3339: t) else { Issue.record("no recorded time"); return }
        let day = Day(iso: "2012-12-31")!
        #expect(try ledger.unitDirectory(knownAt: at).names(on: day) == ledger.unitDirectoryFromLog(knownAt: at).names(on: day))
        // Without the cache, the log is read: the same names.
        try FileManager.default.removeItem(atPath: dir + "/cache/index.bin")
        #expect(try ledger.unitDirectory().names(on: day) == ledger.unitDirectoryFromLog().names(on: day))
    }

    /// A flipped byte in any section the walk or the unit directory reads is
    /// caught by the block checksums: the answer is the replay's (or the
    /// log's), never a different one.
    @Test func damageInTheMovesNeverChangesAnAnswer() throws {
        var gen = RandomHistory(seed: 9)
        let lines = gen.generate()
        let dir = TestPaths.temporaryDirectory("flowdamage")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(lines.joined(separator: "\n"), to: dir)
        let file = dir + "/cache/index.bin"
        let good = try Data(contentsOf: URL(fileURLWithPath: file))
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let truth = try ledger.reporter(knownAt: nil, knownAtText: nil, useCache: false)
        let from = Day(iso: "2009-12-31")!, to = Day(iso: "2015-12-31")!
        let flows = try truth.flows(from: from, to: to, unit: "D1")
        let series = try truth.series(from: from, to: to, every: .quarter, unit: "D0")
        let ratings = try truth.ratings(year: 2012, unit: nil)
        let names = try ledger.unitDirectoryFromLog().names(on: to)
        let m = try #require(IndexCache.Mapping(file: file))
        #expect(m.open(head: ledger.head))
        var rng = SplitMix64(seed: 9)
        for kind in [IndexCache.Kind.flowRecords, .flowUnitFacts, .flowUnitPositions, .flowCheckpoints, .ratingRecords, .flowShape, .unitDirectory] {
            let section = try #require(m.sections[kind])
            #expect(section.length > 0, "\(kind)")
            for _ in 0..<3 {
                var bad = good
                let at = section.offset + Int.random(in: 0..<section.length, using: &rng)
                bad[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                try bad.write(to: URL(fileURLWithPath: file))
                let r = try ledger.reporter(knownAt: nil, knownAtText: nil)
                #expect(try r.flows(from: from, to: to, unit: "D1") == flows, "\(kind) byte \(at)")
                #expect(try r.series(from: from, to: to, every: .quarter, unit: "D0") == series, "\(kind) byte \(at)")
                #expect(try r.ratings(year: 2012, unit: nil) == ratings, "\(kind) byte \(at)")
                #expect(try ledger.unitDirectory().names(on: to) == names, "\(kind) byte \(at)")
            }
        }
    }
}
