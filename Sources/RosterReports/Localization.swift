import RosterCore

/// Every label a report prints, in English and Vietnamese: the closed
/// vocabularies of SPEC §2 (by domain, since a key such as `intermediate` or
/// `other` occurs in several), the keys of the report sections, and the words
/// around them. JSON never uses these: its keys are SPEC §6's.
public enum Vocabulary: String, CaseIterable, Sendable {
    case unitKind, unitCategory, unitRating, memberRating, memberStatus, gender, education, theory
    case strikeOffReason, penalty, eventType, religion, ethnicity
    case members, inflow, outflow, unitFlows, interval
}

public struct Localizer: Sendable {
    public var language: Language
    public init(_ language: Language) { self.language = language }

    public var numbers: NumberFormat { NumberFormat(language) }

    /// The label of a vocabulary key. Open vocabularies (ethnicity, religion)
    /// print their keys as recorded; `unknown` is "Unknown" / "Chưa rõ".
    public func term(_ vocabulary: Vocabulary, _ key: String) -> String {
        if let pair = Localizer.terms[vocabulary]?[key] { return language == .vi ? pair.vi : pair.en }
        if key == "unknown" { return text(.unknown) }
        return key
    }

    /// Whether a key has its own label (the tests hold every closed vocabulary to this).
    public static func hasLabel(_ vocabulary: Vocabulary, _ key: String) -> Bool {
        terms[vocabulary]?[key] != nil
    }

    public func text(_ key: Text) -> String {
        let pair = Localizer.texts[key]!
        return language == .vi ? pair.vi : pair.en
    }

    /// An age band label: `18-30` → `18–30`, `61+` stays; with the unit in Vietnamese prose.
    public func ageBand(_ key: String) -> String { key.replacing("-", with: "–") }

