// Vocabularies: provinces (with their 2025 mergers), people's names,
// ethnicities, religions, places, unit categories. Written as text once,
// turned into byte arrays at start-up.

/// A province as of 1990–2025: its official code (used in unit ids), name,
/// a weight proportional to its population (millions, 2019 census, rounded)
/// and, for the 2025 reform (63 → 34), the code of the province it merges into.
struct ProvinceInfo {
    let code: Int
    let name: String
    let city: Bool
    let weight: Double
    let mergesInto: Int?
}

let provinceTable: [ProvinceInfo] = [
    .init(code: 1, name: "Hà Nội", city: true, weight: 8.1, mergesInto: nil),
    .init(code: 2, name: "Hà Giang", city: false, weight: 0.85, mergesInto: 8),
    .init(code: 4, name: "Cao Bằng", city: false, weight: 0.53, mergesInto: nil),
    .init(code: 6, name: "Bắc Kạn", city: false, weight: 0.31, mergesInto: 19),
    .init(code: 8, name: "Tuyên Quang", city: false, weight: 0.78, mergesInto: nil),
    .init(code: 10, name: "Lào Cai", city: false, weight: 0.73, mergesInto: nil),
    .init(code: 11, name: "Điện Biên", city: false, weight: 0.6, mergesInto: nil),
    .init(code: 12, name: "Lai Châu", city: false, weight: 0.46, mergesInto: nil),
    .init(code: 14, name: "Sơn La", city: false, weight: 1.25, mergesInto: nil),
    .init(code: 15, name: "Yên Bái", city: false, weight: 0.82, mergesInto: 10),
    .init(code: 17, name: "Hòa Bình", city: false, weight: 0.85, mergesInto: 25),
    .init(code: 19, name: "Thái Nguyên", city: false, weight: 1.29, mergesInto: nil),
    .init(code: 20, name: "Lạng Sơn", city: false, weight: 0.78, mergesInto: nil),
    .init(code: 22, name: "Quảng Ninh", city: false, weight: 1.32, mergesInto: nil),
    .init(code: 24, name: "Bắc Giang", city: false, weight: 1.8, mergesInto: 27),
    .init(code: 25, name: "Phú Thọ", city: false, weight: 1.46, mergesInto: nil),
    .init(code: 26, name: "Vĩnh Phúc", city: false, weight: 1.15, mergesInto: 25),
    .init(code: 27, name: "Bắc Ninh", city: false, weight: 1.37, mergesInto: nil),
    .init(code: 30, name: "Hải Dương", city: false, weight: 1.89, mergesInto: 31),
    .init(code: 31, name: "Hải Phòng", city: true, weight: 2.03, mergesInto: nil),
    .init(code: 33, name: "Hưng Yên", city: false, weight: 1.25, mergesInto: nil),
    .init(code: 34, name: "Thái Bình", city: false, weight: 1.86, mergesInto: 33),
    .init(code: 35, name: "Hà Nam", city: false, weight: 0.85, mergesInto: 37),
    .init(code: 36, name: "Nam Định", city: false, weight: 1.78, mergesInto: 37),
    .init(code: 37, name: "Ninh Bình", city: false, weight: 0.98, mergesInto: nil),
    .init(code: 38, name: "Thanh Hóa", city: false, weight: 3.64, mergesInto: nil),
    .init(code: 40, name: "Nghệ An", city: false, weight: 3.33, mergesInto: nil),
    .init(code: 42, name: "Hà Tĩnh", city: false, weight: 1.29, mergesInto: nil),
    .init(code: 44, name: "Quảng Bình", city: false, weight: 0.9, mergesInto: 45),
    .init(code: 45, name: "Quảng Trị", city: false, weight: 0.63, mergesInto: nil),
    .init(code: 46, name: "Thừa Thiên Huế", city: false, weight: 1.13, mergesInto: nil),
    .init(code: 48, name: "Đà Nẵng", city: true, weight: 1.13, mergesInto: nil),
    .init(code: 49, name: "Quảng Nam", city: false, weight: 1.5, mergesInto: 48),
    .init(code: 51, name: "Quảng Ngãi", city: false, weight: 1.23, mergesInto: nil),
    .init(code: 52, name: "Bình Định", city: false, weight: 1.49, mergesInto: 64),
    .init(code: 54, name: "Phú Yên", city: false, weight: 0.87, mergesInto: 66),
    .init(code: 56, name: "Khánh Hòa", city: false, weight: 1.23, mergesInto: nil),
    .init(code: 58, name: "Ninh Thuận", city: false, weight: 0.59, mergesInto: 56),
    .init(code: 60, name: "Bình Thuận", city: false, weight: 1.23, mergesInto: 68),
    .init(code: 62, name: "Kon Tum", city: false, weight: 0.54, mergesInto: 51),
    .init(code: 64, name: "Gia Lai", city: false, weight: 1.51, mergesInto: nil),
    .init(code: 66, name: "Đắk Lắk", city: false, weight: 1.87, mergesInto: nil),
    .init(code: 67, name: "Đắk Nông", city: false, weight: 0.62, mergesInto: 68),
    .init(code: 68, name: "Lâm Đồng", city: false, weight: 1.3, mergesInto: nil),
    .init(code: 70, name: "Bình Phước", city: false, weight: 0.99, mergesInto: 75),
    .init(code: 72, name: "Tây Ninh", city: false, weight: 1.17, mergesInto: nil),
    .init(code: 74, name: "Bình Dương", city: false, weight: 2.43, mergesInto: 79),
    .init(code: 75, name: "Đồng Nai", city: false, weight: 3.1, mergesInto: nil),
    .init(code: 77, name: "Bà Rịa - Vũng Tàu", city: false, weight: 1.15, mergesInto: 79),
    .init(code: 79, name: "Hồ Chí Minh", city: true, weight: 8.99, mergesInto: nil),
    .init(code: 80, name: "Long An", city: false, weight: 1.69, mergesInto: 72),
    .init(code: 82, name: "Tiền Giang", city: false, weight: 1.76, mergesInto: 87),
    .init(code: 83, name: "Bến Tre", city: false, weight: 1.29, mergesInto: 86),
    .init(code: 84, name: "Trà Vinh", city: false, weight: 1.01, mergesInto: 86),
    .init(code: 86, name: "Vĩnh Long", city: false, weight: 1.02, mergesInto: nil),
    .init(code: 87, name: "Đồng Tháp", city: false, weight: 1.6, mergesInto: nil),
    .init(code: 89, name: "An Giang", city: false, weight: 1.91, mergesInto: nil),
    .init(code: 91, name: "Kiên Giang", city: false, weight: 1.72, mergesInto: 89),
    .init(code: 92, name: "Cần Thơ", city: true, weight: 1.24, mergesInto: nil),
    .init(code: 93, name: "Hậu Giang", city: false, weight: 0.73, mergesInto: 92),
    .init(code: 94, name: "Sóc Trăng", city: false, weight: 1.2, mergesInto: 92),
    .init(code: 95, name: "Bạc Liêu", city: false, weight: 0.91, mergesInto: 96),
    .init(code: 96, name: "Cà Mau", city: false, weight: 1.19, mergesInto: nil),
]

