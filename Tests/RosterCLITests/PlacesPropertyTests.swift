import Foundation
import Testing
import RosterCore
import RosterStore

/// `report places` against a second, naive fold of the events on random
/// histories with places: registered under random units (which are later
/// moved, merged, dissolved), cells organised in them and re-sited, places
/// closed. The naive fold reads the JSON events directly: no facts, no
/// `LedgerState`.
@Suite struct PlacesPropertyTests {
    struct Ev { var seq: Int; var o: JSONObject; var type: String; var effective: Day }

    /// A random history with places woven in, valid by construction (checked by the append).
    static func history(seed: UInt64) throws -> [String] {
        var rng = SplitMix64(seed: seed)
        var h = RandomHistory(seed: seed)
        var lines = h.generate(days: 2500)
        // Which units are active when: the history's own replay (only to keep the added events valid).
        var table = FactTable()
        var ids: [String: Int64] = [:]
        for (i, l) in lines.enumerated() {
            let e = try EventDecoder.decode(try JSONParser.parse(l)).event
            var target: Int64 = -1
            if case .eventRetracted(let t, _) = e.body { target = ids[t] ?? -1 }
            ids[e.id] = Int64(i + 1)
            table.append(e, seq: Int64(i + 1), retractedSeq: target)
        }
        let timeline = Timeline(table: table)
        let start = Day(iso: "2008-01-01")!
        var last = lines.last.flatMap { l -> String? in
            guard case .object(let o) = try? JSONParser.parse(l), case .string(let r)? = o["recorded"] else { return nil }
            return r
        }.flatMap { Timestamp(rfc3339: $0) }!.seconds
        func add(_ id: String, _ type: String, _ day: Day, _ fields: String) {
            last += 1
            lines.append(#"{"id":"\#(id)","type":"\#(type)","effective":"\#(day)",\#(fields),"recorded":"\#(Timestamp(seconds: last).text)"}"#)
        }
        let kinds = PlaceKind.allCases.map(\.rawValue)
        let first = try timeline.state(at: start)
        let units0 = (0..<first.units.count).filter { first.units[$0].active }.map { table.names.units[Int32($0)] }
        var hosted: Set<String> = []
        for p in 0..<24 {
            let unit = units0[Int(rng.next() % UInt64(units0.count))]
            add("pl\(p)", "place.registered", start, #""place":"X\#(p)","name":"Nơi \#(p)","kind":"\#(kinds[Int(rng.next() % 6)])","unit":"\#(unit)""#)
        }
        // Cells and committees organised in places (re-sited now and then), at random dates while active.
        for k in 0..<40 {
            let day = start.adding(days: Int(rng.next() % 2400))
            let state = try timeline.state(at: day)
            let active = (0..<state.units.count).filter { state.units[$0].active }.map { table.names.units[Int32($0)] }
            guard !active.isEmpty else { continue }
            let unit = active[Int(rng.next() % UInt64(active.count))]
            let place = "X\(rng.next() % 20)"     // X20…X23 stay without units: they may close
            hosted.insert(place)
            add("rs\(k)", "unit.reclassified", day, #""unit":"\#(unit)","place":"\#(place)""#)
        }
        for p in 20..<24 where rng.next() % 2 == 0 {
            add("cl\(p)", "place.closed", start.adding(days: Int(rng.next() % 2400)), #""place":"X\#(p)""#)
        }
        _ = hosted
        return lines
    }

    /// The naive fold: the places report's numbers on `day` for `scope`.
    static func naive(_ lines: [String], at day: Day, scope: String?) throws -> (counts: [String: [Int]], without: [String]) {
        var evs: [Ev] = []
        for (i, l) in lines.enumerated() {
            guard case .object(let o) = try JSONParser.parse(l), case .string(let t)? = o["type"], case .string(let e)? = o["effective"] else { continue }
            evs.append(Ev(seq: i, o: o, type: t, effective: Day(iso: e)!))
        }
        func s(_ o: JSONObject, _ k: String) -> String? { if case .string(let v)? = o[k] { return v }; return nil }
        let retracted = Set(evs.filter { $0.type == "event.retracted" }.compactMap { s($0.o, "target") })
        let timeline = evs.filter { $0.type != "event.retracted" && !retracted.contains(s($0.o, "id")!) && $0.effective <= day }
            .sorted { ($0.effective, $0.seq) < ($1.effective, $1.seq) }
        struct U { var kind: String; var parent: String?; var active = true; var into: String?; var place: String? }
        var units: [String: U] = [:], cellOf: [String: String] = [:]
        var places: [String: (kind: String, unit: String, open: Bool, name: String)] = [:]
        for e in timeline {
            let o = e.o
            switch e.type {
            case "unit.established": units[s(o, "unit")!] = U(kind: s(o, "kind")!, parent: s(o, "parent"), place: s(o, "place"))
            case "unit.reclassified":
                if let k = s(o, "kind") { units[s(o, "unit")!]!.kind = k }
                if let p = s(o, "place") { units[s(o, "unit")!]!.place = p }
            case "unit.moved": units[s(o, "unit")!]!.parent = s(o, "parent")
            case "unit.dissolved": units[s(o, "unit")!]!.active = false
            case "unit.merged":
                guard case .array(let list)? = o["units"] else { continue }
                let into = s(o, "into")!
                for case .string(let u) in list {
                    units[u]!.active = false
                    units[u]!.into = into
                    for (c, x) in units where x.active && x.parent == u { units[c]!.parent = into }
                    for (m, c) in cellOf where c == u { cellOf[m] = into }
                }
            case "member.registered", "member.admitted", "member.readmitted", "member.transferred", "member.transferred-in":
                cellOf[s(o, "member")!] = s(o, "unit")!
            case "member.expelled", "member.struck-off", "member.resigned", "member.died", "member.transferred-out":
                cellOf[s(o, "member")!] = nil
            case "place.registered": places[s(o, "place")!] = (s(o, "kind")!, s(o, "unit")!, true, s(o, "name")!)
            case "place.closed": places[s(o, "place")!]!.open = false
            default: break
            }
        }
        func owner(_ u: String) -> String {
            var u = u
            while let x = units[u], !x.active, let next = x.into ?? x.parent { u = next }
            return u
        }
        func within(_ u: String, _ a: String) -> Bool {
            var cur: String? = u
            while let c = cur { if c == a { return true }; cur = units[c]?.parent }
            return false
        }
        let cellKinds: Set<String> = ["grassroots-committee", "grassroots-cell", "cell"]
        var withCell = Set<String>(), withMembers = Set<String>()
        for (_, u) in units where u.active && cellKinds.contains(u.kind) { if let p = u.place { withCell.insert(p) } }
        for (_, c) in cellOf {
            var cur: String? = c
            while let x = cur {
                if let u = units[x], u.active, cellKinds.contains(u.kind), let p = u.place { withMembers.insert(p) }
                cur = units[x]?.parent
            }
        }
        var counts: [String: [Int]] = [:]
        for k in PlaceKind.allCases { counts[k.rawValue] = [0, 0, 0] }
        var without: [String] = []
        for (id, p) in places where p.open {
            let o = owner(p.unit)
            if let scope, !(units[o]?.active == true && within(o, scope)) { continue }
            counts[p.kind]![0] += 1
            if withCell.contains(id) { counts[p.kind]![1] += 1 } else { without.append("\(id) \(p.name) \(p.kind) \(o)") }
            if withMembers.contains(id) { counts[p.kind]![2] += 1 }
        }
        return (counts, without.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func placesEqualTheNaiveFold(seed: UInt64) throws {
        let lines = try Self.history(seed: seed)
        let dir = TestPaths.temporaryDirectory("places-property")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Ledger.create(directory: dir)
        try appendText(lines.joined(separator: "\n") + "\n", to: dir)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        let reporter = try ledger.reporter(knownAt: nil, knownAtText: nil)
        var compared = 0, withCell = 0, withMembers = 0, without = 0
        for year in stride(from: 2008, through: 2015, by: 1) {
            let day = Day(year: year, month: 6, day: 30)!
            for scope in [nil, "P", "D0", "D1", "D2G0"] as [String?] {
                guard let r = try? reporter.places(at: day, unit: scope) else { continue }   // an inactive scope
                let n = try Self.naive(lines, at: day, scope: scope)
                for k in PlaceKind.allCases {
                    let c = r.counts(k)
                    #expect([c.open, c.withCell, c.withMembers] == n.counts[k.rawValue]!, "seed \(seed) \(day) \(scope ?? "all") \(k)")
                    withCell += c.withCell
                    withMembers += c.withMembers
                }
                without += r.withoutCell.count
                #expect(r.withoutCell.map { "\($0.place) \($0.name) \($0.kind.rawValue) \($0.unit)" } == n.without, "seed \(seed) \(day) \(scope ?? "all")")
                compared += 1
            }
        }
        // Not vacuous: places with and without cells and members were compared.
        #expect(compared > 20 && withCell > 0 && withMembers > 0 && without > 0)
    }
}
