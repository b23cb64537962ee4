import RosterCore
import RosterReports
import RosterStore

/// `report badges`, `report form 1|3`, `report members`: arguments in, the
/// library's numbers out.
extension CLI {
    func executeOfficers(_ command: CommandSpec, _ p: ParsedArguments) throws -> Int32 {
        let (f, l) = (try format(p), try language(p))
        try requireOut(p, f)
        switch command.path {
        case ["report", "badges"]:
            let round = try date(p, "round", command)
            guard PartyAge.previousRound(round) != nil else {
                throw UsageError(message: "roster report badges: --round \(round) is not a round day; rounds are held on 3/2, 19/5, 2/9 and 7/11 (3 February, 19 May, 2 September, 7 November)")
            }
            let r = try reporter(p).badges(round: round, unit: p.value("unit"))
            return try output(p, f, on: round, unit: p.value("unit"), text: { _ in Render.badges(r, format: f, language: l) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        case ["report", "form"]:
            switch p.positionals[0] {
            case "1":
                if p.value("at") != nil { throw UsageError(message: "roster report form 1: takes --from and --to, not --at\nusage: \(command.usage)") }
                let (from, to) = (try date(p, "from", command), try date(p, "to", command))
                guard from <= to else { throw UsageError(message: "roster report form 1: --from \(from) is after --to \(to)") }
                let r = try reporter(p).form1(from: from, to: to, unit: p.value("unit"))
                return try output(p, f, on: to, unit: p.value("unit"), text: { _ in Render.form1(r, format: f, language: l) },
                                  docx: { Render.docx(r, language: l, letterhead: $0) })
            case "3":
                if p.value("from") != nil || p.value("to") != nil { throw UsageError(message: "roster report form 3: takes --at, not --from/--to\nusage: \(command.usage)") }
                let at = try date(p, "at", command)
                let r = try reporter(p).form3(at: at, unit: p.value("unit"), bands: try ageBands(p))
                return try output(p, f, on: at, unit: p.value("unit"), text: { _ in Render.form3(r, format: f, language: l) },
                                  docx: { Render.docx(r, language: l, letterhead: $0) })
            default:
                throw UsageError(message: "roster report form: expected form 1 or 3, found \(p.positionals[0])\nusage: \(command.usage)")
            }
        case ["report", "members"]:
            let at = try date(p, "at", command)
            let bands = try ageBands(p)
            let filters = p.repeated["where"] ?? []
            // Keys and values are checked before the ledger is read: a bad one is a usage error.
            for text in filters {
                if case .failure(let e) = MemberFilter.parse(text, bands: bands, names: Vocabularies()) {
                    throw UsageError(message: "roster report members: \(e.message)")
                }
            }
            let r = try reporter(p).members(at: at, unit: p.value("unit"), filters: filters, bands: bands)
            return try output(p, f, on: at, unit: p.value("unit"), text: { _ in Render.members(r, format: f, language: l) },
                              docx: { Render.docx(r, language: l, letterhead: $0) })
        default:
            throw UsageError(message: "roster: unknown command")
        }
        return 0
    }
}
