import RosterCore

extension ReportJSON {
    /// `{"from","to","every","unit","knownAt","ledger":{"seq","hash"},
    ///   "points":[{"at","members":{"total","full","probationary"},"grassroots"}, …]}`
    public static func series(_ r: SeriesReport) -> JSONOutput {
        .object([("from", .string(r.from.description)), ("to", .string(r.to.description)),
                 ("every", .string(r.every.rawValue)), ("unit", optional(r.unit))]
                + provenance(r.provenance) + [
            ("points", .array(r.points.map { p in
                .object([("at", .string(p.at.description)),
                         ("members", .object([("total", .int(p.total)), ("full", .int(p.full)), ("probationary", .int(p.probationary))])),
                         ("grassroots", .int(p.grassroots))])
            })),
        ])
    }
}