    /// A date as a reader writes it: `2010-12-31` in English, `31/12/2010` in Vietnamese.
    public func date(_ day: Day) -> String {
        guard language == .vi else { return day.description }
        let c = day.components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(c.day))/\(two(c.month))/\(c.year)"
    }

    /// The scope: the unit id, or the whole ledger.
    public func scope(_ unit: String?) -> String { unit ?? text(.wholeLedger) }

    // MARK: words

    public enum Text: String, CaseIterable, Sendable {
        case snapshotTitle, compareTitle, flowsTitle, ratingsTitle, seriesTitle
        case scope, wholeLedger, ledger, knownAt, asKnownNow, fromTo, every
        case members, byAge, byEducation, byTheory, byGender, byEthnicity, byReligion, byCategory
        case units, grassroots, grassrootsByCategory
        case flowsMembers, start, end, arrivals, departures, totalIn, totalOut, struckOffByReason, confirmed, disciplined, unitFlows
        case unitsByRating, membersByRating, rated
        case count, share, change, changePoints, date, unknown
        case ageAxis, membersAxis, shareAxis, unitsAxis, dateAxis
        case ageChart, educationChart, theoryChart, grassrootsChart, membersOverTimeChart, categoryChart, flowsChart
        case women, perYear, otherTables, generatedBy
        case grassrootsOverTimeChart, atDate, fromDate, toDate, year
    }

    static let texts: [Text: (en: String, vi: String)] = [
        .snapshotTitle: ("Party members on", "Số lượng, chất lượng đảng viên ngày"),
        .compareTitle: ("Party members compared", "So sánh số lượng, chất lượng đảng viên"),
        .flowsTitle: ("Movements of party members", "Biến động đảng viên"),
        .ratingsTitle: ("Quality ratings for", "Kết quả đánh giá, xếp loại chất lượng năm"),
        .seriesTitle: ("Party members over time", "Diễn biến số lượng đảng viên"),
        .scope: ("scope", "phạm vi"),
        .wholeLedger: ("whole ledger", "toàn đảng bộ"),
        .ledger: ("ledger", "sổ dữ liệu"),
        .knownAt: ("known at", "theo dữ liệu ghi nhận đến"),
        .asKnownNow: ("as known now", "dữ liệu hiện có"),
        .fromTo: ("from %1 to %2", "từ %1 đến %2"),
        .every: ("every", "mỗi"),
        .members: ("Party members", "Đảng viên"),
        .byAge: ("Age", "Độ tuổi"),
        .byEducation: ("Professional qualification", "Trình độ chuyên môn"),
        .byTheory: ("Political theory", "Lý luận chính trị"),
        .byGender: ("Gender", "Giới tính"),
        .byEthnicity: ("Ethnicity", "Dân tộc"),
        .byReligion: ("Religion", "Tôn giáo"),
        .byCategory: ("Members by category of their cell", "Đảng viên theo loại hình tổ chức"),
        .units: ("Party organisations", "Tổ chức đảng"),
        .grassroots: ("Grassroots organisations", "Tổ chức cơ sở đảng"),
        .grassrootsByCategory: ("Grassroots organisations by category", "Tổ chức cơ sở đảng theo loại hình"),
        .flowsMembers: ("Members: balance", "Đảng viên: cân đối"),
        .start: ("At the start", "Đầu kỳ"),
        .end: ("At the end", "Cuối kỳ"),
        .arrivals: ("Arrivals", "Tăng"),
        .departures: ("Departures", "Giảm"),
        .totalIn: ("Total arrivals", "Tổng số tăng"),
        .totalOut: ("Total departures", "Tổng số giảm"),
        .struckOffByReason: ("Struck off, by reason", "Xóa tên, theo lý do"),
        .confirmed: ("Confirmed as full members", "Công nhận đảng viên chính thức"),
        .disciplined: ("Disciplined", "Bị thi hành kỷ luật"),
        .unitFlows: ("Grassroots organisations: changes", "Tổ chức cơ sở đảng: biến động"),
        .unitsByRating: ("Party organisations by rating", "Tổ chức đảng theo mức xếp loại"),
        .membersByRating: ("Party members by rating", "Đảng viên theo mức xếp loại"),
        .rated: ("Rated", "Số được xếp loại"),
        .count: ("Count", "Số lượng"),
        .share: ("Share", "Tỷ lệ"),
        .change: ("Change", "Tăng/giảm"),
        .changePoints: ("Change (pp)", "Tăng/giảm (điểm %)"),
        .date: ("Date", "Thời điểm"),
        .unknown: ("Unknown", "Chưa rõ"),
        .ageAxis: ("Age (years)", "Độ tuổi"),
        .membersAxis: ("Party members", "Số đảng viên"),
        .shareAxis: ("Share of party members (%)", "Tỷ lệ trên tổng số đảng viên (%)"),
        .unitsAxis: ("Grassroots organisations", "Số tổ chức cơ sở đảng"),
        .dateAxis: ("Date", "Thời điểm"),
        .ageChart: ("Party members by age", "Đảng viên theo độ tuổi"),
        .educationChart: ("Professional qualification (share of members)", "Trình độ chuyên môn (tỷ lệ đảng viên)"),
        .theoryChart: ("Political theory (share of members)", "Trình độ lý luận chính trị (tỷ lệ đảng viên)"),
        .grassrootsChart: ("Grassroots organisations by category", "Tổ chức cơ sở đảng theo loại hình"),
        .membersOverTimeChart: ("Party members over time", "Số lượng đảng viên qua các thời điểm"),
        .grassrootsOverTimeChart: ("Grassroots organisations over time", "Số tổ chức cơ sở đảng qua các thời điểm"),
        .categoryChart: ("Party members by category of their cell", "Đảng viên theo loại hình tổ chức"),
        .flowsChart: ("Arrivals and departures", "Đảng viên tăng, giảm trong kỳ"),
        .women: ("Women", "Đảng viên nữ"),
        .perYear: (" a year", "/năm"),
        .otherTables: ("Other breakdowns", "Các chỉ tiêu khác"),
        .generatedBy: ("Computed by Roster from the ledger", "Roster tính từ sổ dữ liệu"),
        .atDate: ("date", "ngày"),
        .fromDate: ("from", "từ ngày"),
        .toDate: ("to", "đến ngày"),
        .year: ("year", "năm"),
    ]

    // MARK: vocabularies

    static let terms: [Vocabulary: [String: (en: String, vi: String)]] = [
        .unitKind: [
            "committee": ("Committees above the grassroots", "Đảng bộ cấp trên cơ sở"),
            "grassroots-committee": ("Grassroots committees", "Đảng bộ cơ sở"),
            "grassroots-cell": ("Grassroots cells", "Chi bộ cơ sở"),
            "sub-committee": ("Sub-committees", "Đảng bộ bộ phận"),
            "cell": ("Cells under a committee", "Chi bộ trực thuộc"),
        ],
        .unitCategory: [
            "party-agency": ("Party agencies", "Cơ quan Đảng"),
            "administration": ("State administration", "Cơ quan nhà nước"),
            "public-service": ("Public service units", "Đơn vị sự nghiệp"),
            "press": ("Press", "Cơ quan báo chí"),
            "mass-organization": ("Mass organisations", "Mặt trận Tổ quốc, đoàn thể"),
            "state-enterprise": ("State enterprises (over 50 % state capital)", "Doanh nghiệp nhà nước"),
            "state-minority-enterprise": ("Enterprises with 50 % state capital or less", "Doanh nghiệp vốn nhà nước không quá 50 %"),
            "private-enterprise": ("Private and joint-stock enterprises", "Doanh nghiệp tư nhân, cổ phần"),
            "foreign-invested-enterprise": ("Foreign-invested enterprises", "Doanh nghiệp có vốn đầu tư nước ngoài"),
            "commune": ("Communes, wards and towns", "Xã, phường, thị trấn"),
            "village": ("Villages and residential groups", "Thôn, bản, tổ dân phố"),
            "school": ("Schools", "Trường học"),
            "health-station": ("Health stations", "Trạm y tế"),
            "armed-forces": ("Armed forces", "Quân đội"),
            "police": ("Police", "Công an"),
            "other": ("Other", "Khác"),
        ],
        .unitRating: [
            "clean-strong-exemplary": ("Clean and strong, exemplary", "Trong sạch vững mạnh tiêu biểu"),
            "clean-strong": ("Clean and strong", "Trong sạch vững mạnh"),
            "excellent": ("Tasks fulfilled excellently", "Hoàn thành xuất sắc nhiệm vụ"),
            "good": ("Tasks fulfilled well", "Hoàn thành tốt nhiệm vụ"),
            "satisfactory": ("Tasks fulfilled", "Hoàn thành nhiệm vụ"),
            "unsatisfactory": ("Tasks not fulfilled", "Không hoàn thành nhiệm vụ"),
            "weak": ("Weak", "Yếu kém"),
        ],
        .memberRating: [
            "excellent": ("Tasks fulfilled excellently", "Hoàn thành xuất sắc nhiệm vụ"),
            "good": ("Tasks fulfilled well", "Hoàn thành tốt nhiệm vụ"),
            "satisfactory": ("Tasks fulfilled", "Hoàn thành nhiệm vụ"),
            "unsatisfactory": ("Tasks not fulfilled", "Không hoàn thành nhiệm vụ"),
        ],
        .memberStatus: [
            "full": ("Full members", "Chính thức"),
            "probationary": ("Probationary", "Dự bị"),
        ],
        .gender: [
            "male": ("Men", "Nam"),
            "female": ("Women", "Nữ"),
        ],
        .education: [
            "postgraduate": ("Postgraduate", "Trên đại học"),
            "university": ("University", "Đại học"),
            "college": ("College", "Cao đẳng"),
            "intermediate": ("Vocational (intermediate)", "Trung cấp"),
            "basic": ("Basic or none", "Sơ cấp"),
        ],
        .theory: [
            "advanced": ("Advanced", "Cao cấp, cử nhân"),
            "intermediate": ("Intermediate", "Trung cấp"),
            "elementary": ("Elementary", "Sơ cấp"),
            "none": ("None", "Chưa qua đào tạo"),
        ],
        .strikeOffReason: [
            "abandoned-activities": ("Abandoned party activities", "Bỏ sinh hoạt đảng"),
            "not-transferred": ("Did not transfer", "Không chuyển sinh hoạt đảng"),
            "probation-not-confirmed": ("Probation not confirmed", "Không được công nhận chính thức"),
            "other": ("Other reasons", "Lý do khác"),
        ],
        .penalty: [
            "reprimand": ("Reprimand", "Khiển trách"),
            "warning": ("Warning", "Cảnh cáo"),
            "dismissal": ("Dismissal", "Cách chức"),
        ],
        .eventType: [
            "unit.established": ("Organisation established", "Thành lập tổ chức đảng"),
            "unit.renamed": ("Organisation renamed", "Đổi tên tổ chức đảng"),
            "unit.reclassified": ("Organisation reclassified", "Thay đổi loại, loại hình tổ chức đảng"),
            "unit.moved": ("Organisation moved", "Chuyển giao tổ chức đảng"),
            "unit.merged": ("Organisations merged", "Hợp nhất tổ chức đảng"),
            "unit.dissolved": ("Organisation dissolved", "Giải thể tổ chức đảng"),
            "unit.rated": ("Organisation rated", "Xếp loại tổ chức đảng"),
            "member.registered": ("Member registered (opening balance)", "Đăng ký đảng viên (số liệu ban đầu)"),
            "member.admitted": ("Admitted", "Kết nạp"),
            "member.readmitted": ("Readmitted", "Kết nạp lại"),
            "member.confirmed": ("Confirmed as full member", "Công nhận đảng viên chính thức"),
            "member.transferred": ("Transferred", "Chuyển sinh hoạt đảng"),
            "member.transferred-in": ("Transferred in", "Chuyển sinh hoạt đến"),
            "member.transferred-out": ("Transferred out", "Chuyển sinh hoạt đi"),
            "member.expelled": ("Expelled", "Khai trừ"),
            "member.struck-off": ("Struck off", "Xóa tên"),
            "member.resigned": ("Resigned", "Xin ra khỏi Đảng"),
            "member.died": ("Died", "Từ trần"),
            "member.disciplined": ("Disciplined", "Thi hành kỷ luật"),
            "member.rated": ("Member rated", "Xếp loại đảng viên"),
            "member.updated": ("Details updated", "Cập nhật thông tin"),
            "member.exempted": ("Exempted from activities", "Miễn sinh hoạt"),
            "member.exemption-ended": ("Exemption ended", "Thôi miễn sinh hoạt"),
            "member.awarded": ("Party badge awarded", "Trao Huy hiệu Đảng"),
            "place.registered": ("Place registered", "Đăng ký địa bàn"),
            "place.closed": ("Place closed", "Địa bàn không còn"),
            "plan.adopted": ("Plan adopted", "Ban hành nghị quyết, chỉ tiêu"),
            "event.retracted": ("Event retracted", "Hủy bỏ sự kiện"),
        ],
        .religion: [
            "none": ("None", "Không"),
        ],
        .ethnicity: [:],
        .members: [
            "total": ("Total", "Tổng số"),
            "full": ("Full members", "Chính thức"),
            "probationary": ("Probationary", "Dự bị"),
            "exempted": ("Exempted from activities", "Miễn sinh hoạt"),
        ],
        .inflow: [
            "registered": ("Registered (opening balance)", "Đăng ký ban đầu"),
            "admitted": ("Admitted", "Kết nạp"),
            "readmitted": ("Readmitted", "Kết nạp lại"),
            "transferredIn": ("Transferred in", "Chuyển sinh hoạt đến"),
            "movedIn": ("Moved in with their cell or by transfer", "Chuyển vào phạm vi"),
        ],
        .outflow: [
            "expelled": ("Expelled", "Khai trừ"),
            "struckOff": ("Struck off", "Xóa tên"),
            "resigned": ("Resigned", "Xin ra khỏi Đảng"),
            "died": ("Died", "Từ trần"),
            "transferredOut": ("Transferred out", "Chuyển sinh hoạt đi"),
            "movedOut": ("Moved out with their cell or by transfer", "Chuyển ra khỏi phạm vi"),
        ],
        .unitFlows: [
            "established": ("Established", "Thành lập mới"),
            "dissolved": ("Dissolved", "Giải thể"),
            "merged": ("Merged into another", "Hợp nhất vào tổ chức khác"),
            "movedIn": ("Moved in", "Chuyển đến"),
            "movedOut": ("Moved out", "Chuyển đi"),
            "reclassified": ("Reclassified", "Thay đổi loại, loại hình"),
        ],
        .interval: [
            "month": ("month", "tháng"),
            "quarter": ("quarter", "quý"),
            "year": ("year", "năm"),
        ],
    ]
}
