import Foundation
import Testing
import RosterCore
import RosterStore

/// The snapshot index answers exactly as a replay of the timeline does, and
/// the cache on disk is used when valid, ignored when stale or damaged, and
/// never changes an answer.
@Suite struct IndexCacheTests {
    @Test(arguments: [UInt64(5), 6, 7, 8])
    func indexSnapshotsEqualReplaySnapshots(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let dir = TestPaths.temporaryDirectory("index")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(lines.joined(separator: "\n"), to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let replay = try ledger.reporter(knownAt: nil, knownAtText: nil, useCache: false)
        let indexed = try ledger.reporter(knownAt: nil, knownAtText: nil)
        #expect(replay.index == nil && indexed.index != nil)
        var rng = SplitMix64(seed: seed)
        let scopes: [String?] = [nil, "P", "D0", "D1", "D2", "D0G0", "D0G1", "D1G0", "D2GC", "D1GC"]
        for _ in 0..<60 {
            let day = Day(iso: "2008-01-01")!.adding(days: Int.random(in: -5...3100, using: &rng))
            let scope = scopes.randomElement(using: &rng)!
            let a = Result { try replay.snapshot(at: day, unit: scope) }
            let b = Result { try indexed.snapshot(at: day, unit: scope) }
            switch (a, b) {
            case (.success(let x), .success(let y)): #expect(x == y, "seed \(seed) \(day) \(scope ?? "all")")
            case (.failure(let x), .failure(let y)): #expect("\(x)" == "\(y)", "seed \(seed) \(day) \(scope ?? "all")")
            default: Issue.record("seed \(seed) \(day) \(scope ?? "all"): replay \(a), index \(b)")
            }
        }
    }

    @Test func theCacheIsWrittenUsedInvalidatedAndNeverTrustedWhenDamaged() throws {
        var gen = RandomHistory(seed: 11)
        let lines = gen.generate()
        let half = lines.count / 2
        let dir = TestPaths.temporaryDirectory("cache")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cacheFile = dir + "/cache/index.bin"
        try appendText(lines[..<half].joined(separator: "\n"), to: dir)
        let day = Day(iso: "2020-12-31")!

        func answers() throws -> (SnapshotReport, Bool) {
            let l = try Ledger.openForReading(directory: dir)
            defer { l.close() }
            let r = try l.reporter(knownAt: nil, knownAtText: nil)
            return (try r.snapshot(at: day, unit: "D1"), r.index != nil)
        }
        func truth() throws -> SnapshotReport {
            let l = try Ledger.openForReading(directory: dir)
            defer { l.close() }
            return try l.reporter(knownAt: nil, knownAtText: nil, useCache: false).snapshot(at: day, unit: "D1")
        }

        // The append wrote the cache; reports read it and leave it alone.
        #expect(FileManager.default.fileExists(atPath: cacheFile))
        let stamp = try FileManager.default.attributesOfItem(atPath: cacheFile)[.modificationDate] as! Date
        let first = try answers()
        let second = try answers()
        #expect(first.0 == (try truth()))
        #expect(second.0 == first.0 && second.1)
        #expect(try FileManager.default.attributesOfItem(atPath: cacheFile)[.modificationDate] as! Date == stamp)

        // Without a cache, the first report writes one.
        try FileManager.default.removeItem(atPath: cacheFile)
        #expect(try answers().0 == first.0)
        #expect(FileManager.default.fileExists(atPath: cacheFile))

        // A cache of an older head is stale: the answer follows the ledger.
        let old = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
        try appendText(lines[half...].joined(separator: "\n"), to: dir)
        try old.write(to: URL(fileURLWithPath: cacheFile))
        let after = try answers()
        #expect(after.0 == (try truth()))
        #expect(after.0 != first.0)
        #expect(after.0.provenance.ledger.seq == Int64(lines.count))

        // Damage anywhere in the cache: never a different answer.
        let good = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
        var rng = SplitMix64(seed: 3)
        for _ in 0..<25 {
            var bad = good
            let at = Int.random(in: 0..<bad.count, using: &rng)
            bad[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            try bad.write(to: URL(fileURLWithPath: cacheFile))
            #expect(try answers().0 == (try truth()), "flipped byte \(at) of the cache")
        }
        // Truncated, empty, garbage: rebuilt.
        for bad in [good.prefix(good.count / 2), Data(), Data("not a cache".utf8)] {
            try bad.write(to: URL(fileURLWithPath: cacheFile))
            #expect(try answers().0 == (try truth()))
        }
    }
}
