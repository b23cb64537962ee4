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
        bytes(s.utf8Start, s.utf8CodeUnitCount)
    }

    /// Copies n bytes; short pieces (most of a JSON line) by a plain loop,
    /// which beats a call to memmove at these sizes.
    @inline(__always)
    func bytes(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        let d = base + count
        if n <= 24 {
            var i = 0
            while i < n { d[i] = p[i]; i += 1 }
        } else {
            d.update(from: p, count: n)
        }
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

/// Standard output behind two large buffers: the simulation fills one while
/// a writer thread writes the other, so computing and writing overlap.
final class Output {
    private(set) var buffer = Bytes(capacity: 8 << 20)
    private var spare = Bytes(capacity: 8 << 20)
    let fd: Int32
    private(set) var bytesWritten = 0

    // Shared with the writer thread, under `mutex`.
    private var pending: Bytes?
    private var finished = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var thread = pthread_t()

    init(fd: Int32) {
        self.fd = fd
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            let me = Unmanaged<Output>.fromOpaque(raw!).takeRetainedValue()
            me.writerLoop()
            return nil
        }, context)
        if rc != 0 {
            writeStandardError("roster-gen: cannot start the writer thread\n")
            exit(1)
        }
    }

    @inline(__always)
    func maybeDrain() {
        if buffer.count >= 6 << 20 { handOff() }
    }

    /// Gives the full buffer to the writer (waiting for it to finish the
    /// previous one) and continues in the other.
    private func handOff() {
        pthread_mutex_lock(mutex)
        while pending != nil { pthread_cond_wait(changed, mutex) }
        bytesWritten += buffer.count
        pending = buffer
        let next = spare
        spare = buffer
        buffer = next
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    private func writerLoop() {
        while true {
            pthread_mutex_lock(mutex)
            while pending == nil && !finished { pthread_cond_wait(changed, mutex) }
            guard let b = pending else {
                pthread_mutex_unlock(mutex)
                return
            }
            pthread_mutex_unlock(mutex)
            b.drain(to: fd)
            pthread_mutex_lock(mutex)
            pending = nil
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }

    /// Writes what is left and stops the writer.
    func drain() {
        handOff()
        pthread_mutex_lock(mutex)
        finished = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        pthread_join(thread, nil)
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
