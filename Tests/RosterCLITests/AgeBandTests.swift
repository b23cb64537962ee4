import Foundation
import Testing
import RosterCore
import RosterStore

/// Age is in whole years on D (docs/RULES.md): a 29 February birthday, the day
/// before and on a birthday, custom bands — through the index and the replay.
@Suite struct AgeBandTests {
    @Test func bandsFollowWholeYearsOnTheDate() throws {
        let dir = TestPaths.temporaryDirectory("ages")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText("""
        {"id":"u","type":"unit.established","effective":"2000-01-01","unit":"C","name":"C","kind":"grassroots-cell"}
        {"id":"a","type":"member.registered","effective":"2000-01-01","member":"A","unit":"C","status":"full","person":{"name":"A","birthDate":"1992-02-29","gender":"male"}}
        {"id":"b","type":"member.registered","effective":"2000-01-01","member":"B","unit":"C","status":"full","person":{"name":"B","birthDate":"1988-06-15","gender":"female"}}
        """, to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        for useCache in [true, false] {
            let r = try ledger.reporter(knownAt: nil, knownAtText: nil, useCache: useCache)
            // A turns 31 on 1 March 2023 (no 29 February in 2023); B turns 35 on 15 June 2023.
            let feb = try r.snapshot(at: Day(iso: "2023-02-28")!, unit: nil)
            #expect(feb.byAge["18-30"] == 1 && feb.byAge["31-35"] == 1, "\(feb.byAge.entries)")
            let mar = try r.snapshot(at: Day(iso: "2023-03-01")!, unit: nil)
            #expect(mar.byAge["18-30"] == 0 && mar.byAge["31-35"] == 2, "\(mar.byAge.entries)")
            let june = try r.snapshot(at: Day(iso: "2023-06-15")!, unit: nil)
            #expect(june.byAge["31-35"] == 2, "\(june.byAge.entries)")
            let later = try r.snapshot(at: Day(iso: "2024-06-15")!, unit: nil)
            #expect(later.byAge["31-35"] == 1 && later.byAge["36-40"] == 1, "\(later.byAge.entries)")
            let custom = try r.snapshot(at: Day(iso: "2023-03-01")!, unit: nil, bands: AgeBands(upperBounds: [30, 34])!)
            #expect(custom.byAge.entries.map(\.key) == ["18-30", "31-34", "35+"])
            #expect(custom.byAge["31-34"] == 2)
        }
    }
}
