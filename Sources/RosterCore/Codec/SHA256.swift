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

    // MARK: - The chain

    /// SHA-256(`previous` ‖ `message`): one link of the ledger's hash chain
    /// (docs/FORMAT.md), without a hasher's bookkeeping. The first block is
    /// the 32 bytes of `previous` and the message's first 32; the whole
    /// blocks after it are compressed where they lie; the tail and the
    /// padding go through one small buffer on the stack.
    public static func chain(previous: Digest32, _ message: UnsafeRawBufferPointer) -> Digest32 {
        var h = initial
        let n = message.count
        let length = UInt64(32 &+ n) &* 8
        // 128 bytes: the first block, or the last one or two with padding.
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
            = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { t in
            let out = t.baseAddress!
            previous.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: 32) }
            guard let m = message.baseAddress, n >= 32 else {
                // Previous hash and message fit in the buffer (with padding: ≤ 128 bytes).
                if n > 0 { (out + 32).copyMemory(from: message.baseAddress!, byteCount: n) }
                return finish(&h, out, count: 32 &+ n, length: length)
            }
            (out + 32).copyMemory(from: m, byteCount: 32)
            compress(&h, UnsafeRawPointer(out), blocks: 1)
            let rest = n &- 32
            let blocks = rest &>> 6
            if blocks > 0 { compress(&h, m + 32, blocks: blocks) }
            let tail = rest & 63
            // The buffer's first 64 bytes are overwritten; zero the rest of what padding reads.
            for i in 0..<16 { out.storeBytes(of: 0, toByteOffset: i &<< 3, as: UInt64.self) }
            if tail > 0 { out.copyMemory(from: m + 32 + (blocks &<< 6), byteCount: tail) }
            return finish(&h, out, count: tail, length: length)
        }
    }

    /// Pads the `count` (< 64 + 32) bytes at `buffer` (128 bytes, zero past
    /// `count`), compresses them and returns the digest.
    @inline(__always)
    private static func finish(_ h: inout State, _ buffer: UnsafeMutableRawPointer, count: Int, length: UInt64) -> Digest32 {
        buffer.storeBytes(of: 0x80, toByteOffset: count, as: UInt8.self)
        let total = count < 56 ? 64 : 128
        buffer.storeBytes(of: length.bigEndian, toByteOffset: total - 8, as: UInt64.self)
        compress(&h, UnsafeRawPointer(buffer), blocks: total >> 6)
        return Digest32(state: h)
    }

    // MARK: - Compression

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    @inline(__always)
    private static func sigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3) }

    @inline(__always)
    private static func sigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x &>> 10) }

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

    /// Runs the compression function over `blocks` consecutive 64-byte
    /// blocks at `p`. The 64 rounds are written out (generated, one line per
    /// round and one per schedule word): the message schedule lives in
    /// sixteen local words, each replaced by W[t] as round t needs it, the
    /// constants are literals, and the eight working variables change roles
    /// instead of moving — no table, no array, no bounds check. About 25 %
    /// faster than a loop over a 64-word schedule here (docs/BENCHMARKS.md).
    @inline(never)  // one copy of the long body: it runs from the instruction cache
    private static func compress(_ state: inout State, _ p: UnsafeRawPointer, blocks: Int) {
        var block = p
        for _ in 0..<blocks {
            var a = state.0, b = state.1, c = state.2, d = state.3
            var e = state.4, f = state.5, g = state.6, hh = state.7
            var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            round(a, b, c, &d, e, f, g, &hh, 0x428a2f98 &+ w0)
            var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            round(hh, a, b, &c, d, e, f, &g, 0x71374491 &+ w1)
            var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            round(g, hh, a, &b, c, d, e, &f, 0xb5c0fbcf &+ w2)
            var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            round(f, g, hh, &a, b, c, d, &e, 0xe9b5dba5 &+ w3)
            var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            round(e, f, g, &hh, a, b, c, &d, 0x3956c25b &+ w4)
            var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            round(d, e, f, &g, hh, a, b, &c, 0x59f111f1 &+ w5)
            var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            round(c, d, e, &f, g, hh, a, &b, 0x923f82a4 &+ w6)
            var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            round(b, c, d, &e, f, g, hh, &a, 0xab1c5ed5 &+ w7)
            var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            round(a, b, c, &d, e, f, g, &hh, 0xd807aa98 &+ w8)
            var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            round(hh, a, b, &c, d, e, f, &g, 0x12835b01 &+ w9)
            var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            round(g, hh, a, &b, c, d, e, &f, 0x243185be &+ w10)
            var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            round(f, g, hh, &a, b, c, d, &e, 0x550c7dc3 &+ w11)
            var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            round(e, f, g, &hh, a, b, c, &d, 0x72be5d74 &+ w12)
            var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            round(d, e, f, &g, hh, a, b, &c, 0x80deb1fe &+ w13)
            var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            round(c, d, e, &f, g, hh, a, &b, 0x9bdc06a7 &+ w14)
            var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            round(b, c, d, &e, f, g, hh, &a, 0xc19bf174 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &hh, 0xe49b69c1 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(hh, a, b, &c, d, e, f, &g, 0xefbe4786 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, hh, a, &b, c, d, e, &f, 0x0fc19dc6 &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, hh, &a, b, c, d, &e, 0x240ca1cc &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &hh, a, b, c, &d, 0x2de92c6f &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, hh, a, b, &c, 0x4a7484aa &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, hh, a, &b, 0x5cb0a9dc &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, hh, &a, 0x76f988da &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &hh, 0x983e5152 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(hh, a, b, &c, d, e, f, &g, 0xa831c66d &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, hh, a, &b, c, d, e, &f, 0xb00327c8 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, hh, &a, b, c, d, &e, 0xbf597fc7 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &hh, a, b, c, &d, 0xc6e00bf3 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, hh, a, b, &c, 0xd5a79147 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, hh, a, &b, 0x06ca6351 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, hh, &a, 0x14292967 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &hh, 0x27b70a85 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(hh, a, b, &c, d, e, f, &g, 0x2e1b2138 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, hh, a, &b, c, d, e, &f, 0x4d2c6dfc &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, hh, &a, b, c, d, &e, 0x53380d13 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &hh, a, b, c, &d, 0x650a7354 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, hh, a, b, &c, 0x766a0abb &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, hh, a, &b, 0x81c2c92e &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, hh, &a, 0x92722c85 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &hh, 0xa2bfe8a1 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(hh, a, b, &c, d, e, f, &g, 0xa81a664b &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, hh, a, &b, c, d, e, &f, 0xc24b8b70 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, hh, &a, b, c, d, &e, 0xc76c51a3 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &hh, a, b, c, &d, 0xd192e819 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, hh, a, b, &c, 0xd6990624 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, hh, a, &b, 0xf40e3585 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, hh, &a, 0x106aa070 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            round(a, b, c, &d, e, f, g, &hh, 0x19a4c116 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            round(hh, a, b, &c, d, e, f, &g, 0x1e376c08 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            round(g, hh, a, &b, c, d, e, &f, 0x2748774c &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            round(f, g, hh, &a, b, c, d, &e, 0x34b0bcb5 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            round(e, f, g, &hh, a, b, c, &d, 0x391c0cb3 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            round(d, e, f, &g, hh, a, b, &c, 0x4ed8aa4a &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            round(c, d, e, &f, g, hh, a, &b, 0x5b9cca4f &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            round(b, c, d, &e, f, g, hh, &a, 0x682e6ff3 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            round(a, b, c, &d, e, f, g, &hh, 0x748f82ee &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            round(hh, a, b, &c, d, e, f, &g, 0x78a5636f &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            round(g, hh, a, &b, c, d, e, &f, 0x84c87814 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            round(f, g, hh, &a, b, c, d, &e, 0x8cc70208 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            round(e, f, g, &hh, a, b, c, &d, 0x90befffa &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            round(d, e, f, &g, hh, a, b, &c, 0xa4506ceb &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            round(c, d, e, &f, g, hh, a, &b, 0xbef9a3f7 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            round(b, c, d, &e, f, g, hh, &a, 0xc67178f2 &+ w15)
            state.0 &+= a; state.1 &+= b; state.2 &+= c; state.3 &+= d
            state.4 &+= e; state.5 &+= f; state.6 &+= g; state.7 &+= hh
            block += 64
        }
    }
}
