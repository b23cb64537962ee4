import RosterCore
/// `roster record KIND --flag value …`: one event from command-line flags,
/// so that a clerk records a decision without writing JSON. The event is
/// then appended like any other (a batch of one), so the rules and their
/// messages are those of `roster append`.

/// A flag that is missing, unknown for the kind, or has a bad value.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum RecordEvent {
    /// How a flag's text becomes a field value.
    enum Value {
        case text, date, gender, education, theory, status, reason, penalty, year
        case memberRating, unitRating, kind, category, list
        case badge, placeKind
    }

    /// One flag of a kind: the flag (without `--`), the event field it
    /// fills (`person.name` for the person object), and whether it must be given.
    struct Flag {
        var flag: String
        var field: String
        var value: Value
        var required: Bool
    }

    struct Kind {
        var type: EventType
        var flags: [Flag]
        /// At least one of the optional flags is needed (update, reclassify).
        var needsOne = false
        /// Other flags accepted for a flag: transfer `--unit` for `--to`, unit-move `--to` for `--parent`.
        var aliases: [String: String] = [:]
    }

    static func f(_ flag: String, _ field: String, _ value: Value = .text, required: Bool = false) -> Flag {
        Flag(flag: flag, field: field, value: value, required: required)
    }
    static let member = f("member", "member", required: true)
    static let person: [Flag] = [f("name", "person.name", required: true), f("birth-date", "person.birthDate", .date, required: true),
                                 f("gender", "person.gender", .gender, required: true), f("ethnicity", "person.ethnicity"),
                                 f("religion", "person.religion")]
    static let qualifications: [Flag] = [f("education", "education", .education), f("theory", "theory", .theory)]

    /// Every kind of `roster record`, by the word a clerk types.
    static let kinds: [(String, Kind)] = [
        ("admission", Kind(type: .memberAdmitted, flags: [member, f("unit", "unit", required: true)] + person + qualifications)),
        ("readmission", Kind(type: .memberReadmitted, flags: [member, f("unit", "unit", required: true)])),
        ("confirmation", Kind(type: .memberConfirmed, flags: [member])),
        ("transfer", Kind(type: .memberTransferred, flags: [member, f("to", "unit", required: true)], aliases: ["unit": "to"])),
        ("transfer-in", Kind(type: .memberTransferredIn, flags: [member, f("unit", "unit", required: true)] + person
            + [f("status", "status", .status, required: true), f("admitted", "admitted", .date), f("from", "from")] + qualifications)),
        ("transfer-out", Kind(type: .memberTransferredOut, flags: [member, f("to", "to")])),
        ("expulsion", Kind(type: .memberExpelled, flags: [member])),
        ("strike-off", Kind(type: .memberStruckOff, flags: [member, f("reason", "reason", .reason, required: true)])),
        ("resignation", Kind(type: .memberResigned, flags: [member])),
        ("death", Kind(type: .memberDied, flags: [member])),
        ("discipline", Kind(type: .memberDisciplined, flags: [member, f("penalty", "penalty", .penalty, required: true)])),
        ("exemption", Kind(type: .memberExempted, flags: [member])),
        ("exemption-end", Kind(type: .memberExemptionEnded, flags: [member])),
        ("rating", Kind(type: .memberRated, flags: [member, f("year", "year", .year, required: true), f("rating", "rating", .memberRating, required: true)])),
        ("update", Kind(type: .memberUpdated, flags: [member, f("name", "name"), f("birth-date", "birthDate", .date), f("gender", "gender", .gender),
                                                     f("ethnicity", "ethnicity"), f("religion", "religion")] + qualifications, needsOne: true)),
        ("unit-establish", Kind(type: .unitEstablished, flags: [f("unit", "unit", required: true), f("name", "name", required: true),
                                                               f("kind", "kind", .kind, required: true), f("category", "category", .category), f("parent", "parent"),
                                                               f("place", "place")])),
        ("unit-rename", Kind(type: .unitRenamed, flags: [f("unit", "unit", required: true), f("name", "name", required: true)])),
        ("unit-reclassify", Kind(type: .unitReclassified, flags: [f("unit", "unit", required: true), f("kind", "kind", .kind), f("category", "category", .category),
                                                                  f("place", "place")], needsOne: true)),
        ("unit-move", Kind(type: .unitMoved, flags: [f("unit", "unit", required: true), f("parent", "parent", required: true)], aliases: ["to": "parent"])),
        ("unit-merge", Kind(type: .unitMerged, flags: [f("units", "units", .list, required: true), f("into", "into", required: true)])),
        ("unit-dissolve", Kind(type: .unitDissolved, flags: [f("unit", "unit", required: true)])),
        ("unit-rating", Kind(type: .unitRated, flags: [f("unit", "unit", required: true), f("year", "year", .year, required: true), f("rating", "rating", .unitRating, required: true)])),
        ("award", Kind(type: .memberAwarded, flags: [member, f("badge", "badge", .badge, required: true)])),
        ("place-register", Kind(type: .placeRegistered, flags: [f("place", "place", required: true), f("name", "name", required: true),
                                                               f("kind", "kind", .placeKind, required: true), f("unit", "unit", required: true)])),
        ("place-close", Kind(type: .placeClosed, flags: [f("place", "place", required: true)])),
        ("retraction", Kind(type: .eventRetracted, flags: [f("target", "target", required: true), f("reason", "reason", required: true)])),
    ]

    /// The kinds, in help order.
    public static var kindNames: [String] { kinds.map(\.0) }

    /// The Vietnamese names of the kinds, as an office names the decision
    /// ("kết nạp", "xóa tên"), each kind's first name being the one help
    /// shows. Matched without regard to case, spacing or hyphens (`kết-nạp`
    /// works in a shell without quotes); both placements of the tone mark
    /// that offices write (`xóa`/`xoá`, `hủy`/`huỷ`, `kỷ`/`kỉ`) are listed.
    static let vietnameseKinds: [(String, [String])] = [
        ("admission", ["kết nạp"]),
        ("readmission", ["kết nạp lại"]),
        ("confirmation", ["công nhận chính thức", "chuyển chính thức"]),
        ("transfer", ["chuyển sinh hoạt", "chuyển sinh hoạt đảng"]),
        ("transfer-in", ["chuyển đến", "tiếp nhận"]),
        ("transfer-out", ["chuyển đi"]),
        ("expulsion", ["khai trừ"]),
        ("strike-off", ["xóa tên", "xoá tên"]),
        ("resignation", ["ra khỏi đảng", "xin ra khỏi đảng"]),
        ("death", ["từ trần", "qua đời"]),
        ("discipline", ["kỷ luật", "kỉ luật"]),
        ("exemption", ["miễn sinh hoạt", "miễn công tác và sinh hoạt đảng"]),
        ("exemption-end", ["hết miễn sinh hoạt", "thôi miễn sinh hoạt"]),
        ("rating", ["xếp loại đảng viên", "đánh giá đảng viên"]),
        ("update", ["cập nhật"]),
        ("unit-establish", ["thành lập"]),
        ("unit-rename", ["đổi tên"]),
        ("unit-reclassify", ["phân loại lại"]),
        ("unit-move", ["chuyển trực thuộc"]),
        ("unit-merge", ["hợp nhất", "sáp nhập"]),
        ("unit-dissolve", ["giải thể"]),
        ("unit-rating", ["xếp loại tổ chức đảng", "đánh giá tổ chức đảng"]),
        ("award", ["trao huy hiệu", "tặng huy hiệu"]),
        ("place-register", ["đăng ký địa bàn", "đăng kí địa bàn"]),
        ("place-close", ["đóng địa bàn"]),
        ("retraction", ["hủy", "huỷ", "thu hồi"]),
    ]

    /// A kind's Vietnamese name folded for matching: lower case, runs of
    /// spaces and hyphens as one space.
    static func folded(_ word: String) -> String {
        Adoption.normalized(String(word.map { $0 == "-" || $0 == "_" ? " " : $0 }))
    }

    /// The kind a clerk typed, in English (`admission`) or Vietnamese
    /// (`kết nạp`, `Kết-nạp`): its English name, nil for an unknown word.
    public static func kindName(_ word: String) -> String? {
        if kinds.contains(where: { $0.0 == word }) { return word }
        let key = folded(word)
        return vietnameseKinds.first { $0.1.contains { folded($0) == key } }?.0
    }

    /// "kết nạp (admission), …": the kinds by their first Vietnamese name, for help.
    public static var vietnameseKindHelp: String {
        vietnameseKinds.map { "\($0.1[0]) (\($0.0))" }.joined(separator: ", ")
    }

    /// Flags every kind takes: the event's id, effective date and common fields.
    public static let commonFlags = ["id", "date", "decision", "note", "actor"]

    /// Every flag any kind takes (for the argument parser).
    public static var allFlags: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for name in commonFlags + kinds.flatMap({ $0.1.flags.map(\.flag) }) where seen.insert(name).inserted { out.append(name) }
        return out
    }

    /// The flags of one kind (for messages and help).
    public static func flags(of kind: String) -> [String]? {
        guard let name = kindName(kind) else { return nil }
        return kinds.first { $0.0 == name }.map { $0.1.flags.map(\.flag) }
    }

    static func enumValue<V: CaseIterable & RawRepresentable>(_ text: String, _ type: V.Type, flag: String,
                                                               vietnamese: [(String, V)] = []) throws(RecordError) -> String where V.RawValue == String {
        if let v = V(rawValue: text) { return v.rawValue }
        // The names an office writes ("khiển trách", "Hoàn thành tốt nhiệm vụ"), without regard to case or spacing.
        let folded = Adoption.normalized(text)
        if let v = vietnamese.first(where: { Adoption.normalized($0.0) == folded })?.1 { return v.rawValue }
        throw RecordError("--\(flag): expected one of \(V.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"" + NearestWord.hint(for: text, among: V.allCases.map(\.rawValue)))
    }

    /// The Vietnamese names of the decisions' values, as offices write them.
    static let vietnameseReasons: [(String, StrikeOffReason)] = [
        ("Bỏ sinh hoạt đảng", .abandonedActivities), ("Không chuyển sinh hoạt đảng", .notTransferred),
        ("Không được công nhận chính thức", .probationNotConfirmed), ("Lý do khác", .other), ("Khác", .other),
    ]
    static let vietnamesePenalties: [(String, Penalty)] = [
        ("Khiển trách", .reprimand), ("Cảnh cáo", .warning), ("Cách chức", .dismissal),
    ]
    static let vietnameseMemberRatings: [(String, MemberRating)] = [
        ("Hoàn thành xuất sắc nhiệm vụ", .excellent), ("Hoàn thành tốt nhiệm vụ", .good),
        ("Hoàn thành nhiệm vụ", .satisfactory), ("Không hoàn thành nhiệm vụ", .unsatisfactory),
    ]
    static let vietnameseUnitRatings: [(String, UnitRating)] = [
        ("Trong sạch vững mạnh tiêu biểu", .cleanStrongExemplary), ("Trong sạch vững mạnh", .cleanStrong),
        ("Hoàn thành xuất sắc nhiệm vụ", .excellent), ("Hoàn thành tốt nhiệm vụ", .good),
        ("Hoàn thành nhiệm vụ", .satisfactory), ("Không hoàn thành nhiệm vụ", .unsatisfactory), ("Yếu kém", .weak),
    ]

    static func convert(_ text: String, _ value: Value, flag: String) throws(RecordError) -> JSONValue {
        switch value {
        case .text:
            guard !text.isEmpty else { throw RecordError("--\(flag): empty") }
            return .string(text)
        case .date:
            guard let d = DateArgument.parse(text) else {
                throw RecordError("--\(flag): expected a date \(DateArgument.forms) that exists, found \"\(text)\"")
            }
            return .string(d.description)
        case .gender:
            guard let g = Adoption.gender(text) else { throw RecordError("--\(flag): expected male or female (Nam, Nữ), found \"\(text)\"") }
            return .string(g.rawValue)
        case .education:
            guard let e = Adoption.education(text) else { throw RecordError("--\(flag): expected one of \(Adoption.educationExpected), found \"\(text)\"") }
            return .string(e.rawValue)
        case .theory:
            guard let t = Adoption.theory(text) else { throw RecordError("--\(flag): expected one of \(Adoption.theoryExpected), found \"\(text)\"") }
            return .string(t.rawValue)
        case .status:
            guard let s = Adoption.status(text) else { throw RecordError("--\(flag): expected full or probationary, found \"\(text)\"") }
            return .string(s.rawValue)
        case .reason: return .string(try enumValue(text, StrikeOffReason.self, flag: flag, vietnamese: vietnameseReasons))
        case .penalty: return .string(try enumValue(text, Penalty.self, flag: flag, vietnamese: vietnamesePenalties))
        case .memberRating: return .string(try enumValue(text, MemberRating.self, flag: flag, vietnamese: vietnameseMemberRatings))
        case .unitRating: return .string(try enumValue(text, UnitRating.self, flag: flag, vietnamese: vietnameseUnitRatings))
        case .kind:
            guard let k = Adoption.kind(text) else {
                throw RecordError("--\(flag): expected one of \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"" + NearestWord.hint(for: text, among: UnitKind.allCases.map(\.rawValue)))
            }
            return .string(k.rawValue)
        case .category:
            guard let c = Adoption.category(text) else {
                throw RecordError("--\(flag): expected one of \(UnitCategory.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"" + NearestWord.hint(for: text, among: UnitCategory.allCases.map(\.rawValue)))
            }
            return .string(c.rawValue)
        case .year:
            guard let y = Int(text), RuleConstants.years.contains(y) else { throw RecordError("--\(flag): expected a year like 2024, found \"\(text)\"") }
            return .number(String(y))
        case .badge:
            // Which years are a badge is a rule (the ledger refuses the others, naming them).
            guard let n = Int(text), RuleConstants.badgeYears.contains(n) else {
                throw RecordError("--\(flag): expected the years of a party badge (\(Badge.years.map(String.init).joined(separator: ", "))), found \"\(text)\"")
            }
            return .number(String(n))
        case .placeKind:
            guard let k = Adoption.placeKind(text) else { throw RecordError("--\(flag): expected one of \(Adoption.placeKindExpected), found \"\(text)\"") }
            return .string(k.rawValue)
        case .list:
            let items = text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            guard !items.isEmpty else { throw RecordError("--\(flag): expected a comma-separated list, found \"\(text)\"") }
            return .array(items.map { .string($0) })
        }
    }

    /// The event's fields for `kind` from the flag values (`date` is the
    /// effective date; `id` must be given — the caller generates one).
    public static func build(kind word: String, values: [String: String]) throws(RecordError) -> JSONObject {
        guard let name = kindName(word), let kind = kinds.first(where: { $0.0 == name })?.1 else {
            let words = kindNames + vietnameseKinds.flatMap(\.1)
            throw RecordError("unknown kind \"\(word)\"" + NearestWord.hint(for: word, among: words) + "; expected one of \(kindNames.joined(separator: ", ")), or a kind's Vietnamese name (`roster record --help` lists them)")
        }
        var values = values
        for (alias, flag) in kind.aliases.sorted(by: { $0.key < $1.key }) {
            guard let v = values[alias] else { continue }
            if values[flag] != nil { throw RecordError("--\(alias) and --\(flag) both give the \(flag) of \(name); give one") }
            values[flag] = v
            values[alias] = nil
        }
        let allowed = Set(commonFlags + kind.flags.map(\.flag))
        for flag in values.keys.sorted() where !allowed.contains(flag) {
            throw RecordError("--\(flag) does not apply to \(name) (\(kind.type.rawValue)); it takes \(kind.flags.map { "--\($0.flag)" }.joined(separator: ", "))")
        }
        guard let id = values["id"], !id.isEmpty else { throw RecordError("missing --id") }
        guard let dateText = values["date"] else { throw RecordError("missing --date (the date the decision takes effect)") }
        guard case .string(let effective) = try convert(dateText, .date, flag: "date") else { fatalError() }
        var fields: [JSONObject.Entry] = [
            .init(key: "id", value: .string(id)),
            .init(key: "type", value: .string(kind.type.rawValue)),
            .init(key: "effective", value: .string(effective)),
        ]
        for common in ["decision", "note", "actor"] {
            if let v = values[common] { fields.append(.init(key: common, value: try convert(v, .text, flag: common))) }
        }
        var person: [JSONObject.Entry] = []
        var given = 0
        for flag in kind.flags {
            guard let text = values[flag.flag] else {
                if flag.required { throw RecordError("missing --\(flag.flag)") }
                continue
            }
            if !flag.required { given += 1 }
            let v = try convert(text, flag.value, flag: flag.flag)
            if flag.field.hasPrefix("person.") {
                person.append(.init(key: String(flag.field.dropFirst("person.".count)), value: v))
            } else {
                fields.append(.init(key: flag.field, value: v))
            }
        }
        if kind.needsOne && given == 0 {
            let optional = kind.flags.filter { !$0.required }.map { "--\($0.flag)" }
            throw RecordError("nothing to record: give at least one of \(optional.joined(separator: ", "))")
        }
        if !person.isEmpty { fields.append(.init(key: "person", value: .object(JSONObject(person)))) }
        return JSONObject(fields)
    }

    /// One line of JSON Lines for the event (canonical JSON).
    public static func line(_ fields: JSONObject) -> String {
        String(decoding: JSONValue.object(fields).canonicalBytes, as: UTF8.self)
    }
}
