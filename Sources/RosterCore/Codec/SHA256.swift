// SHA-256 as specified in FIPS 180-4, written for this project. The hash chain
// of the ledger (docs/FORMAT.md) is built on it, so it must be exact and fast: the
// compression loop works on raw pointers and a stack-allocated message
// schedule, and an update never allocates.

/// A 32-byte digest, stored inline as four big-endian words (no heap storage).
public struct Digest32: Hashable, Sendable, CustomStringConvertible {
    // Bytes 0–7, 8–15, 16–23 and 24–31, each read as a big-endian UInt64.
    private var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// 32 zero bytes: the "previous hash" of the first event of a ledger.
    public static let zero = Digest32(w0: 0, w1: 0, w2: 0, w3: 0)

    private init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Builds a digest from the eight state words of SHA-256 (big-endian order).
    init(state h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
        w0 = UInt64(h.0) << 32 | UInt64(h.1)
        w1 = UInt64(h.2) << 32 | UInt64(h.3)
        w2 = UInt64(h.4) << 32 | UInt64(h.5)
        w3 = UInt64(h.6) << 32 | UInt64(h.7)
    }

    /// The digest with these bytes, or nil unless there are exactly 32.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var i = 0
        for b in bytes {
            guard i < 32 else { return nil }  // a collection whose count lied
            let v = UInt64(b) << (UInt64(7 - (i & 7)) * 8)
            switch i >> 3 {
            case 0: words.0 |= v
            case 1: words.1 |= v
            case 2: words.2 |= v
            default: words.3 |= v
            }
            i += 1
        }
        guard i == 32 else { return nil }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }

    /// Parses 64 hex digits (either case); nil for any other text.
    public init?(hex: some StringProtocol) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var n = 0
        for c in hex.utf8 {
            guard n < 64 else { return nil }
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            switch n >> 4 {
            case 0: words.0 = words.0 << 4 | UInt64(v)
            case 1: words.1 = words.1 << 4 | UInt64(v)
            case 2: words.2 = words.2 << 4 | UInt64(v)
            default: words.3 = words.3 << 4 | UInt64(v)
            }
            n += 1
        }
        guard n == 64 else { return nil }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }

    /// The 32 bytes (allocates an array; use `withUnsafeBytes` in hot paths).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lowercase hex, 64 characters.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { out in
            withUnsafeBytes { raw in
                var j = 0
                for b in raw {
                    out[j] = Digest32.hexDigit(b >> 4)
                    out[j + 1] = Digest32.hexDigit(b & 0x0F)
                    j += 2
                }
            }
            return 64
        }
    }

    public var description: String { hex }

    /// Calls `body` with the 32 bytes, without allocating.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var big = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)
        return try Swift.withUnsafeBytes(of: &big) { try body($0) }
    }

    @inline(__always)
    static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? v &+ UInt8(ascii: "0") : v &+ (UInt8(ascii: "a") &- 10)
    }
}

/// Incremental SHA-256. `update` as often as needed, then `finalize`.
/// A value type: copying a hasher forks the computation.
public struct SHA256: Sendable {
    private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    private static let initial: State = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    )

    private var h: State
    /// Up to 63 bytes that do not yet fill a block.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var pendingCount: Int
    /// Total message length so far, in bytes.
    private var length: UInt64

    public init() {
        h = SHA256.initial
        pending = (0, 0, 0, 0, 0, 0, 0, 0)
        pendingCount = 0
        length = 0
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var n = bytes.count
        length &+= UInt64(n)

        if pendingCount > 0 {
            let take = min(64 - pendingCount, n)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + filled).copyMemory(from: p, byteCount: take)
            }
            pendingCount += take
            p += take
            n -= take
            guard pendingCount == 64 else { return }
            withUnsafeBytes(of: &pending) { block in
                SHA256.compress(&h, block.baseAddress!, blocks: 1)
            }
            pendingCount = 0
        }
        if n >= 64 {
            let blocks = n >> 6
            SHA256.compress(&h, p, blocks: blocks)
            p += blocks << 6
            n -= blocks << 6
        }
        if n > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: p, byteCount: n)
            }
            pendingCount = n
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything passed to `update`. The hasher then starts
    /// over as if newly made, so it can be reused for the next message.
    public mutating func finalize() -> Digest32 {
        let bitLength = length &* 8
        // Padding: 0x80, zeros up to 56 mod 64, then the 64-bit bit length.
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
            = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let count = pendingCount
        let total = count < 56 ? 64 : 128
        withUnsafeMutableBytes(of: &tail) { t in
            withUnsafeBytes(of: &pending) { src in
                t.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: count)
            }
            t[count] = 0x80
            t.storeBytes(of: bitLength.bigEndian, toByteOffset: total - 8, as: UInt64.self)
            SHA256.compress(&h, UnsafeRawPointer(t.baseAddress!), blocks: total >> 6)
        }
        let digest = Digest32(state: h)
        self = SHA256()
        return digest
    }

    /// SHA-256 of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> Digest32 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// SHA-256 of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest32 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    // MARK: - Compression

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    /// One round of FIPS 180-4 §6.2.2 step 3 with the roles of the working
    /// variables passed in: `d` receives the new `e`, `h` the new `a`.
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
                              _ kw: UInt32) {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let ch = g ^ (e & (f ^ g))               // (e ∧ f) ⊕ (¬e ∧ g)
        let t1 = h &+ s1 &+ ch &+ kw
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let maj = (a & b) | (c & (a | b))        // majority of a, b, c
        d &+= t1
        h = t1 &+ s0 &+ maj
    }

    /// Runs the compression function over `blocks` consecutive 64-byte blocks at `p`.
    private static func compress(_ h: inout State, _ p: UnsafeRawPointer, blocks: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wBuf in
            k.withUnsafeBufferPointer { kBuf in
                let w = wBuf.baseAddress!
                let k = kBuf.baseAddress!
                var block = p
                for _ in 0..<blocks {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t &- 15], y = w[t &- 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
                        w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
                    }
                    var a = h.0, b = h.1, c = h.2, d = h.3
                    var e = h.4, f = h.5, g = h.6, hh = h.7
                    // Eight rounds per iteration, rotating the roles of the
                    // working variables instead of moving their values.
                    var t = 0
                    while t < 64 {
                        round(a, b, c, &d, e, f, g, &hh, k[t] &+ w[t])
                        round(hh, a, b, &c, d, e, f, &g, k[t &+ 1] &+ w[t &+ 1])
                        round(g, hh, a, &b, c, d, e, &f, k[t &+ 2] &+ w[t &+ 2])
                        round(f, g, hh, &a, b, c, d, &e, k[t &+ 3] &+ w[t &+ 3])
                        round(e, f, g, &hh, a, b, c, &d, k[t &+ 4] &+ w[t &+ 4])
                        round(d, e, f, &g, hh, a, b, &c, k[t &+ 5] &+ w[t &+ 5])
                        round(c, d, e, &f, g, hh, a, &b, k[t &+ 6] &+ w[t &+ 6])
                        round(b, c, d, &e, f, g, hh, &a, k[t &+ 7] &+ w[t &+ 7])
                        t &+= 8
                    }
                    h.0 &+= a; h.1 &+= b; h.2 &+= c; h.3 &+= d
                    h.4 &+= e; h.5 &+= f; h.6 &+= g; h.7 &+= hh
                    block += 64
                }
            }
        }
    }
}
