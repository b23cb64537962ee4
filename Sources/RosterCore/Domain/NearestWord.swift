/// "Did you mean …?" for a word outside a closed list: an unknown event
/// type, option or vocabulary value. The nearest known word by edit
/// distance (insertions, deletions, substitutions and swaps of neighbours,
/// case ignored), when it is close enough to be a plausible typo.
public enum NearestWord {
    public static func suggestion(for word: String, among known: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        guard !w.isEmpty else { return nil }
        var best: (String, Int)? = nil
        for k in known {
            let d = distance(w, Array(k.lowercased().unicodeScalars))
            if best == nil || d < best!.1 { best = (k, d) }
        }
        guard let (k, d) = best, d > 0 || k != word else { return nil }
        // About a third of the word may be wrong; a word contained in the
        // known one (a missing prefix such as "unit.") also counts.
        let limit = max(1, min(w.count, k.count) / 3)
        if d <= limit { return k }
        if k.lowercased().hasSuffix(word.lowercased()) || k.lowercased().hasPrefix(word.lowercased()), w.count >= 3 { return k }
        return nil
    }

    /// " (did you mean `x`?)" or "".
    public static func hint(for word: String, among known: [String]) -> String {
        suggestion(for: word, among: known).map { "; did you mean `\($0)`?" } ?? ""
    }

    /// Optimal string alignment distance.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { rows[i][0] = i }
        for j in 0...b.count { rows[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, rows[i - 2][j - 2] + 1) }
                rows[i][j] = v
            }
        }
        return rows[a.count][b.count]
    }
}
