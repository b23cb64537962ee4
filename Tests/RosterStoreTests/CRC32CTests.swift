import Testing
@testable import RosterStore

@Suite struct CRC32CTests {
    static let vectors: [(bytes: [UInt8], crc: UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).map { UInt8(31 - $0) }, 0x113F_DB5C),
        ([], 0x0000_0000),
    ]

    @Test(arguments: vectors)
    func standardVectors(_ vector: (bytes: [UInt8], crc: UInt32)) {
        #expect(CRC32C.checksum(vector.bytes) == vector.crc)
    }

    @Test func incrementalEqualsOneShotForAnySplit() {
        let seed: UInt64 = 0xC0FFEE
        var random = SplitMix64(seed: seed)
        for _ in 0..<300 {
            let count = Int.random(in: 0...700, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            var crc = CRC32C()
            var start = 0
            while start < count {
                let end = min(count, start + Int.random(in: 0...40, using: &random))
                crc.update(Array(bytes[start..<end]))
                start = end
            }
            #expect(crc.value == CRC32C.checksum(bytes), "seed \(seed), \(count) bytes")
            #expect(crc.value == bitwiseCRC32C(bytes), "seed \(seed), \(count) bytes")
        }
    }

    /// The definition, one bit at a time: the reference the tables must match.
    func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