enum Vocab {
    static let familyNames: [(String, Double)] = [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5),
        ("Vũ", 4), ("Huỳnh", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3),
        ("Ngô", 1.3), ("Dương", 1), ("Đinh", 1), ("Trương", 1), ("Lương", 0.8), ("Đào", 0.8),
        ("Lý", 0.5), ("Mai", 0.5), ("Hà", 0.5), ("Tạ", 0.3), ("Triệu", 0.3), ("Lò", 0.2),
    ]
    static let maleMiddle = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Anh", "Ngọc", "Đình", "Quang"]
    static let femaleMiddle = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Bích", "Hồng", "Thùy", "Phương", "Diệu"]
    static let maleGiven = ["An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng",
                            "Huy", "Khánh", "Khoa", "Kiên", "Long", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa",
                            "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn",
                            "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Lâm", "Hưng", "Tiến"]
    static let femaleGiven = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
                              "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc",
                              "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang",
                              "Tuyết", "Vân", "Yến", "Nhàn", "Xuân"]
    static let ethnicities: [(String, Double)] = [
        ("Kinh", 85.3), ("Tày", 1.9), ("Thái", 1.9), ("Mường", 1.5), ("Khmer", 1.4), ("Mông", 1.3),
        ("Nùng", 1.1), ("Dao", 0.9), ("Hoa", 0.8), ("Gia Rai", 0.5), ("Ê Đê", 0.4), ("Ba Na", 0.3),
        ("Sán Chay", 0.2), ("Chăm", 0.2), ("Sán Dìu", 0.2),
    ]
    static let religions: [(String, Double)] = [
        ("none", 92), ("Buddhist", 4), ("Catholic", 2.5), ("Cao Dai", 0.6), ("Protestant", 0.5), ("Hoa Hao", 0.4),
    ]
    /// Syllables for place names (communes, districts, villages, companies).
    static let places = ["An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Xuân", "Vĩnh", "Long", "Đông", "Tây",
                         "Nam", "Bắc", "Mỹ", "Phước", "Thuận", "Quảng", "Hưng", "Yên", "Lộc", "Sơn", "Hà",
                         "Thanh", "Đức", "Cẩm", "Kim", "Lạc", "Gia", "Trung", "Hải", "Hiệp", "Khánh",
                         "Lợi", "Minh", "Nghĩa", "Phong", "Quang", "Thái", "Thịnh", "Tiến", "Vân", "Hồng"]
    static let fromText = ["Đảng bộ Quân đội", "Đảng bộ Công an Trung ương", "Đảng bộ Ngoài nước",
                           "Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ Khối Doanh nghiệp Trung ương"]
    static let toText = ["Đảng bộ Quân đội", "Đảng bộ Công an Trung ương", "Đảng bộ Ngoài nước",
                         "Đảng bộ Khối các cơ quan Trung ương"]
}

