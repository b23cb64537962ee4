import RosterCore

/// What makes a report a document an office signs: who issues it (the
/// superior committee above the issuing organisation), its number, place and
/// date, the signature block and the recipients. The DOCX and the print
/// layout of the HTML page both draw it; the figures come from the report.
///
/// The organisation names come from the ledger's units (the report's scope
/// unit and its parent; the root for the whole ledger). The rest comes from
/// the command line or, so that a user does not repeat it, from
/// `letterhead.json` in the ledger directory (`Letterhead.Defaults`).
public struct Letterhead: Equatable, Sendable {
    /// The superior committee, above the organisation (nil for a root the ledger knows no superior of).
    public var superior: String?
    /// The issuing organisation.
    public var organisation: String
    /// The organisation's code in the ledger: the default sign after "-BC/".
    public var code: String?
    /// "12-BC/TU" or a full "Số 12-BC/TU"; nil leaves the number to be filled in by hand.
    public var number: String?
    public var place: String?
    /// The document's date; nil leaves day and month to be filled in by hand.
    public var dated: Day?
    public var signer: String?
    public var signerTitle: String?
    /// "T/M BAN THƯỜNG VỤ" unless said otherwise.
    public var mandate: String?
    public var recipients: [String]
    /// Unit code → name on the report's date: rows and the scope line print names, not codes.
    public var unitNames: [String: String]
    /// The issuing unit's kind: who signs on its behalf (the standing
    /// committee of a committee, the party committee of a grassroots
    /// committee, the cell of a cell).
    public var issuerKind: UnitKind?

    public init(superior: String? = nil, organisation: String, code: String? = nil, number: String? = nil,
                place: String? = nil, dated: Day? = nil, signer: String? = nil, signerTitle: String? = nil,
                mandate: String? = nil, recipients: [String] = [], unitNames: [String: String] = [:]) {
        self.superior = superior
        self.organisation = organisation
        self.code = code
        self.number = number
        self.place = place
        self.dated = dated
        self.signer = signer
        self.signerTitle = signerTitle
        self.mandate = mandate
        self.recipients = recipients
        self.unitNames = unitNames
    }

    /// The defaults a ledger keeps in `letterhead.json` (every key optional):
    ///
    ///     {"place": "Bình Sơn", "number": "-BC/TU", "signer": "Nguyễn Văn An",
    ///      "signerTitle": "Bí thư", "mandate": "T/M BAN THƯỜNG VỤ",
    ///      "recipients": ["Ban Tổ chức Trung ương", "Lưu Văn phòng"],
    ///      "superior": "Ban Chấp hành Trung ương"}
    ///
    /// `superior` names the committee above the ledger's root, which the
    /// ledger itself does not know; below the root the ledger's units say it.
    public struct Defaults: Equatable, Sendable {
        public var place: String?
        public var number: String?
        public var signer: String?
        public var signerTitle: String?
        public var mandate: String?
        public var recipients: [String]?
        public var superior: String?

        public init() {}

        public static let keys = ["place", "number", "signer", "signerTitle", "mandate", "recipients", "superior"]

        /// Parses the file's text; `file` names it in messages. Unknown keys are
        /// refused (a misspelt key would otherwise be silently ignored).
        public static func parse(_ bytes: [UInt8], file: String) throws -> Defaults {
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch {
                throw LetterheadError(message: "\(file): not valid JSON: \(error)")
            }
            guard case .object(let o) = value else {
                throw LetterheadError(message: "\(file): expected a JSON object like {\"place\": \"Hà Tĩnh\"}")
            }
            var d = Defaults()
            for e in o.entries {
                func text() throws -> String {
                    guard case .string(let s) = e.value else {
                        throw LetterheadError(message: "\(file): \"\(e.key)\": expected a string")
                    }
                    return s
                }
                switch e.key {
                case "place": d.place = try text()
                case "number": d.number = try text()
                case "signer": d.signer = try text()
                case "signerTitle": d.signerTitle = try text()
                case "mandate": d.mandate = try text()
                case "superior": d.superior = try text()
                case "recipients":
                    guard case .array(let items) = e.value else {
                        throw LetterheadError(message: "\(file): \"recipients\": expected an array of strings")
                    }
                    d.recipients = try items.map {
                        guard case .string(let s) = $0 else {
                            throw LetterheadError(message: "\(file): \"recipients\": expected an array of strings")
                        }
                        return s
                    }
                default:
                    throw LetterheadError(message: "\(file): unknown key \"\(e.key)\"; expected one of \(keys.joined(separator: ", "))")
                }
            }
            return d
        }
    }

