// Byte buffers: one for the event being built, one big one in front of
// standard output. Everything the generator prints goes through these; no
// String formatting in the hot path.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer with unchecked appends.
final class Bytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }

    @inline(__always)
    func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always)
    func raw(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: s.utf8Start, count: n)
        count += n
    }

    @inline(__always)
    func bytes(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    func bytes(_ a: [UInt8]) {
        a.withUnsafeBufferPointer { b in
            if let p = b.baseAddress { bytes(p, b.count) }
        }
    }

    func bytes(_ a: [UInt8], from: Int, count n: Int) {
        a.withUnsafeBufferPointer { b in bytes(b.baseAddress! + from, n) }
    }

    func string(_ s: String) {
        var s = s
        s.withUTF8 { u in if let p = u.baseAddress { bytes(p, u.count) } }
    }

    /// Decimal digits of a non-negative integer.
    @inline(__always)
    func int(_ v: Int) {
        if v < 10 { byte(UInt8(48 + v)); return }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &tmp) { t in
            while x > 0 { t[19 - n] = UInt8(48 + x % 10); x /= 10; n += 1 }
            bytes(t.baseAddress!.assumingMemoryBound(to: UInt8.self) + 20 - n, n)
        }
    }

    /// Writes everything to a file descriptor and empties the buffer.
    func drain(to fd: Int32) {
        var off = 0
        while off < count {
            let w = write(fd, base + off, count - off)
            if w < 0 {
                if errno == EINTR { continue }
                writeStandardError("roster-gen: write failed: \(String(cString: strerror(errno)))\n")
                exit(1)
            }
            off += w
        }
        count = 0
    }
}

/// Standard output behind a large buffer; counts lines and bytes.
final class Output {
    let buffer = Bytes(capacity: 8 << 20)
    let fd: Int32
    var bytesWritten = 0

    init(fd: Int32) { self.fd = fd }

    @inline(__always)
    func maybeDrain() {
        if buffer.count >= 6 << 20 { drain() }
    }

    func drain() {
        bytesWritten += buffer.count
        buffer.drain(to: fd)
    }
}

/// Writes a message to standard error (fd 2) directly.
func writeStandardError(_ message: String) {
    var m = message
    m.withUTF8 { u in
        var off = 0
        while off < u.count {
            let w = write(2, u.baseAddress! + off, u.count - off)
            if w <= 0 { if w < 0 && errno == EINTR { continue }; return }
            off += w
        }
    }
}
