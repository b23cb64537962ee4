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
        lines.append("\(label): \(phase) \(ms) ms")
        last = t
    }

    func report() {
        guard enabled else { return }
        let text = lines.map { $0 + "\n" }.joined()
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}
