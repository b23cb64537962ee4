/// The one parser of dates given on the command line (`--at`, `--from`,
/// `--to`, `--as-of`, `--known-at` as a date, `record --date`, `--round` …):
/// `YYYY-MM-DD`, or `DD/MM/YYYY` as Vietnamese offices write it (one-digit
/// day and month allowed: `1/2/2020`). The date must exist. docs/CLI.md.
public enum DateArgument {
    /// How the accepted forms are named in help and messages.
    public static let forms = "YYYY-MM-DD or DD/MM/YYYY"

    public static func parse(_ text: String) -> Day? {
        if let d = Day(iso: text) { return d }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return Day(year: y, month: m, day: d)
    }
}
