// A growable column of plain values behind a raw pointer. Held in `let`
// properties, its reads and writes are plain loads and stores: no
// copy-on-write uniqueness checks and no dynamic exclusivity bookkeeping,
// which on tens of millions of random accesses is most of the cost.

final class Column<T> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(16, capacity)
        base = UnsafeMutablePointer<T>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(i: Int) -> T {
        get { base[i] }
        set { base[i] = newValue }
    }

    @inline(__always)
    func append(_ v: T) {
        if count == capacity { grow() }
        (base + count).initialize(to: v)
        count += 1
    }

    func append<S: Sequence>(contentsOf s: S) where S.Element == T {
        for v in s { append(v) }
    }

    @inline(__always)
    func removeLast() -> T {
        count -= 1
        return (base + count).move()
    }

    private func grow() {
        let c = capacity * 2
        let p = UnsafeMutablePointer<T>.allocate(capacity: c)
        p.moveInitialize(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }
}