/// Unit categories exactly as docs/FORMAT.md spells them.
enum Category: UInt8, CaseIterable {
    case partyAgency, administration, publicService, press, massOrganization, stateEnterprise,
         stateMinorityEnterprise, privateEnterprise, foreignInvestedEnterprise, commune, village,
         school, healthStation, armedForces, police, other
    static let none: UInt8 = 0xFF

    var text: StaticString {
        switch self {
        case .partyAgency: return "party-agency"
        case .administration: return "administration"
        case .publicService: return "public-service"
        case .press: return "press"
        case .massOrganization: return "mass-organization"
        case .stateEnterprise: return "state-enterprise"
        case .stateMinorityEnterprise: return "state-minority-enterprise"
        case .privateEnterprise: return "private-enterprise"
        case .foreignInvestedEnterprise: return "foreign-invested-enterprise"
        case .commune: return "commune"
        case .village: return "village"
        case .school: return "school"
        case .healthStation: return "health-station"
        case .armedForces: return "armed-forces"
        case .police: return "police"
        case .other: return "other"
        }
    }
}

/// Byte-array forms of the vocabularies, built once.
struct Lexicon {
    let family: [[UInt8]]
    let familyCum: [Double]
    let maleMiddle: [[UInt8]]
    let femaleMiddle: [[UInt8]]
    let maleGiven: [[UInt8]]
    let femaleGiven: [[UInt8]]
    let ethnicity: [[UInt8]]
    let ethnicityCum: [Double]
    let religion: [[UInt8]]
    let religionCum: [Double]
    let places: [[UInt8]]
    let from: [[UInt8]]
    let to: [[UInt8]]

    init() {
        func b(_ s: String) -> [UInt8] { Array(s.utf8) }
        family = Vocab.familyNames.map { b($0.0) }
        familyCum = cumulative(Vocab.familyNames.map { $0.1 })
        maleMiddle = Vocab.maleMiddle.map(b)
        femaleMiddle = Vocab.femaleMiddle.map(b)
        maleGiven = Vocab.maleGiven.map(b)
        femaleGiven = Vocab.femaleGiven.map(b)
        ethnicity = Vocab.ethnicities.map { b($0.0) }
        ethnicityCum = cumulative(Vocab.ethnicities.map { $0.1 })
        religion = Vocab.religions.map { b($0.0) }
        religionCum = cumulative(Vocab.religions.map { $0.1 })
        places = Vocab.places.map(b)
        from = Vocab.fromText.map(b)
        to = Vocab.toText.map(b)
    }
}