    /// The letterhead of a report on `day` scoped to `unit` (nil: the whole
    /// ledger), named from `units`; options given on the command line win
    /// over `defaults`.
    public static func make(units: UnitDirectory, unit: String?, on day: Day, defaults: Defaults,
                            place: String? = nil, dated: Day? = nil, number: String? = nil,
                            signer: String? = nil, signerTitle: String? = nil, recipients: [String]? = nil) -> Letterhead {
        let issuer = unit ?? units.root(on: day)
        let parent = issuer.flatMap { units.parent(of: $0, on: day) }
        let organisation = issuer.flatMap { units.name(of: $0, on: day) } ?? issuer ?? ""
        let superior = parent.flatMap { units.name(of: $0, on: day) ?? $0 } ?? defaults.superior
        var head = Letterhead(superior: superior, organisation: organisation, code: issuer,
                              number: number ?? defaults.number, place: place ?? defaults.place, dated: dated,
                              signer: signer ?? defaults.signer, signerTitle: signerTitle ?? defaults.signerTitle,
                              mandate: defaults.mandate, recipients: recipients ?? defaults.recipients ?? [],
                              unitNames: units.names(on: day))
        head.issuerKind = issuer.flatMap { units.kind(of: $0, on: day) }
        return head
    }
}

/// A letterhead.json that cannot be read (exit 1: bad input, named).
public struct LetterheadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// The words of the document around the figures, and the report document
/// with unit names in place of codes: what both the DOCX and the HTML print
/// layout draw, so the two say the same thing.
struct OfficeLayout {
    let letterhead: Letterhead
    let doc: ReportDocument
    let language: Language
    var vi: Bool { language == .vi }

    init(_ doc: ReportDocument, _ letterhead: Letterhead, _ language: Language) {
        self.letterhead = letterhead
        self.language = language
        self.doc = OfficeLayout.named(doc, letterhead.unitNames)
    }

    /// The document with unit names where it printed unit codes: the scope,
    /// and rows keyed by a unit code and labelled with it.
    static func named(_ doc: ReportDocument, _ names: [String: String]) -> ReportDocument {
        guard !names.isEmpty else { return doc }
        var doc = doc
        for i in doc.meta.indices where doc.meta[i].key == "unit" && !doc.meta[i].value.isEmpty {
            if let name = names[doc.meta[i].value] { doc.meta[i].display = name }
        }
        for s in doc.sections.indices {
            for r in doc.sections[s].rows.indices {
                let row = doc.sections[s].rows[r]
                if row.label == row.key, let name = names[row.key] { doc.sections[s].rows[r].label = name }
            }
        }
        return doc
    }

    var party: String { vi ? "ĐẢNG CỘNG SẢN VIỆT NAM" : "COMMUNIST PARTY OF VIETNAM" }

    /// Vietnamese capitals keep their marks: "Tỉnh ủy Bình Sơn" → "TỈNH ỦY BÌNH SƠN".
    static func capitals(_ s: String) -> String { s.uppercased() }

    var superiorLine: String? { letterhead.superior.map(OfficeLayout.capitals) }
    var organisationLine: String { OfficeLayout.capitals(letterhead.organisation) }

    /// "Số 12-BC/TU"; without a number, a space for it: "Số      -BC/TU".
    var numberLine: String {
        let prefix = vi ? "Số" : "No."
        guard var n = letterhead.number?.trimmingSpaces, !n.isEmpty else {
            return "\(prefix)\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}-BC/\(letterhead.code ?? "")"
        }
        if n.hasPrefix("Số ") || n.hasPrefix("No.") { return n }
        if n.hasPrefix("-") { n = "\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}" + n }
        return "\(prefix) \(n)"
    }

