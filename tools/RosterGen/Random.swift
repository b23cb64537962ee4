// Deterministic randomness for the generator: SplitMix64 (Steele, Lea and
// Flood's constants), plus a stateless mixer for attributes that must be a
// pure function of (seed, member number), so they can be re-derived instead
// of stored.

/// A 64-bit SplitMix generator. Same seed, same stream, on every platform.
struct SplitMix64 {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// Uniform in 0..<n (n > 0), by the high half of a 128-bit product.
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in lo...hi.
    @inline(__always)
    mutating func inRange(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// floor(x) or ceil(x), so that the expectation is x.
    mutating func randomRound(_ x: Double) -> Int {
        if x <= 0 { return 0 }
        let f = x.rounded(.down)
        return Int(f) + (unit() < x - f ? 1 : 0)
    }

    /// An index drawn with the given cumulative weights (last = total).
    mutating func pick(cumulative: [Double]) -> Int {
        let r = unit() * cumulative[cumulative.count - 1]
        var i = 0
        while i < cumulative.count - 1 && r >= cumulative[i] { i += 1 }
        return i
    }
}

/// SplitMix64's output function: a good 64-bit bijective mixer.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Running sums of weights, for `SplitMix64.pick(cumulative:)`.
func cumulative(_ weights: [Double]) -> [Double] {
    var out: [Double] = []
    var s = 0.0
    for w in weights { s += w; out.append(s) }
    return out
}
