// roster-gen: writes a synthetic national membership history (JSON Lines,
// docs/FORMAT.md) to standard output and a summary to standard error.
//
//   roster-gen --members 5300000 --seed 1 > national.jsonl
//   roster-gen --members 50000 --history-factor 4 > long.jsonl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
usage: roster-gen [--members N] [--seed S] [--history-factor K] [--check-date YYYY-MM-DD] [--quiet]

Writes a valid history (docs/FORMAT.md, docs/RULES.md) for a national organisation whose
membership reaches about N at the end of 2025 (default 50000): 63 provinces,
districts and blocs, grassroots organisations, cells of about 30 members;
opening balance on 1990-01-01, admissions, confirmations (some written late),
transfers, updates, removals, ratings, corrections, and the 2025 reform
(63 provinces into 34, district level abolished).

  --members N          membership at the end of 2025 (default 50000)
  --seed S             seed of the deterministic generator (default 1)
  --history-factor K   about K times the events for the same membership, by
                       more churn (transfers, updates, turnover); default 1
  --check-date D       the day whose membership the summary reports
                       (default 2020-12-31)
  --quiet              no summary on standard error
"""

func fail(_ message: String) -> Never {
    writeStandardError("roster-gen: \(message)\n\(usage)\n")
    exit(2)
}

func parseDate(_ s: String) -> Int? {
    let p = s.split(separator: "-")
    guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
          (1...12).contains(m), d >= 1, d <= Civil.daysInMonth(y, m) else { return nil }
    return Civil.day(y, m, d)
}

var config = Config()
var quiet = false
var historyFactor = 1.0
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    func value() -> String {
        guard !args.isEmpty else { fail("\(a) needs a value") }
        return args.removeFirst()
    }
    switch a {
    case "--members":
        guard let n = Int(value()), n >= 100 else { fail("--members needs an integer >= 100") }
        config.members = n
    case "--seed":
        guard let s = UInt64(value()) else { fail("--seed needs a non-negative integer") }
        config.seed = s
    case "--history-factor":
        guard let k = Double(value()), k >= 1, k <= 50 else { fail("--history-factor needs a number in 1...50") }
        historyFactor = k
    case "--check-date":
        guard let d = parseDate(value()) else { fail("--check-date needs YYYY-MM-DD") }
        config.checkDay = d
    case "--quiet":
        quiet = true
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        fail("unknown argument \(a)")
    }
}
// Churn needed for about K times the events: a calibrated linear fit (see
// docs/BENCHMARKS.md); the summary prints the factor actually obtained.
config.churn = 1 + (historyFactor - 1) * 2.55

var startTime = timespec()
clock_gettime(CLOCK_MONOTONIC, &startTime)
let out = Output(fd: 1)
let sim = Simulation(config: config, out: out)
sim.run()
out.drain()
var endTime = timespec()
clock_gettime(CLOCK_MONOTONIC, &endTime)
let seconds = Double(endTime.tv_sec - startTime.tv_sec) + Double(endTime.tv_nsec - startTime.tv_nsec) / 1e9

if !quiet {
    var s = ""
    let lines = sim.em.lines
    s += "roster-gen: \(lines) events, \(out.bytesWritten) bytes in \(String(format2(seconds))) s"
    s += " (\(Int(Double(lines) / max(seconds, 1e-9))) lines/s); seed \(config.seed), members \(config.members), history factor \(historyFactor) (churn \(config.churn))\n"
    s += "units planned: \(sim.units.count) (\(sim.plan.orgs.count) grassroots organisations, \(sim.plan.cells.count) cells)\n"
    for t in EventType.allCases where sim.em.counts[t.rawValue] > 0 {
        let name = t.name
        s += "  " + name + String(repeating: " ", count: max(1, 26 - name.count)) + String(sim.em.counts[t.rawValue]) + "\n"
    }
    func json(_ c: CheckCounts, _ day: Int) -> String {
        let (y, m, d) = Civil.ymd(day)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var j = "{\"at\": \"\(y)-\(p2(m))-\(p2(d))\", \"members\": {\"total\": \(c.total), \"full\": \(c.full), \"probationary\": \(c.probationary), \"exempted\": \(c.exempted)}"
        let eduKeys = ["postgraduate", "university", "college", "intermediate", "basic", "unknown"]
        let eduCodes = [5, 4, 3, 2, 1, 0]
        j += ", \"byEducation\": {" + zip(eduKeys, eduCodes).map { "\"\($0.0)\": \(c.education[$0.1])" }.joined(separator: ", ") + "}"
        let thKeys = ["advanced", "intermediate", "elementary", "none", "unknown"]
        let thCodes = [4, 3, 2, 1, 0]
        j += ", \"byTheory\": {" + zip(thKeys, thCodes).map { "\"\($0.0)\": \(c.theory[$0.1])" }.joined(separator: ", ") + "}}"
        return j
    }
    if let c = sim.checkCounts {
        s += "members at check date: \(c.total)\n"
        s += "expected: " + json(c, config.checkDay) + "\n"
    }
    s += "members at end: \(sim.endCounts.total)\n"
    let rate = sim.admissionRateYears > 0 ? sim.admissionRateSum / Double(sim.admissionRateYears) * 100 : 0
    s += "admissions: \(format2(rate)) % of membership a year on average; late lines (written after events that take effect later): \(sim.em.delayedCount)\n"
    writeStandardError(s)
}

func format2(_ x: Double) -> String {
    let v = Int((x * 100).rounded())
    let f = v % 100
    return "\(v / 100)." + (f < 10 ? "0\(f)" : "\(f)")
}