    static let monthsEn = ["January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December"]

    /// "Hà Tĩnh, ngày 15 tháng 01 năm 2021" / "Ha Tinh, 15 January 2021";
    /// without a date, blanks for day and month.
    var dateLine: String {
        let place = letterhead.place.map { $0 + ", " } ?? ""
        let blank = "\u{00A0}\u{00A0}\u{00A0}\u{00A0}"
        guard let d = letterhead.dated else {
            return vi ? "\(place)ngày\(blank)tháng\(blank)năm 20\u{00A0}\u{00A0}" : "\(place)\(blank)\(blank)20\u{00A0}\u{00A0}"
        }
        let c = d.components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return vi ? "\(place)ngày \(two(c.day)) tháng \(two(c.month)) năm \(c.year)"
                  : "\(place)\(c.day) \(OfficeLayout.monthsEn[c.month - 1]) \(c.year)"
    }

    var kindLine: String { vi ? "BÁO CÁO" : "REPORT" }
    var titleLine: String { doc.title }

    /// The scope under the title: the organisation the figures are about.
    var scopeLine: String? {
        guard let unit = doc.meta.first(where: { $0.key == "unit" }) else { return nil }
        var line = "\(unit.label.prefix(1).uppercased())\(unit.label.dropFirst()): \(unit.display)"
        if let k = doc.meta.first(where: { $0.key == "knownAt" }), !k.value.isEmpty { line += " · \(k.label): \(k.display)" }
        return line
    }

    /// "T/M BAN THƯỜNG VỤ" for a committee, "T/M ĐẢNG ỦY" for a grassroots
    /// or sub-committee, "T/M CHI BỘ" for a cell; `mandate` in letterhead.json wins.
    var mandateLine: String {
        if let m = letterhead.mandate { return OfficeLayout.capitals(m) }
        switch letterhead.issuerKind {
        case .grassrootsCommittee?, .subCommittee?: return vi ? "T/M ĐẢNG ỦY" : "ON BEHALF OF THE PARTY COMMITTEE"
        case .grassrootsCell?, .cell?: return vi ? "T/M CHI BỘ" : "ON BEHALF OF THE PARTY CELL"
        default: return vi ? "T/M BAN THƯỜNG VỤ" : "ON BEHALF OF THE STANDING COMMITTEE"
        }
    }
    var signerTitleLine: String? { letterhead.signerTitle.map(OfficeLayout.capitals) }
    var signerLine: String? { letterhead.signer }
    var recipientsTitle: String { vi ? "Nơi nhận:" : "Recipients:" }

    /// "- Ban Tổ chức Trung ương,", the last one ending with a full stop; "Lưu" (filing) by default.
    var recipientLines: [String] {
        let list = letterhead.recipients.isEmpty ? [vi ? "Lưu Văn phòng" : "File"] : letterhead.recipients
        return list.enumerated().map { i, r in "- \(r)\(i == list.count - 1 ? "." : ",")" }
    }

    /// "Số liệu trích từ sổ đảng viên điện tử, bản ghi 3.262, mã kiểm tra aa55c2dc…":
    /// the ledger head the figures were folded from, as a footnote.
    var footnote: String {
        let n = NumberFormat(language)
        let seq = Int(doc.meta.first { $0.key == "ledger.seq" }?.value ?? "") ?? 0
        let hash = doc.meta.first { $0.key == "ledger.hash" }?.value ?? ""
        var text = vi ? "Số liệu trích từ sổ đảng viên điện tử, bản ghi \(n.integer(seq)), mã kiểm tra \(hash)"
                      : "Figures from the electronic member ledger, record \(n.integer(seq)), check code \(hash)"
        if let k = doc.meta.first(where: { $0.key == "knownAt" }), !k.value.isEmpty {
            text += vi ? ", theo dữ liệu ghi nhận đến \(k.value)" : ", as known at \(k.value)"
        }
        return text + "."
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
