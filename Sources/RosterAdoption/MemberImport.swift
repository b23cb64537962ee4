import RosterCore
/// The opening balance from spreadsheets: CSV rows of units and members
/// become `unit.established` and `member.registered` events (JSON Lines),
/// which the ledger then appends as one batch — so every rule of docs/RULES.md
/// and the atomicity of a batch apply unchanged. Headers may be English or
/// Vietnamese (docs/ADOPTION.md); dates `dd/mm/yyyy` or `YYYY-MM-DD`.

/// Rows that cannot be imported: one message per problem, each naming the
/// row, the column and the value. Nothing is appended when there is any.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
    public var description: String { messages.joined(separator: "\n") }
}

/// One column of an import file: its key (the English header) and the
/// Vietnamese header a spreadsheet uses.
public struct ImportColumn: Sendable, Equatable {
    public var key: String
    public var vietnamese: String
    /// Other accepted spellings (compared without case, spaces collapsed).
    public var aliases: [String]
    public var required: Bool
}

/// A parsed import: events in append order, each with the row it came from.
public struct ImportPlan: Sendable {
    public struct Item: Sendable {
        public var row: Int
        public var id: String
        public var fields: JSONObject
    }
    public var items: [Item]

    /// The events as JSON Lines (canonical JSON, one per line).
    public var jsonLines: String {
        var out: [UInt8] = []
        for item in items {
            JSONValue.object(item.fields).writeCanonical(into: &out)
            out.append(10)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The row an event id came from.
    public func row(of id: String) -> Int? { items.first { $0.id == id }?.row }
}

public enum Adoption {
    // MARK: columns

    public static let memberColumns: [ImportColumn] = [
        ImportColumn(key: "member", vietnamese: "Mã đảng viên", aliases: ["id", "số thẻ đảng viên", "số thẻ đảng", "mã số đảng viên"], required: true),
        ImportColumn(key: "name", vietnamese: "Họ và tên", aliases: ["họ tên", "full name"], required: true),
        ImportColumn(key: "birthDate", vietnamese: "Ngày sinh", aliases: ["birth date", "born"], required: true),
        ImportColumn(key: "gender", vietnamese: "Giới tính", aliases: ["sex"], required: true),
        ImportColumn(key: "ethnicity", vietnamese: "Dân tộc", aliases: [], required: false),
        ImportColumn(key: "religion", vietnamese: "Tôn giáo", aliases: [], required: false),
        ImportColumn(key: "unit", vietnamese: "Chi bộ", aliases: ["cell"], required: true),
        ImportColumn(key: "admitted", vietnamese: "Ngày vào Đảng", aliases: ["ngày kết nạp"], required: false),
        ImportColumn(key: "confirmed", vietnamese: "Ngày chính thức", aliases: [], required: false),
        ImportColumn(key: "status", vietnamese: "Trạng thái", aliases: [], required: false),
        ImportColumn(key: "education", vietnamese: "Trình độ chuyên môn", aliases: [], required: false),
        ImportColumn(key: "theory", vietnamese: "Lý luận chính trị", aliases: [], required: false),
    ]

    public static let unitColumns: [ImportColumn] = [
        ImportColumn(key: "unit", vietnamese: "Mã tổ chức", aliases: ["id", "mã đơn vị", "mã"], required: true),
        ImportColumn(key: "name", vietnamese: "Tên tổ chức", aliases: ["tên", "tên đơn vị", "tên tổ chức đảng"], required: true),
        ImportColumn(key: "kind", vietnamese: "Loại tổ chức", aliases: ["loại"], required: true),
        ImportColumn(key: "category", vietnamese: "Loại hình", aliases: [], required: false),
        ImportColumn(key: "parent", vietnamese: "Trực thuộc", aliases: ["cấp trên", "đơn vị cấp trên"], required: false),
        ImportColumn(key: "established", vietnamese: "Ngày thành lập", aliases: [], required: false),
    ]

    /// Headers that are accepted and ignored (a spreadsheet's running number).
    static let ignoredHeaders: Set<String> = ["stt", "tt", "no", "no.", "#"]

    /// Lowercased, trimmed, inner white space collapsed, a trailing
    /// parenthesised hint dropped: `Giới tính (Nam/Nữ)` → `giới tính`.
    public static func normalizedHeader(_ text: String) -> String {
        var s = text
        if s.hasSuffix(")"), let open = s.lastIndex(of: "(") { s = String(s[..<open]) }
        return normalized(s)
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }

    /// Maps each header cell to a column key; unknown or repeated headers are errors.
    static func mapHeader(_ header: CSVRecord, columns: [ImportColumn], file: String) throws(ImportError) -> [Int: String] {
        var lookup: [String: String] = [:]
        for c in columns {
            lookup[normalized(c.key)] = c.key
            lookup[normalized(c.vietnamese)] = c.key
            for a in c.aliases { lookup[normalized(a)] = c.key }
        }
        var map: [Int: String] = [:]
        var seen: [String: String] = [:]
        var errors: [String] = []
        for (i, cell) in header.fields.enumerated() {
            let n = normalizedHeader(cell)
            if n.isEmpty || ignoredHeaders.contains(n) { continue }
            guard let key = lookup[n] else {
                errors.append("\(file) row \(header.row), column \(i + 1): unknown column \"\(cell)\"; expected \(columns.map { "\($0.key) (\($0.vietnamese))" }.joined(separator: ", "))")
                continue
            }
            if let first = seen[key] {
                errors.append("\(file) row \(header.row), column \(i + 1): \"\(cell)\" repeats column \"\(first)\" (\(key))")
                continue
            }
            seen[key] = cell
            map[i] = key
        }
        for c in columns where c.required && seen[c.key] == nil {
            errors.append("\(file) row \(header.row): missing column \(c.key) (\(c.vietnamese))")
        }
        if !errors.isEmpty { throw ImportError(errors) }
        return map
    }

    // MARK: values

    /// `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`) or `YYYY-MM-DD`.
    public static func parseDate(_ text: String) -> Day? {
        let t = text.trimmingSpaces
        // The command line's forms first, then what spreadsheets also hold.
        if let d = DateArgument.parse(t) { return d }
        for sep: Character in ["/", ".", "-"] {
            let parts = t.split(separator: sep, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                  parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { continue }
            return Day(year: y, month: m, day: d)
        }
        return nil
    }

    static let genders: [String: Gender] = ["male": .male, "m": .male, "nam": .male,
                                            "female": .female, "f": .female, "nữ": .female, "nu": .female]
    static let educations: [String: Education] = [
        "postgraduate": .postgraduate, "trên đại học": .postgraduate, "sau đại học": .postgraduate,
        "thạc sĩ": .postgraduate, "tiến sĩ": .postgraduate,
        "university": .university, "đại học": .university,
        "college": .college, "cao đẳng": .college,
        "intermediate": .intermediate, "trung cấp": .intermediate,
        "basic": .basic, "sơ cấp": .basic,
    ]
    static let theories: [String: Theory] = [
        "advanced": .advanced, "cao cấp": .advanced, "cử nhân": .advanced,
        "intermediate": .intermediate, "trung cấp": .intermediate,
        "elementary": .elementary, "sơ cấp": .elementary,
        "none": .none, "không": .none, "chưa qua đào tạo": .none,
    ]
    static let statuses: [String: MemberStatus] = ["full": .full, "chính thức": .full,
                                                   "probationary": .probationary, "dự bị": .probationary]
    static let kinds: [String: UnitKind] = [
        "committee": .committee, "đảng bộ cấp trên cơ sở": .committee, "đảng bộ cấp trên": .committee,
        "grassroots-committee": .grassrootsCommittee, "đảng bộ cơ sở": .grassrootsCommittee,
        "grassroots-cell": .grassrootsCell, "chi bộ cơ sở": .grassrootsCell,
        "sub-committee": .subCommittee, "đảng bộ bộ phận": .subCommittee,
        "cell": .cell, "chi bộ": .cell, "chi bộ trực thuộc": .cell,
    ]
    static let categories: [String: UnitCategory] = {
        var d: [String: UnitCategory] = [:]
        for c in UnitCategory.allCases { d[c.rawValue] = c }
        let vi: [(String, UnitCategory)] = [
            ("cơ quan đảng", .partyAgency), ("hành chính", .administration), ("cơ quan hành chính", .administration),
            ("sự nghiệp", .publicService), ("đơn vị sự nghiệp", .publicService), ("báo chí", .press),
            ("đoàn thể", .massOrganization), ("doanh nghiệp nhà nước", .stateEnterprise),
            ("doanh nghiệp có vốn nhà nước", .stateMinorityEnterprise), ("doanh nghiệp tư nhân", .privateEnterprise),
            ("doanh nghiệp có vốn đầu tư nước ngoài", .foreignInvestedEnterprise), ("xã", .commune),
            ("xã, phường, thị trấn", .commune), ("thôn", .village), ("thôn, tổ dân phố", .village),
            ("trường học", .school), ("trạm y tế", .healthStation), ("quân đội", .armedForces),
            ("công an", .police), ("khác", .other),
        ]
        for (k, v) in vi { d[k] = v }
        return d
    }()

    /// Looks a value up in a vocabulary without case and with spaces collapsed.
    static func lookup<V>(_ text: String, _ table: [String: V]) -> V? { table[normalized(text)] }

    public static func gender(_ text: String) -> Gender? { lookup(text, genders) }
    public static func education(_ text: String) -> Education? { lookup(text, educations) }
    public static func theory(_ text: String) -> Theory? { lookup(text, theories) }
    public static func status(_ text: String) -> MemberStatus? { lookup(text, statuses) }
    public static func kind(_ text: String) -> UnitKind? { lookup(text, kinds) }
    public static func category(_ text: String) -> UnitCategory? { lookup(text, categories) }

    // MARK: rows

    /// The cells of one row by column key, trimmed, formulas un-neutralised.
    struct Row {
        var row: Int
        var values: [String: String]
        var headers: [String: String]
        var file: String
        var errors: [String] = []

        func value(_ key: String) -> String? {
            guard let v = values[key], !v.isEmpty else { return nil }
            return v
        }
        mutating func fail(_ key: String, _ message: String) {
            errors.append("\(file) row \(row), column \(headers[key] ?? key): \(message)")
        }
        mutating func required(_ key: String) -> String? {
            guard let v = value(key) else {
                fail(key, "missing (required)")
                return nil
            }
            return v
        }
        mutating func date(_ key: String, required: Bool = false) -> Day? {
            guard let v = required ? self.required(key) : value(key) else { return nil }
            guard let d = Adoption.parseDate(v) else {
                fail(key, "\"\(v)\" is not a date (dd/mm/yyyy or YYYY-MM-DD)")
                return nil
            }
            return d
        }
        mutating func vocabulary<V: RawRepresentable>(_ key: String, _ parse: (String) -> V?, expected: String, required: Bool = false) -> V? where V.RawValue == String {
            guard let v = required ? self.required(key) : value(key) else { return nil }
            guard let x = parse(v) else {
                fail(key, "\"\(v)\" is not one of \(expected)")
                return nil
            }
            return x
        }
    }

    static func rows(_ records: [CSVRecord], columns: [ImportColumn], file: String) throws(ImportError) -> [Row] {
        guard let header = records.first else { throw ImportError(["\(file): empty file (expected a header row)"]) }
        let map = try mapHeader(header, columns: columns, file: file)
        var headers: [String: String] = [:]
        for (i, key) in map { headers[key] = header.fields[i].trimmingSpaces }
        var out: [Row] = []
        var errors: [String] = []
        for r in records.dropFirst() {
            var values: [String: String] = [:]
            if r.fields.count > header.fields.count, r.fields[header.fields.count...].contains(where: { !$0.trimmingSpaces.isEmpty }) {
                errors.append("\(file) row \(r.row): \(r.fields.count) fields, the header has \(header.fields.count)")
                continue
            }
            for (i, key) in map where i < r.fields.count {
                values[key] = CSV.unneutralise(r.fields[i].trimmingSpaces)
            }
            out.append(Row(row: r.row, values: values, headers: headers, file: file))
        }
        if !errors.isEmpty { throw ImportError(errors) }
        return out
    }

    static func text(_ s: String) -> JSONValue { .string(s) }

    static let educationExpected = "Trên đại học, Đại học, Cao đẳng, Trung cấp, Sơ cấp (or postgraduate, university, college, intermediate, basic)"
    static let theoryExpected = "Cao cấp, Trung cấp, Sơ cấp, Không (or advanced, intermediate, elementary, none)"
    static let genderExpected = "Nam, Nữ (or male, female)"

    /// Member rows → `member.registered` events effective `asOf`, id
    /// `import-member-<member>`. A member with a confirmation date (or status
    /// full) is `full`; a row with neither a status nor a confirmation date
    /// takes `defaultStatus` (`--status`, for the whole file), and without
    /// one is an error naming the row: no silent default.
    public static func members(_ records: [CSVRecord], asOf: Day, file: String, actor: String? = nil,
                               defaultStatus: MemberStatus? = nil) throws(ImportError) -> ImportPlan {
        let rows = try rows(records, columns: memberColumns, file: file)
        var items: [ImportPlan.Item] = []
        var errors: [String] = []
        var firstRow: [String: Int] = [:]
        for var r in rows {
            let member = r.required("member")
            let name = r.required("name")
            let birth = r.date("birthDate", required: true)
            let gender = r.vocabulary("gender", Adoption.gender, expected: genderExpected, required: true)
            let unit = r.required("unit")
            let admitted = r.date("admitted")
            let confirmed = r.date("confirmed")
            let givenStatus = r.vocabulary("status", Adoption.status, expected: "Chính thức, Dự bị (or full, probationary)")
            let education = r.vocabulary("education", Adoption.education, expected: educationExpected)
            let theory = r.vocabulary("theory", Adoption.theory, expected: theoryExpected)
            if let member {
                if let first = firstRow[member] {
                    r.fail("member", "\"\(member)\" is already on row \(first)")
                } else {
                    firstRow[member] = r.row
                }
                if member.count > 114 { r.fail("member", "\"\(member)\" is longer than 114 characters") }
            }
            if let birth, birth > asOf { r.fail("birthDate", "\"\(r.values["birthDate"]!)\" is after the import date \(asOf)") }
            if let admitted {
                if admitted > asOf { r.fail("admitted", "\"\(r.values["admitted"]!)\" is after the import date \(asOf)") }
                if let birth, admitted < birth { r.fail("admitted", "\"\(r.values["admitted"]!)\" is before the birth date") }
            }
            if let confirmed {
                if confirmed > asOf { r.fail("confirmed", "\"\(r.values["confirmed"]!)\" is after the import date \(asOf)") }
                if let admitted, confirmed < admitted { r.fail("confirmed", "\"\(r.values["confirmed"]!)\" is before the admission date \(admitted)") }
                if givenStatus == .probationary { r.fail("status", "\"\(r.values["status"]!)\" (probationary) but a confirmation date is given") }
            }
            let status: MemberStatus? = confirmed != nil ? .full : (givenStatus ?? defaultStatus)
            if status == nil && r.value("status") == nil {
                r.fail("status", "missing: give the status (Chính thức or Dự bị) or a confirmation date on the row, or --status full|probationary for the whole file")
            }
            if !r.errors.isEmpty {
                errors += r.errors
                continue
            }
            var person: [JSONObject.Entry] = [
                .init(key: "name", value: text(name!)),
                .init(key: "birthDate", value: text(birth!.description)),
                .init(key: "gender", value: text(gender!.rawValue)),
            ]
            if let e = r.value("ethnicity") { person.append(.init(key: "ethnicity", value: text(e))) }
            if let g = r.value("religion") { person.append(.init(key: "religion", value: text(g))) }
            let id = "import-member-\(member!)"
            var fields: [JSONObject.Entry] = [
                .init(key: "id", value: text(id)),
                .init(key: "type", value: text(EventType.memberRegistered.rawValue)),
                .init(key: "effective", value: text(asOf.description)),
                .init(key: "member", value: text(member!)),
                .init(key: "unit", value: text(unit!)),
                .init(key: "person", value: .object(JSONObject(person))),
                .init(key: "status", value: text(status!.rawValue)),
            ]
            if let admitted { fields.append(.init(key: "admitted", value: text(admitted.description))) }
            if let education { fields.append(.init(key: "education", value: text(education.rawValue))) }
            if let theory { fields.append(.init(key: "theory", value: text(theory.rawValue))) }
            if let confirmed { fields.append(.init(key: "note", value: text("\(confirmedNotePrefix)\(confirmed)"))) }
            if let actor { fields.append(.init(key: "actor", value: text(actor))) }
            items.append(.init(row: r.row, id: id, fields: JSONObject(fields)))
        }
        if !errors.isEmpty { throw ImportError(errors) }
        if items.isEmpty { throw ImportError(["\(file): no member rows"]) }
        return ImportPlan(items: items)
    }

    /// The registration's note that keeps the confirmation date of a member
    /// registered as full (the event has no field for it): `confirmed 2005-03-01`.
    public static let confirmedNotePrefix = "confirmed "

    /// Unit rows → `unit.established` events, id `import-unit-<unit>`, effective
    /// on the row's established date, else `asOf`. Parents listed in the file
    /// come before their sub-units whatever the row order.
    public static func units(_ records: [CSVRecord], asOf: Day?, file: String, actor: String? = nil) throws(ImportError) -> ImportPlan {
        let rows = try rows(records, columns: unitColumns, file: file)
        var parsed: [(row: Int, unit: String, parent: String?, fields: JSONObject)] = []
        var errors: [String] = []
        var firstRow: [String: Int] = [:]
        for var r in rows {
            let unit = r.required("unit")
            let name = r.required("name")
            let kind = r.vocabulary("kind", Adoption.kind, expected: "Đảng bộ cấp trên cơ sở, Đảng bộ cơ sở, Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ (or \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")))", required: true)
            let category = r.vocabulary("category", Adoption.category, expected: UnitCategory.allCases.map(\.rawValue).joined(separator: ", "))
            let parent = r.value("parent")
            let established = r.date("established")
            if let unit {
                if let first = firstRow[unit] { r.fail("unit", "\"\(unit)\" is already on row \(first)") } else { firstRow[unit] = r.row }
                if unit.count > 116 { r.fail("unit", "\"\(unit)\" is longer than 116 characters") }
                if parent == unit { r.fail("parent", "\"\(parent!)\" is the unit itself") }
            }
            let effective = established ?? asOf
            if effective == nil && r.value("established") == nil {
                r.fail("established", "missing: give the date in this column or --as-of")
            }
            if !r.errors.isEmpty {
                errors += r.errors
                continue
            }
            let id = "import-unit-\(unit!)"
            var fields: [JSONObject.Entry] = [
                .init(key: "id", value: text(id)),
                .init(key: "type", value: text(EventType.unitEstablished.rawValue)),
                .init(key: "effective", value: text(effective!.description)),
                .init(key: "unit", value: text(unit!)),
                .init(key: "name", value: text(name!)),
                .init(key: "kind", value: text(kind!.rawValue)),
            ]
            if let category { fields.append(.init(key: "category", value: text(category.rawValue))) }
            if let parent { fields.append(.init(key: "parent", value: text(parent))) }
            if let actor { fields.append(.init(key: "actor", value: text(actor))) }
            parsed.append((r.row, unit!, parent, JSONObject(fields)))
        }
        if !errors.isEmpty { throw ImportError(errors) }
        if parsed.isEmpty { throw ImportError(["\(file): no unit rows"]) }
        // Parents first: a depth-first order over the units of the file.
        let byUnit = Dictionary(uniqueKeysWithValues: parsed.enumerated().map { ($1.unit, $0) })
        var state = [Int](repeating: 0, count: parsed.count)   // 0 new, 1 visiting, 2 done
        var order: [Int] = []
        var cycle: [String] = []
        func visit(_ i: Int) {
            if state[i] == 2 { return }
            if state[i] == 1 {
                cycle.append("\(file) row \(parsed[i].row), column parent: unit \(parsed[i].unit) is its own ancestor")
                return
            }
            state[i] = 1
            if let p = parsed[i].parent, let j = byUnit[p] { visit(j) }
            state[i] = 2
            order.append(i)
        }
        for i in parsed.indices { visit(i) }
        if !cycle.isEmpty { throw ImportError(cycle) }
        return ImportPlan(items: order.map { .init(row: parsed[$0].row, id: "import-unit-\(parsed[$0].unit)", fields: parsed[$0].fields) })
    }

}

extension ImportPlan {
    /// The spreadsheet row that line `line` (1-based) of the plan's JSON
    /// Lines came from, or nil when the plan has no such line.
    public func row(ofLine line: Int) -> Int? {
        line >= 1 && line <= items.count ? items[line - 1].row : nil
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{00A0}" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
