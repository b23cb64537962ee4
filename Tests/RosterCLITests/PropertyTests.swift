import Foundation
import Testing
import RosterCore
import RosterReports
import RosterStore

/// Properties that must hold on any valid history (seeded, so a failure names
/// the seed that reproduces it).
@Suite struct PropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2024]

    func withLedger<T>(_ name: String, _ body: (String) throws -> T) throws -> T {
        let dir = TestPaths.temporaryDirectory(name)
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    func head(_ dir: String) throws -> LedgerHead {
        let l = try Ledger.openForReading(directory: dir)
        defer { l.close() }
        return l.head
    }

    @Test(arguments: seeds)
    func anySplitIntoBatchesGivesTheSameHead(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let whole = try withLedger("whole") { dir in
            try appendText(lines.joined(separator: "\n"), to: dir)
            return try head(dir)
        }
        var rng = SplitMix64(seed: seed &+ 99)
        let split = try withLedger("split") { dir in
            var i = 0
            while i < lines.count {
                let n = Int.random(in: 1...max(1, lines.count / 5), using: &rng)
                try appendText(lines[i..<min(lines.count, i + n)].joined(separator: "\n"), to: dir)
                i += n
            }
            return try head(dir)
        }
        #expect(whole == split, "seed \(seed)")
        #expect(whole.seq == Int64(lines.count), "seed \(seed)")
    }

    @Test(arguments: seeds)
    func exportAppendsIntoAnEmptyLedgerWithTheSameHead(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        try withLedger("export-src") { src in
            try appendText(lines.joined(separator: "\n"), to: src)
            let ledger = try Ledger.openForReading(directory: src)
            defer { ledger.close() }
            var exported: [UInt8] = []
            try ledger.export { exported += $0 }
            try withLedger("export-dst") { dst in
                let w = try Ledger.openForWriting(directory: dst)
                defer { w.close() }
                let r = try w.append([BatchInput(name: "export.jsonl", source: BytesSource(exported))], now: Timestamp(seconds: 2_000_000_000))
                #expect(r.head == ledger.head, "seed \(seed)")
                // Appending the export again is a no-op: every line is a duplicate.
                let again = try w.append([BatchInput(name: "export.jsonl", source: BytesSource(exported))], now: Timestamp(seconds: 2_000_000_000))
                #expect(again.added == 0 && again.skipped == lines.count, "seed \(seed)")
            }
        }
    }

    @Test(arguments: seeds)
    func flowsBalanceForAnyWindowAndScope(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        try withLedger("flows") { dir in
            try appendText(lines.joined(separator: "\n"), to: dir)
            let ledger = try Ledger.openForReading(directory: dir)
            defer { ledger.close() }
            let reporter = try ledger.reporter(knownAt: nil, knownAtText: nil)
            var rng = SplitMix64(seed: seed)
            let scopes: [String?] = [nil, "P", "D0", "D1", "D2", "D0G0", "D1G1", "D2GC"]
            for _ in 0..<40 {
                let a = Day(iso: "2008-01-01")!.adding(days: Int.random(in: -10...3000, using: &rng))
                let b = a.adding(days: Int.random(in: 0...2000, using: &rng))
                let scope = scopes.randomElement(using: &rng)!
                let f = try reporter.flows(from: a, to: b, unit: scope)
                #expect(f.balances, "seed \(seed) \(a)…\(b) \(scope ?? "all"): \(f.start) + \(f.inflow.total) − \(f.outflow.total) ≠ \(f.end)")
                // start and end are the snapshots' totals when the scope is active.
                if let s = try? reporter.snapshot(at: b, unit: scope) { #expect(s.total == f.end, "seed \(seed)") }
                if let s = try? reporter.snapshot(at: a, unit: scope) { #expect(s.total == f.start, "seed \(seed)") }
            }
        }
    }

    @Test(arguments: seeds)
    func knownAtABatchEqualsALedgerThatOnlyGotTheBatchesUpToIt(seed: UInt64) throws {
        var gen = RandomHistory(seed: seed)
        let lines = gen.generate()
        let cut = lines.count * 2 / 3
        // The recorded time of the last line of the first part.
        guard case .object(let o) = try JSONParser.parse(lines[cut - 1]), case .string(let t)? = o["recorded"] else {
            Issue.record("no recorded time"); return
        }
        let day = Day(iso: "2016-06-30")!
        let full: (SnapshotReport, FlowsReport) = try withLedger("known-full") { dir in
            try appendText(lines[0..<cut].joined(separator: "\n"), to: dir)
            try appendText(lines[cut...].joined(separator: "\n"), to: dir)
            let l = try Ledger.openForReading(directory: dir)
            defer { l.close() }
            let r = try l.reporter(knownAt: Timestamp(rfc3339: t)!, knownAtText: t)
            return (try r.snapshot(at: day, unit: nil), try r.flows(from: Day(iso: "2009-12-31")!, to: day, unit: "D1"))
        }
        var prefix: (SnapshotReport, FlowsReport) = try withLedger("known-prefix") { dir in
            try appendText(lines[0..<cut].joined(separator: "\n"), to: dir)
            let l = try Ledger.openForReading(directory: dir)
            defer { l.close() }
            let r = try l.reporter(knownAt: nil, knownAtText: nil)
            return (try r.snapshot(at: day, unit: nil), try r.flows(from: Day(iso: "2009-12-31")!, to: day, unit: "D1"))
        }
        // The same figures; only the report's own knownAt differs.
        prefix.0.provenance.knownAt = t
        prefix.1.provenance.knownAt = t
        #expect(full.0 == prefix.0, "seed \(seed)")
        #expect(full.1 == prefix.1, "seed \(seed)")
        #expect(full.0.provenance.ledger.seq == Int64(cut))
    }
}
