#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Event id → seq for a log whose ids are added in seq order: entry k holds
/// the id of seq k + 1, so `id(ofSeq:)` is an array read.
///
/// Built for national ledgers (25 million ids), where a `[String: Int64]`
/// costs 800 MB and 1.2 GB while it grows. Here the id bytes sit in one
/// contiguous arena (`utf8`) with each entry's end (4 bytes, counted from the
/// start of its block of 65,536 entries), and an open-addressing table
/// (linear probing, at most 3/4 full) holds, per slot, the entry's index + 1
/// in the low 32 bits (0: empty) and the high 32 bits of the id's hash, which
/// skip almost every arena comparison that would fail. About 8 bytes a slot
/// and 4 an entry beside the id bytes themselves.
///
/// Adding an id the table already holds (which a valid ledger never does)
/// adds a new entry and makes lookups find it: the last one wins, as it
/// would in a dictionary.
public struct EventIDTable: Sendable {
    /// The ids' UTF-8 bytes, one after another.
    public private(set) var utf8: [UInt8] = []
    /// The end of entry k in `utf8`, counted from where its block of
    /// `blockSize` entries starts; entry k starts where entry k − 1 ends.
    public private(set) var ends: [UInt32] = []
    /// Where each block of `blockSize` entries starts in `utf8` (derived
    /// from `ends`).
    private var blockStarts: [Int] = []
    /// Entries per block: 65,536 ids of at most 128 scalars (512 bytes) span
    /// 32 MiB, far below the 4 GiB a relative end can count.
    static let blockSize = 1 << 16
    /// The hash table (a power of two long): `tag << 32 | (entry + 1)`, 0 empty.
    public private(set) var slots: [UInt64]

