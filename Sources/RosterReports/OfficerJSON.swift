import RosterCore

/// The JSON of the officers' reports: badge rounds, forms 1 and 3, the
/// members behind a figure, the ratings shares (docs/REPORTS.md).
extension ReportJSON {
    static func tenths(_ t: Int?) -> JSONOutput { t.map { .tenths($0) } ?? .null }
    static func day(_ d: Day?) -> JSONOutput { d.map { .string($0.description) } ?? .null }

    public static func badges(_ r: BadgeRoundReport) -> JSONOutput {
        func rows(_ rows: [BadgeRoundReport.Row]) -> JSONOutput {
            .array(rows.map { x in
                var o: [(String, JSONOutput)] = [("member", .string(x.member)), ("name", optional(x.name)), ("unit", .string(x.unit)),
                                                 ("admitted", .string(x.admitted.description)), ("badge", .int(x.badge)),
                                                 ("reached", .string(x.reached.description))]
                if let u = x.until { o.append(("until", .string(u.description))) }
                return .object(o)
            })
        }
        return .object([("round", .string(r.round.description)), ("previous", .string(r.previous.description)),
                         ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("due", rows(r.due)), ("overdue", rows(r.overdue)), ("deferred", rows(r.deferred)),
            ("counts", .object([("due", tally(BadgeRoundReport.counts(r.due))),
                                ("overdue", tally(BadgeRoundReport.counts(r.overdue))),
                                ("deferred", tally(BadgeRoundReport.counts(r.deferred)))])),
        ])
    }

    public static func form1(_ r: Form1Report) -> JSONOutput {
        .object([("form", .int(1)), ("from", .string(r.from.description)), ("to", .string(r.to.description)),
                 ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("earlier", .object([("from", .string(r.earlierFrom.description)), ("to", .string(r.earlierTo.description))])),
            ("rows", .object(r.rows.map { row in
                (row.key, .object([("this", .int(row.this)), ("earlier", .int(row.earlier)), ("percent", tenths(row.percentTenths))]))
            })),
        ])
    }

    public static func form3(_ r: Form3Report) -> JSONOutput {
        func entries(_ t: Tally) -> JSONOutput {
            .object(t.entries.map { ($0.key, .object([("count", .int($0.count)), ("percent", tenths(Percent.tenths($0.count, of: r.total)))])) })
        }
        return .object([("form", .int(3)), ("at", .string(r.at.description)), ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("rows", entries(r.rows)), ("byAge", entries(r.byAge)), ("averageAge", tenths(r.averageAgeTenths)),
            ("byAdmissionPeriod", entries(r.byAdmissionPeriod)),
            ("byEducation", entries(r.byEducation)), ("byTheory", entries(r.byTheory)),
        ])
    }

    public static func members(_ r: MembersReport) -> JSONOutput {
        .object([("at", .string(r.at.description)), ("unit", optional(r.unit))] + provenance(r.provenance) + [
            ("where", .object(r.filters.map { ($0.key, .string($0.value)) })),
            ("count", .int(r.rows.count)),
            ("members", .array(r.rows.map { x in
                .object([("member", .string(x.member)), ("name", optional(x.name)), ("unit", .string(x.unit)),
                         ("status", .string(x.status.rawValue)), ("exempted", .bool(x.exempted)),
                         ("birthDate", .string(x.birthDate.description)), ("gender", optional(x.gender?.rawValue)),
                         ("education", optional(x.education?.rawValue)), ("theory", optional(x.theory?.rawValue)),
                         ("ethnicity", optional(x.ethnicity)), ("religion", optional(x.religion)),
                         ("admitted", day(x.admitted)), ("partyAge", x.partyAge.map { .int($0) } ?? .null)])
            })),
        ])
    }

    static func shares(_ s: RatingShares) -> JSONOutput {
        var o: [(String, JSONOutput)] = [("eligible", .int(s.eligible)), ("rated", .int(s.rated)), ("notRated", .int(s.notRated))]
        if let e = s.exempted { o.append(("exempted", .int(e))) }
        o += [("goodOrBetter", .int(s.goodOrBetter)), ("excellent", .int(s.excellent)), ("weak", .int(s.weak)),
              ("goodOrBetterPercent", tenths(s.goodOrBetterTenths)), ("excellentPercent", tenths(s.excellentTenths)),
              ("weakPercent", tenths(s.weakTenths))]
        return .object(o)
    }
}
