/// CRC-32C (Castagnoli): the reflected polynomial 0x82F63B78, initial value
/// and final xor 0xFFFFFFFF — the checksum of iSCSI, ext4 and etcd's WAL.
/// "123456789" gives 0xE3069283.
///
/// Table-driven, eight bytes per step ("slicing-by-8"): eight 256-entry
/// tables, where table k maps a byte to its contribution k bytes further on.
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
        var crc = start
        var p = pointer
        var n = count
        while n >= 8 {
            let word = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
            crc = t[7 &* 256 &+ Int(word & 0xFF)]
                ^ t[6 &* 256 &+ Int((word &>> 8) & 0xFF)]
                ^ t[5 &* 256 &+ Int((word &>> 16) & 0xFF)]
                ^ t[4 &* 256 &+ Int((word &>> 24) & 0xFF)]
                ^ t[3 &* 256 &+ Int((word &>> 32) & 0xFF)]
                ^ t[2 &* 256 &+ Int((word &>> 40) & 0xFF)]
                ^ t[1 &* 256 &+ Int((word &>> 48) & 0xFF)]
                ^ t[Int(word &>> 56)]
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

/// The eight tables, built once, never freed, only read.
struct CRC32CTables: @unchecked Sendable {
    let base: UnsafePointer<UInt32>

    init() {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for k in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(k - 1) * 256 + byte]
                table[k * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        base = UnsafePointer(table)
    }
}

let crc32cTables = CRC32CTables()
