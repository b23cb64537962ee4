import Testing
import RosterCore
import RosterTestSupport

/// The event id table answers exactly as a dictionary keyed by the ids'
/// UTF-8 bytes would, for any ids (non-ASCII, up to 128 characters), through
/// collisions and growth. Ids are their exact bytes, as JSON strings are
/// their scalars: "é" and "e" + U+0301 are two ids (a `[String: Int64]`
/// would have taken them for one, by Swift's canonical equivalence).
@Suite struct EventIDTableTests {
    /// Characters of 1 to 4 UTF-8 bytes, and some that a hash could trip on.
    static let alphabet: [Character] = Array("abcXYZ019-_.:/ ") + ["ệ", "Đ", "ư", "中", "文", "😀", "\u{0}", "\u{7F}", "é", "e\u{301}"]

    static func randomID(_ rng: inout SplitMix64, maxLength: Int = 128) -> String {
        let length = Int.random(in: 1...maxLength, using: &rng)
        return String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
    }

    func lookup(_ table: EventIDTable, bytes id: String) -> Int64? {
        Array(id.utf8).withUnsafeBytes { table.seq(utf8: $0) }
    }

    @Test func randomIDsOfEveryLengthAndScriptAreFoundAndNamed() {
        var rng = SplitMix64(seed: 1)
        var ids: [String] = []
        var seen = Set<String>()
        while ids.count < 5000 {
            let id = Self.randomID(&rng)
            if seen.insert(id).inserted { ids.append(id) }
        }
        ids.append(String(repeating: "ệ", count: 128))     // 384 bytes
        ids.append(String(repeating: "😀", count: 128))    // 512 bytes
        var table = EventIDTable()
        for (i, id) in ids.enumerated() { table[id] = Int64(i + 1) }
        #expect(table.count == ids.count)
        for (i, id) in ids.enumerated() {
            #expect(table[id] == Int64(i + 1), "\(id)")
            #expect(lookup(table, bytes: id) == Int64(i + 1))
            #expect(table.id(ofSeq: Int64(i + 1)) == id)
        }
        let bytes = Dictionary(uniqueKeysWithValues: ids.enumerated().map { (Array($1.utf8), Int64($0 + 1)) })
        for _ in 0..<5000 {
            let id = Self.randomID(&rng)
            #expect(table[id] == bytes[Array(id.utf8)])
        }
        // Prefixes and extensions of present ids.
        for id in ids {
            for other in [String(id.dropLast()), id + "x", "x" + id] {
                #expect(table[other] == bytes[Array(other.utf8)])
            }
        }
    }

    @Test func idsAreTheirBytesNotCanonicallyEquivalentStrings() {
        var table = EventIDTable()
        table["\u{E9}"] = 1
        #expect(table["e\u{301}"] == nil)
        table["e\u{301}"] = 2
        #expect(table["\u{E9}"] == 1 && table["e\u{301}"] == 2)
        #expect(table.id(ofSeq: 2).unicodeScalars.count == 2)
    }

