/// Form 1, increase and decrease (docs/REPORTS.md, "Statutory forms"): the
/// flows of a period in the form's rows, beside the same period a year
/// earlier. Both columns are `Reporter.flows`, so `start + increase −
/// decrease = end` holds in each as it holds for the flows.

public struct Form1Report: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var key: String
        public var this: Int
        public var earlier: Int
        /// this × 100 / earlier in tenths, nil when earlier is 0.
        public var percentTenths: Int? { Percent.tenths(this, of: earlier) }
    }
    public var from: Day, to: Day
    public var earlierFrom: Day, earlierTo: Day
    public var unit: String?
    public var provenance: Provenance
    public var rows: [Row]

    public static let increaseKeys = ["registered", "admitted", "readmitted", "transferredIn", "movedIn"]
    public static let decreaseKeys = ["died", "expelled", "struckOff", "struckOffProbationary", "resigned", "transferredOut", "movedOut"]

    public subscript(key: String) -> Row? { rows.first { $0.key == key } }

    /// `start + increase − decrease = end`, in both columns.
    public var balances: Bool {
        guard let s = self["start"], let i = self["increase"], let d = self["decrease"], let e = self["end"] else { return false }
        return s.this + i.this - d.this == e.this && s.earlier + i.earlier - d.earlier == e.earlier
    }

    /// The form's rows of one flows report: start, increase and its rows,
    /// decrease and its rows, end.
    static func column(_ f: FlowsReport) -> [(key: String, count: Int)] {
        var rows: [(key: String, count: Int)] = [("start", f.start), ("increase", f.inflow.total)]
        rows += increaseKeys.map { ($0, f.inflow[$0]) }
        rows.append(("decrease", f.outflow.total))
        rows += decreaseKeys.map { ($0, $0 == "struckOffProbationary" ? f.struckOffProbationary : f.outflow[$0]) }
        rows.append(("end", f.end))
        return rows
    }
}

extension Reporter {
    public func form1(from: Day, to: Day, unit: String?) throws -> Form1Report {
        let earlierFrom = from.adding(months: -12), earlierTo = to.adding(months: -12)
        let this: [(key: String, count: Int)], earlier: [(key: String, count: Int)]
        if unit == nil, let daily = index?.dailyFlows {
            // The whole ledger: two lookups per column in the index's daily totals.
            this = Form1Report.column(daily, from: from, to: to)
            earlier = Form1Report.column(daily, from: earlierFrom, to: earlierTo)
        } else {
            this = Form1Report.column(try flows(from: from, to: to, unit: unit))
            earlier = Form1Report.column(try flows(from: earlierFrom, to: earlierTo, unit: unit))
        }
        let rows = zip(this, earlier).map {
            Form1Report.Row(key: $0.key, this: $0.count, earlier: $1.count)
        }
        let r = Form1Report(from: from, to: to, earlierFrom: earlierFrom, earlierTo: earlierTo, unit: unit,
                            provenance: provenance, rows: rows)
        // The flows balance by construction; the form states it and checks it.
        guard r.balances else { throw ReportError("form 1 does not balance: start + increase − decrease ≠ end") }
        return r
    }
}
