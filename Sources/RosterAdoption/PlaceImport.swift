import RosterCore
/// `roster import places`: a spreadsheet of the places where the party
/// should be present (villages, schools, health stations, …) becomes
/// `place.registered` events, appended as one batch like the units import
/// (docs/ADOPTION.md). Headers English or Vietnamese, dates dd/mm/yyyy or
/// YYYY-MM-DD.

extension Adoption {
    public static let placeColumns: [ImportColumn] = [
        ImportColumn(key: "place", vietnamese: "Mã địa bàn", aliases: ["id", "mã", "mã nơi"], required: true),
        ImportColumn(key: "name", vietnamese: "Tên địa bàn", aliases: ["tên", "tên nơi"], required: true),
        ImportColumn(key: "kind", vietnamese: "Loại địa bàn", aliases: ["loại"], required: true),
        ImportColumn(key: "unit", vietnamese: "Tổ chức đảng phụ trách", aliases: ["đơn vị phụ trách", "phụ trách", "trực thuộc", "tổ chức đảng"], required: true),
        ImportColumn(key: "registered", vietnamese: "Ngày đăng ký", aliases: ["ngày", "từ ngày"], required: false),
    ]

    static let placeKinds: [String: PlaceKind] = {
        var d: [String: PlaceKind] = [:]
        for k in PlaceKind.allCases { d[k.rawValue] = k }
        let vi: [(String, PlaceKind)] = [
            ("thôn", .village), ("bản", .village), ("tổ dân phố", .village), ("khu phố", .village), ("ấp", .village),
            ("làng", .village), ("thôn, bản, tổ dân phố", .village), ("thôn, tổ dân phố", .village),
            ("trường", .school), ("trường học", .school),
            ("trạm y tế", .healthStation), ("y tế", .healthStation),
            ("cơ quan", .agency), ("doanh nghiệp", .enterprise), ("công ty", .enterprise), ("khác", .other),
        ]
        for (k, v) in vi { d[k] = v }
        return d
    }()

    public static func placeKind(_ text: String) -> PlaceKind? { lookup(text, placeKinds) }

    static let placeKindExpected = "Thôn, Bản, Tổ dân phố, Trường học, Trạm y tế, Cơ quan, Doanh nghiệp, Khác (or \(PlaceKind.allCases.map(\.rawValue).joined(separator: ", ")))"

    /// Place rows → `place.registered` events, id `import-place-<place>`,
    /// effective on the row's registration date, else `asOf`.
    public static func places(_ records: [CSVRecord], asOf: Day?, file: String, actor: String? = nil) throws(ImportError) -> ImportPlan {
        let rows = try rows(records, columns: placeColumns, file: file)
        var items: [ImportPlan.Item] = []
        var errors: [String] = []
        var firstRow: [String: Int] = [:]
        for var r in rows {
            let place = r.required("place")
            let name = r.required("name")
            let kind = r.vocabulary("kind", Adoption.placeKind, expected: placeKindExpected, required: true)
            let unit = r.required("unit")
            let registered = r.date("registered")
            if let place {
                if let first = firstRow[place] { r.fail("place", "\"\(place)\" is already on row \(first)") } else { firstRow[place] = r.row }
                if place.count > 115 { r.fail("place", "\"\(place)\" is longer than 115 characters") }
            }
            let effective = registered ?? asOf
            if effective == nil && r.value("registered") == nil {
                r.fail("registered", "missing: give the date in this column or --as-of")
            }
            if !r.errors.isEmpty {
                errors += r.errors
                continue
            }
            let id = "import-place-\(place!)"
            var fields: [JSONObject.Entry] = [
                .init(key: "id", value: text(id)),
                .init(key: "type", value: text(EventType.placeRegistered.rawValue)),
                .init(key: "effective", value: text(effective!.description)),
                .init(key: "place", value: text(place!)),
                .init(key: "name", value: text(name!)),
                .init(key: "kind", value: text(kind!.rawValue)),
                .init(key: "unit", value: text(unit!)),
            ]
            if let actor { fields.append(.init(key: "actor", value: text(actor))) }
            items.append(.init(row: r.row, id: id, fields: JSONObject(fields)))
        }
        if !errors.isEmpty { throw ImportError(errors) }
        if items.isEmpty { throw ImportError(["\(file): no place rows"]) }
        return ImportPlan(items: items)
    }
}