    @Test func idsThatShareAHomeSlotAreProbedPastEachOther() {
        // Six ids whose hashes share their low three bits: in a table of 8
        // slots they all start at the same slot (and wrap around its end).
        var rng = SplitMix64(seed: 2)
        for home in [0, 5, 7] {
            var ids: [String] = []
            var misses: [String] = []
            while ids.count < 6 || misses.count < 50 {
                let id = Self.randomID(&rng, maxLength: 12)
                let h = Array(id.utf8).withUnsafeBytes { EventIDTable.hash($0) }
                guard Int(h & 7) == home, !ids.contains(id) else { continue }
                if ids.count < 6 { ids.append(id) } else if !misses.contains(id) { misses.append(id) }
            }
            var table = EventIDTable()
            for (i, id) in ids.enumerated() { table[id] = Int64(i + 1) }
            #expect(table.slots.count == 8, "no growth: the ids must collide")
            for (i, id) in ids.enumerated() {
                #expect(table[id] == Int64(i + 1))
                #expect(table.id(ofSeq: Int64(i + 1)) == id)
            }
            for id in misses { #expect(table[id] == nil) }
        }
    }

    @Test func theTableGrowsAndKeepsEveryID() {
        var table = EventIDTable()
        var sizes: Set<Int> = [table.slots.count]
        for i in 1...100_000 {
            table["E\(i)"] = Int64(i)
            sizes.insert(table.slots.count)
            #expect(table.count * 4 <= table.slots.count * 3)
        }
        #expect(sizes.count > 10)
        for i in stride(from: 1, through: 100_000, by: 7) {
            #expect(table["E\(i)"] == Int64(i))
            #expect(table.id(ofSeq: Int64(i)) == "E\(i)")
        }
        #expect(table["E0"] == nil && table["E100001"] == nil)
        // Across the boundary of two blocks of ends, rebuilt from the arrays too.
        let rebuilt = EventIDTable(utf8: table.utf8, ends: table.ends, slots: table.slots)
        for i in 65_530...65_540 {
            #expect(table.id(ofSeq: Int64(i)) == "E\(i)")
            #expect(rebuilt?.id(ofSeq: Int64(i)) == "E\(i)" && rebuilt?["E\(i)"] == Int64(i))
        }
        // Reserved up front, it does not grow.
        var reserved = EventIDTable(capacity: 100_000)
        let slots = reserved.slots.count
        for i in 1...100_000 { reserved["E\(i)"] = Int64(i) }
        #expect(reserved.slots.count == slots)
    }

    @Test func agreesWithADictionaryOver100kRandomOperations() {
        var rng = SplitMix64(seed: 3)
        var table = EventIDTable()
        var dictionary: [[UInt8]: Int64] = [:]
        var bySeq: [String] = []
        for step in 0..<100_000 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4:   // add a new id (short ones repeat often: a few are re-added)
                let id = Self.randomID(&rng, maxLength: Bool.random(using: &rng) ? 3 : 128)
                let seq = Int64(bySeq.count + 1)
                table[id] = seq
                dictionary[Array(id.utf8)] = seq
                bySeq.append(id)
            case 4..<7:   // look up an id added before
                guard let id = bySeq.randomElement(using: &rng) else { continue }
                #expect(table[id] == dictionary[Array(id.utf8)], "step \(step): \(id)")
                #expect(lookup(table, bytes: id) == dictionary[Array(id.utf8)])
            case 7..<9:   // look up any id
                let id = Self.randomID(&rng, maxLength: 4)
                #expect(table[id] == dictionary[Array(id.utf8)], "step \(step): \(id)")
            default:      // the id of a seq
                guard !bySeq.isEmpty else { continue }
                let seq = Int.random(in: 1...bySeq.count, using: &rng)
                #expect(table.id(ofSeq: Int64(seq)) == bySeq[seq - 1])
            }
            #expect(table.count == bySeq.count)
        }
        #expect(bySeq.count != dictionary.count, "some ids were added twice (the last one wins)")
        for (id, seq) in dictionary { #expect(id.withUnsafeBytes { table.seq(utf8: $0) } == seq) }
    }

    @Test func aTableRebuiltFromItsArraysAnswersTheSame() {
        var table = EventIDTable()
        for i in 1...3000 { table["id-\(i)-ư"] = Int64(i) }
        let copy = EventIDTable(utf8: table.utf8, ends: table.ends, slots: table.slots)
        #expect(copy != nil)
        for i in 1...3000 { #expect(copy?["id-\(i)-ư"] == Int64(i)) }
        var more = copy!
        more["next"] = 3001
        #expect(more["next"] == 3001 && more["id-1-ư"] == 1)

        // Arrays that do not describe a table.
        var badSlot = table.slots
        badSlot[badSlot.firstIndex { $0 != 0 }!] |= 0xFFFF_FFFF
        var zeroEntry = table.slots
        zeroEntry[zeroEntry.firstIndex { $0 != 0 }!] &= ~0xFFFF_FFFF
        var decreasing = table.ends
        decreasing[10] = decreasing[9] - 1
        var pastTheArena = table.ends
        pastTheArena[pastTheArena.count - 1] += 1
        let cases: [(String, [UInt8], [UInt32], [UInt64])] = [
            ("slot past the entries", table.utf8, table.ends, badSlot),
            ("slot of entry 0", table.utf8, table.ends, zeroEntry),
            ("ends decrease", table.utf8, decreasing, table.slots),
            ("arena shorter than the ends", Array(table.utf8.dropLast()), table.ends, table.slots),
            ("an end past the arena", table.utf8, pastTheArena, table.slots),
            ("not a power of two", table.utf8, table.ends, table.slots + [0]),
            ("too full", table.utf8, table.ends, Array(table.slots.prefix(2048))),
            ("every slot taken", [], Array(repeating: 0, count: 6), [1, 2, 3, 4, 5, 6, 1, 2]),
        ]
        for (name, utf8, ends, slots) in cases {
            #expect(EventIDTable(utf8: utf8, ends: ends, slots: slots) == nil, "\(name)")
        }
    }

    /// `addIfAbsent` adds a new id as the next seq and answers the seq of
    /// one already there, across the table's growth.
    @Test func addIfAbsentAddsOnceAndFindsAfterwards() {
        var table = EventIDTable()
        var rng = SplitMix64(seed: 12)
        var ids: [String] = []
        for i in 0..<5000 {
            let id = "e-\(rng.next() % 3000)-\(i % 2)"
            let before = table.count
            if let seq = table.addIfAbsent(id) {
                #expect(ids[Int(seq - 1)] == id)
                #expect(table.count == before)
            } else {
                ids.append(id)
                #expect(table.count == before + 1)
                #expect(table[id] == Int64(table.count))
            }
        }
        for (i, id) in ids.enumerated() { #expect(table[id] == Int64(i + 1)) }
        #expect(Set(ids).count == ids.count)
    }
}
