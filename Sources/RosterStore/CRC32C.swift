/// CRC-32C (Castagnoli): the reflected polynomial 0x82F63B78, initial value
/// and final xor 0xFFFFFFFF — the checksum of iSCSI, ext4 and etcd's WAL.
/// "123456789" gives 0xE3069283.
///
/// Table-driven, sixteen bytes per step ("slicing-by-16"): sixteen 256-entry
/// tables, where table k maps a byte to its contribution to the CRC k bytes
/// further on, so the sixteen lookups of a step are independent.
///
///     var crc = CRC32C()
///     crc.update(header); crc.update(payload)
///     crc.value            // same as CRC32C.checksum(header + payload)
public struct CRC32C: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of everything passed to `update` so far.
    public var value: UInt32 { ~state }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        state = CRC32C.advance(state, base, bytes.count)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    @inline(__always)
    static func advance(_ start: UInt32, _ pointer: UnsafeRawPointer, _ count: Int) -> UInt32 {
        let t = crc32cTables.base
        /// Table k's entry for the low byte of `value`.
        @inline(__always) func lookup(_ k: Int, _ value: UInt64) -> UInt32 {
            t[k &<< 8 | Int(truncatingIfNeeded: value & 0xFF)]
        }
        var crc = start
        var p = pointer
        var n = count
        while n >= 16 {
            let a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
            let b = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            crc = lookup(15, a) ^ lookup(14, a &>> 8) ^ lookup(13, a &>> 16) ^ lookup(12, a &>> 24)
                ^ lookup(11, a &>> 32) ^ lookup(10, a &>> 40) ^ lookup(9, a &>> 48) ^ lookup(8, a &>> 56)
                ^ lookup(7, b) ^ lookup(6, b &>> 8) ^ lookup(5, b &>> 16) ^ lookup(4, b &>> 24)
                ^ lookup(3, b &>> 32) ^ lookup(2, b &>> 40) ^ lookup(1, b &>> 48) ^ lookup(0, b &>> 56)
            p += 16
            n &-= 16
        }
        if n >= 8 {
            let a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
            crc = lookup(7, a) ^ lookup(6, a &>> 8) ^ lookup(5, a &>> 16) ^ lookup(4, a &>> 24)
                ^ lookup(3, a &>> 32) ^ lookup(2, a &>> 40) ^ lookup(1, a &>> 48) ^ lookup(0, a &>> 56)
            p += 8
            n &-= 8
        }
        while n > 0 {
            crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc &>> 8)
            p += 1
            n &-= 1
        }
        return crc
    }
}

/// The sixteen tables, built once, never freed, only read.
struct CRC32CTables: @unchecked Sendable {
    let base: UnsafePointer<UInt32>

    init() {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 16 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for k in 1..<16 {
            for byte in 0..<256 {
                let previous = table[(k - 1) * 256 + byte]
                table[k * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        base = UnsafePointer(table)
    }
}

let crc32cTables = CRC32CTables()
