/// An array that lives in memory (built by a replay) or in a mapped cache
/// file, where each range is checked before it is read (the cache's block
/// checksums): a query that reads a window of a long array checks and
/// touches only that window.
///
/// Not Sendable: mapped, it belongs to a cache mapping (`owner`) whose
/// bookkeeping is not guarded for use from several threads.
public struct MappedArray<Element> {
    enum Storage {
        case owned([Element])
        case mapped(UnsafeBufferPointer<Element>, owner: AnyObject, check: (Range<Int>) -> Bool)
    }
    let storage: Storage

    public init(_ elements: [Element]) { storage = .owned(elements) }

    /// Elements mapped from a file; `check(range)` verifies the bytes of the
    /// elements in `range` (element indices) before they are read.
    public init(mapped: UnsafeBufferPointer<Element>, owner: AnyObject, check: @escaping (Range<Int>) -> Bool) {
        storage = .mapped(mapped, owner: owner, check: check)
    }

    public var count: Int {
        switch storage {
        case .owned(let a): return a.count
        case .mapped(let b, _, _): return b.count
        }
    }

    /// Calls `body` with the elements of `range` (clamped to the array), or
    /// returns nil when they fail their checks.
    public func with<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        let r = max(0, range.lowerBound)..<max(max(0, range.lowerBound), min(range.upperBound, count))
        switch storage {
        case .owned(let a):
            return try a.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
        case .mapped(let b, _, let check):
            guard r.isEmpty || check(r) else { return nil }
            return try body(UnsafeBufferPointer(rebasing: b[r]))
        }
    }

    /// One element, or nil when its bytes fail their check.
    public func element(_ i: Int) -> Element? { with(i..<(i + 1)) { $0.first } ?? nil }

    /// The whole array as an Array (copied when mapped), nil when damaged.
    public var elements: [Element]? {
        switch storage {
        case .owned(let a): return a
        case .mapped: return with(0..<count) { Array($0) }
        }
    }
}
