import RosterCore

/// `roster check` as a table, in English or Vietnamese. The core gives each
/// warning its code and figures; the words are made here.
extension Render {
    public static func check(_ r: CharterCheckReport, language: Language,
                             unitLabel: (String) -> String = { $0 }) -> String {
        let vi = language == .vi
        let count = r.warnings.count
        var out: String
        if vi {
            let date = Localizer(.vi).date(r.at)
            out = "Kiểm tra ngày \(date)\(r.unit.map { " tại \(unitLabel($0))" } ?? ""): "
                + (count == 0 ? "không có cảnh báo" : "\(count) cảnh báo") + " (sổ dữ liệu seq \(r.provenance.ledger.seq))\n"
        } else {
            out = "check on \(r.at)\(r.unit.map { " for \(unitLabel($0))" } ?? ""): \(count == 0 ? "no" : String(count)) warning\(count == 1 ? "" : "s")"
                + " (ledger seq \(r.provenance.ledger.seq))\n"
        }
        guard count > 0 else { return out }
        let rows = r.warnings.map { w in
            [vi ? codeVietnamese(w.code) : w.code.rawValue, unitLabel(w.unit), w.subjectKind == "member" ? w.subject : "-",
             vi ? reasonVietnamese(w) : w.message]
        }
        let header = vi ? ["cảnh báo", "tổ chức", "đảng viên", "lý do"] : ["warning", "unit", "member", "reason"]
        var widths = header.map(\.count)
        for row in rows { for i in 0..<3 { widths[i] = max(widths[i], row[i].count) } }
        func line(_ cells: [String]) -> String {
            (0..<3).map { cells[$0] + String(repeating: " ", count: widths[$0] - cells[$0].count + 2) }.joined() + cells[3] + "\n"
        }
        out += line(header)
        for row in rows { out += line(row) }
        return out
    }

    static func codeVietnamese(_ code: CharterWarning.Code) -> String {
        switch code {
        case .cellTooSmall: "chi bộ ít đảng viên chính thức"
        case .cellTooLarge: "chi bộ cơ sở quá đông"
        case .emptyUnit: "chi bộ không có đảng viên"
        case .probationOverdue: "quá hạn công nhận chính thức"
        case .admittedOver60WithoutDecision: "kết nạp trên 60 tuổi chưa có quyết định"
        case .excellentOverQuota: "vượt tỷ lệ hoàn thành xuất sắc"
        }
    }

    /// The warning's reason in Vietnamese, from its figures.
    static func reasonVietnamese(_ w: CharterWarning) -> String {
        let f = w.figures
        let l = Localizer(.vi)
        func day(_ key: String) -> String { f[key].flatMap { Day(iso: $0) }.map(l.date) ?? "?" }
        let kind = f["kind"].map { l.term(.unitKind, $0) } ?? ""
        switch w.code {
        case .emptyUnit:
            return "\(kind) \(w.subject) không có đảng viên"
        case .cellTooSmall:
            return "\(kind) \(w.subject) có \(f["full"] ?? "?") đảng viên chính thức (tổng số \(f["total"] ?? "?")); chi bộ cần ít nhất \(f["limit"] ?? "?") đảng viên chính thức"
        case .cellTooLarge:
            return "chi bộ cơ sở \(w.subject) có \(f["total"] ?? "?") đảng viên; từ \(f["limit"] ?? "?") đảng viên nên nâng lên đảng bộ cơ sở"
        case .probationOverdue:
            return "đảng viên dự bị \(w.subject): dự bị từ \(day("began")), hết 12 tháng ngày \(day("due")); chưa được công nhận chính thức hoặc xóa tên"
        case .admittedOver60WithoutDecision:
            return "đảng viên \(w.subject) được kết nạp ngày \(day("admitted")) khi \(f["age"] ?? "?") tuổi, không có số quyết định"
        case .excellentOverQuota:
            return "\(w.subject): năm \(f["year"] ?? "?") có \(f["excellent"] ?? "?") đảng viên hoàn thành xuất sắc nhiệm vụ so với \(f["good"] ?? "?") hoàn thành tốt nhiệm vụ; số xuất sắc không quá \(f["percent"] ?? "?") % số hoàn thành tốt"
        }
    }
}
