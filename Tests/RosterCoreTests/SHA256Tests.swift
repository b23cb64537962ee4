import Testing
@testable import RosterCore

@Suite struct SHA256Tests {
    // FIPS 180-4 / NIST CAVS example messages and their published digests.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(_ message: String, _ expected: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == expected)
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)).hex == expected)
        // The same message fed in uneven pieces (exercises the pending-block path).
        var hasher = SHA256()
        let piece = [UInt8](repeating: 0x61, count: 997)
        var fed = 0
        while fed + piece.count <= 1_000_000 {
            hasher.update(piece)
            fed += piece.count
        }
        hasher.update([UInt8](repeating: 0x61, count: 1_000_000 - fed))
        #expect(hasher.finalize().hex == expected)
    }

    /// Lengths around the padding boundaries (55 and 56 bytes pad into one
    /// or two blocks; 64 fills a block exactly). Message: byte i = 7i + 3.
    /// Digests from an independent implementation (Python hashlib).
    @Test(arguments: [
        (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
        (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
        (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
        (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
        (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
        (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
    ])
    func paddingBoundaries(_ n: Int, _ expected: String) {
        let message = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        #expect(SHA256.hash(message).hex == expected)
        var byteByByte = SHA256()
        for b in message { byteByByte.update([b]) }
        #expect(byteByByte.finalize().hex == expected)
    }

    @Test func incrementalEqualsOneShot() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 17) }
        let oneShot = SHA256.hash(message)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize() == oneShot, "split at \(split)")
        }
        // Three pieces, through the raw-pointer entry point.
        for a in stride(from: 0, through: 200, by: 13) {
            for b in stride(from: a, through: 200, by: 29) {
                var hasher = SHA256()
                message.withUnsafeBytes { raw in
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<a]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[a..<b]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[b...]))
                }
                #expect(hasher.finalize() == oneShot, "split at \(a), \(b)")
            }
        }
    }

    @Test func finalizeResetsTheHasher() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hasher.finalize().hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hexRoundTrip() throws {
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let digest = try #require(Digest32(hex: hex))
        #expect(digest.hex == hex)
        #expect(digest.description == hex)
        #expect(digest == SHA256.hash(Array("abc".utf8)))
        #expect(Digest32(hex: hex.uppercased()) == digest)
        #expect(Digest32(hex: hex[...]) == digest)
        #expect(digest.bytes.count == 32)
        #expect(digest.bytes.first == 0xba && digest.bytes.last == 0xad)
        #expect(Digest32(bytes: digest.bytes) == digest)
        #expect(digest.withUnsafeBytes { Array($0) } == digest.bytes)
        #expect(Digest32.zero.hex == String(repeating: "0", count: 64))
        #expect(Digest32.zero.bytes == [UInt8](repeating: 0, count: 32))
        #expect(Digest32.zero != digest)
        // Every byte position round-trips (catches word/byte-order slips).
        let ramp = (0..<32).map { UInt8($0 * 8 + 1) }
        let fromBytes = try #require(Digest32(bytes: ramp))
        #expect(fromBytes.bytes == ramp)
        #expect(Digest32(hex: fromBytes.hex) == fromBytes)
        #expect(fromBytes.hex.hasPrefix("01091119"))
        #expect(Set([digest, fromBytes, digest]).count == 2)
    }

    @Test(arguments: [
        "",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",    // 63
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",  // 65
        "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",   // g
        " a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",   // space
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\u{e9}", // non-ASCII
        "0xa7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
    ])
    func badHexRejected(_ text: String) {
        #expect(Digest32(hex: text) == nil)
    }

    @Test func wrongByteCountsRejected() {
        #expect(Digest32(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(Digest32(bytes: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(Digest32(bytes: [UInt8]()) == nil)
        #expect(Digest32(bytes: [UInt8](repeating: 0, count: 32)) == .zero)
    }

    /// The chain's one-call form equals the hasher fed the previous hash and
    /// the message, for every length across the first three blocks (the
    /// previous hash fills half of the first; padding spills into a second
    /// block from 56 bytes on), at unaligned starts too.
    @Test func chainEqualsTheHasher() {
        let bytes = (0..<400).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 3) &+ 7) }
        var previous = SHA256.hash(Array("roster".utf8))
        bytes.withUnsafeBytes { raw in
            for offset in [0, 1, 5] {
                for length in 0...(raw.count - offset) {
                    let message = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                    var hasher = SHA256()
                    previous.withUnsafeBytes { hasher.update($0) }
                    hasher.update(message)
                    let expected = hasher.finalize()
                    #expect(SHA256.chain(previous: previous, message) == expected, "offset \(offset), length \(length)")
                    previous = expected
                }
            }
        }
        // A fixed point: SHA-256 of 32 zero bytes followed by "abc" (Python hashlib).
        let abc = Array("abc".utf8).withUnsafeBytes { SHA256.chain(previous: .zero, $0) }
        #expect(abc.hex == "365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370")
    }
}
