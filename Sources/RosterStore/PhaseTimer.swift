import Glibc

/// Wall-clock time of the phases of a long operation, written to standard
/// error when `ROSTER_TIMINGS` is set (for benchmarks and profiling; silent
/// otherwise).
struct PhaseTimer {
    let label: String
    let enabled = getenv("ROSTER_TIMINGS") != nil
    private var last = PhaseTimer.now()
    private var lines: [String] = []

    init(label: String) { self.label = label }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let t = PhaseTimer.now()
        let ms = Int(((t - last) * 1000).rounded())
        let (rss, peak) = PhaseTimer.memory()
        lines.append("\(label): \(phase) \(ms) ms (resident \(rss) MiB, peak so far \(peak) MiB)")
        last = t
    }

    /// CPU time of the calling thread so far, in milliseconds: with two
    /// threads, says whether the work is split evenly.
    static func threadCPU() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Int(t.tv_sec) * 1000 + Int(t.tv_nsec) / 1_000_000
    }

    /// A line of its own on standard error when `ROSTER_TIMINGS` is set.
    static func note(_ text: String) {
        guard getenv("ROSTER_TIMINGS") != nil else { return }
        let line = text + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }

    /// The resident set now and its peak so far (`VmRSS`, `VmHWM` of
    /// /proc/self/status), in MiB; 0 where they cannot be read. Says which
    /// phase holds the memory an append peaks at.
    static func memory() -> (rss: Int, peak: Int) {
        guard let f = fopen("/proc/self/status", "r") else { return (0, 0) }
        defer { fclose(f) }
        var rss = 0, peak = 0
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(cString: line)
            func kib(_ key: String) -> Int? {
                guard text.hasPrefix(key) else { return nil }
                return Int(text.dropFirst(key.count).filter { $0.isNumber })
            }
            if let v = kib("VmRSS:") { rss = v / 1024 }
            if let v = kib("VmHWM:") { peak = v / 1024 }
        }
        return (rss, peak)
    }

    func report() {
        guard enabled else { return }
        let text = lines.map { $0 + "\n" }.joined()
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}