    /// An empty table with room for `capacity` ids before its table grows.
    public init(capacity: Int = 0) {
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity))
        ends.reserveCapacity(capacity)
    }

    /// A table from the arrays of another one (an index cache), checked
    /// enough that no lookup can read outside them: nil when they do not
    /// describe a table. Whether each slot points to its id is the caller's
    /// to trust (the cache checks its bytes).
    public init?(utf8: [UInt8], ends: [UInt32], slots: [UInt64]) {
        guard slots.count >= 8, slots.count & (slots.count - 1) == 0,
              ends.count <= Self.maxEntries, ends.count * 4 <= slots.count * 3 else { return nil }
        var blockStarts: [Int] = []
        blockStarts.reserveCapacity(ends.count / Self.blockSize + 1)
        var end = 0     // of the entry before, in utf8
        for (k, relative) in ends.enumerated() {
            if k % Self.blockSize == 0 { blockStarts.append(end) }
            let next = blockStarts[blockStarts.count - 1] + Int(relative)
            guard next >= end else { return nil }
            end = next
        }
        guard end == utf8.count else { return nil }
        var used = 0
        for slot in slots where slot != 0 {
            let entry = Int(slot & 0xFFFF_FFFF)
            guard entry >= 1 && entry <= ends.count else { return nil }
            used += 1
        }
        guard used <= ends.count, used < slots.count else { return nil }
        self.utf8 = utf8
        self.ends = ends
        self.blockStarts = blockStarts
        self.slots = slots
    }

    /// The number of entries: the seq of the last id added.
    public var count: Int { ends.count }

    /// The seq of `id`, or nil; setting adds `id` as the next seq (and only that).
    public subscript(id: String) -> Int64? {
        get {
            var id = id
            return id.withUTF8 { seq(utf8: UnsafeRawBufferPointer($0)) }
        }
        set {
            precondition(newValue == Int64(count) + 1, "EventIDTable: ids are added in seq order (next seq \(count + 1), given \(newValue.map(String.init) ?? "nil"))")
            var id = id
            id.withUTF8 { add(utf8: UnsafeRawBufferPointer($0)) }
        }
    }

    /// The seq of the id whose UTF-8 bytes are `key`, or nil.
    public func seq(utf8 key: UnsafeRawBufferPointer) -> Int64? {
        let h = Self.hash(key)
        let tag = h >> 32
        let mask = slots.count - 1
        return slots.withUnsafeBufferPointer { slots in
            utf8.withUnsafeBytes { arena in
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let slot = slots[i]
                    if slot == 0 { return nil }
                    if slot >> 32 == tag {
                        let entry = Int(slot & 0xFFFF_FFFF) - 1
                        let range = self.range(ofEntry: entry)
                        if range.count == key.count && (key.isEmpty || memcmp(arena.baseAddress! + range.lowerBound, key.baseAddress!, key.count) == 0) {
                            return Int64(entry + 1)
                        }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// Adds the id whose UTF-8 bytes are `key` as seq `count + 1`.
    public mutating func add(utf8 key: UnsafeRawBufferPointer) {
        precondition(count < Self.maxEntries, "EventIDTable: more than \(Self.maxEntries) ids")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        if count % Self.blockSize == 0 { blockStarts.append(utf8.count) }
        utf8.append(contentsOf: key)
        let relative = utf8.count - blockStarts[blockStarts.count - 1]
        precondition(relative <= Int(UInt32.max), "EventIDTable: more than 4 GiB of ids in one block")
        ends.append(UInt32(relative))
        place(entry: count - 1, hash: Self.hash(key), replacing: key)
    }

    /// Adds the id whose UTF-8 bytes are `key` as seq `count + 1` unless it
    /// is already there; returns the seq it already has, else nil. One probe
    /// of the table for both answers.
    public mutating func addIfAbsent(utf8 key: UnsafeRawBufferPointer) -> Int64? {
        precondition(count < Self.maxEntries, "EventIDTable: more than \(Self.maxEntries) ids")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let h = Self.hash(key)
        let tag = h >> 32
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            if slots[i] >> 32 == tag, bytes(ofEntry: Int(slots[i] & 0xFFFF_FFFF) - 1, equal: key) {
                return Int64(slots[i] & 0xFFFF_FFFF)
            }
            i = (i + 1) & mask
        }
        if count % Self.blockSize == 0 { blockStarts.append(utf8.count) }
        utf8.append(contentsOf: key)
        let relative = utf8.count - blockStarts[blockStarts.count - 1]
        precondition(relative <= Int(UInt32.max), "EventIDTable: more than 4 GiB of ids in one block")
        ends.append(UInt32(relative))
        slots[i] = tag << 32 | UInt64(count)
        return nil
    }

    /// `addIfAbsent(utf8:)` for a string.
    @inlinable
    public mutating func addIfAbsent(_ id: String) -> Int64? {
        var id = id
        return id.withUTF8 { addIfAbsent(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The id of `seq` (1 ... count).
    public func id(ofSeq seq: Int64) -> String {
        precondition(seq >= 1 && seq <= Int64(count), "EventIDTable: no seq \(seq) (count \(count))")
        let range = range(ofEntry: Int(seq - 1))
        return utf8.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Where entry `k` lies in `utf8`.
    @inline(__always)
    private func range(ofEntry k: Int) -> Range<Int> {
        let base = blockStarts[k / Self.blockSize]
        let start = k % Self.blockSize == 0 ? base : base + Int(ends[k - 1])
        return start..<(base + Int(ends[k]))
    }

    /// A 64-bit hash of `bytes`: each 8-byte word is xored in, multiplied by
    /// an odd constant and rotated, then the length and a final avalanche
    /// (MurmurHash3's fmix64) spread every input bit over every output bit,
    /// low bits (the slot) and high bits (the tag) alike. Fixed, unseeded:
    /// the same id hashes the same in every process (the cache keeps slots).
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
            h = (h << 27) | (h >> 37)
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[i..<n])) }
            h = (h ^ tail) &* m
        }
        h ^= UInt64(n)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    // MARK: The hash table

    /// Entries are stored as index + 1 in 32 bits.
    static let maxEntries = Int(UInt32.max) - 1

    /// The smallest power of two (at least 8) that holds `entries` at most 3/4 full.
    static func slotCount(for entries: Int) -> Int {
        var n = 8
        while entries * 4 > n * 3 { n *= 2 }
        return n
    }

    /// Puts `entry` in the slot of its hash; with `key`, a slot already
    /// holding the same id is taken over (the last one wins).
    private mutating func place(entry: Int, hash h: UInt64, replacing key: UnsafeRawBufferPointer?) {
        let tag = h >> 32
        let value = tag << 32 | UInt64(entry + 1)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            if let key, slots[i] >> 32 == tag, bytes(ofEntry: Int(slots[i] & 0xFFFF_FFFF) - 1, equal: key) { break }
            i = (i + 1) & mask
        }
        slots[i] = value
    }

    private func bytes(ofEntry entry: Int, equal key: UnsafeRawBufferPointer) -> Bool {
        let range = range(ofEntry: entry)
        guard range.count == key.count else { return false }
        return utf8.withUnsafeBytes { arena in
            key.isEmpty || memcmp(arena.baseAddress! + range.lowerBound, key.baseAddress!, key.count) == 0
        }
    }

    /// Makes room for `additional` more ids without growing the table on
    /// the way (a national batch would otherwise rehash it many times).
    public mutating func reserveCapacity(_ additional: Int) {
        let wanted = Self.slotCount(for: count + additional)
        if wanted > slots.count { grow(to: wanted) }
        ends.reserveCapacity(count + additional)
    }

    /// Touches the slot that looking up each hash (`hash(_:)` of an id) will
    /// read first, and returns a value that depends on the reads: looked up
    /// one by one, each id of a national batch waits for a cache miss
    /// (about 200 ns here); read in a row first, the misses overlap.
    public func warm(_ hashes: UnsafeBufferPointer<UInt64>) -> UInt64 {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count &- 1
            var sink: UInt64 = 0
            for h in hashes { sink &+= slots[Int(truncatingIfNeeded: h) & mask] }
            return sink
        }
    }

    /// Doubles the table and re-places every entry a lookup finds (the
    /// latest of any repeated id), hashing the arena from start to end.
    private mutating func grow(to size: Int? = nil) {
        let old = slots
        slots = [UInt64](repeating: 0, count: size ?? old.count * 2)
        var live = [Bool](repeating: false, count: count)
        for slot in old where slot != 0 { live[Int(slot & 0xFFFF_FFFF) - 1] = true }
        let arena = utf8
        arena.withUnsafeBytes { arena in
            for entry in 0..<count where live[entry] {
                place(entry: entry, hash: Self.hash(UnsafeRawBufferPointer(rebasing: arena[range(ofEntry: entry)])), replacing: nil)
            }
        }
    }
}
