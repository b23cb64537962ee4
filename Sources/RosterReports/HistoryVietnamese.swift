import RosterCore

/// `roster history --lang vi`: the audit trail in Vietnamese — the header,
/// the title and each event's one-line summary, with the vocabularies'
/// Vietnamese names and dates as dd/mm/yyyy. Ids, names and free text
/// (reasons, notes) print as recorded.
extension Render {
    static func historyVietnamese(_ h: HistoryReport, unitLabel: (String, Day) -> String = { u, _ in u }, title: String? = nil) -> String {
        let l = Localizer(.vi)
        var rows: [[String]] = [["ngày hiệu lực", "seq", "sự kiện", "nội dung", "ghi nhận lúc", "người ghi", "quyết định", "thu hồi"]]
        for e in h.entries {
            rows.append([l.date(e.event.effective), String(e.seq), e.event.id, summaryVietnamese(e.event, unit: { unitLabel($0, e.event.effective) }),
                         e.event.recorded?.text ?? "", e.event.actor ?? "", e.event.decision ?? "",
                         e.retraction.map { "bởi \($0.id) lúc \($0.recorded?.text ?? "?"): \($0.reason)" } ?? ""])
        }
        let subject = h.subject == .member ? "đảng viên" : "tổ chức đảng"
        var out = "Quá trình của \(subject) \(title ?? h.id) (sổ dữ liệu seq \(h.ledger.seq), hash \(h.ledger.hash.hex))\n"
        out += alignedTable(rows)
        return out
    }

    /// A one-line description of an event in Vietnamese.
    public static func summaryVietnamese(_ e: Event, unit name: (String) -> String = { $0 }) -> String {
        let l = Localizer(.vi)
        func d(_ day: Day) -> String { l.date(day) }
        switch e.body {
        case .unitEstablished(_, let name, let kind, let category, let parent, let place):
            return "thành lập \"\(name)\" (\(l.term(.unitKind, kind.rawValue))\(category.map { ", \(l.term(.unitCategory, $0.rawValue))" } ?? ""))"
                + (parent.map { " trực thuộc \($0)" } ?? "") + (place.map { " tại địa bàn \($0)" } ?? "")
        case .unitRenamed(_, let name): return "đổi tên thành \"\(name)\""
        case .unitReclassified(_, let kind, let category, let place):
            return "thay đổi" + (kind.map { " loại \(l.term(.unitKind, $0.rawValue))" } ?? "")
                + (category.map { " loại hình \(l.term(.unitCategory, $0.rawValue))" } ?? "") + (place.map { " địa bàn \($0)" } ?? "")
        case .unitMoved(let u, let p): return "\(name(u)) chuyển trực thuộc \(name(p))"
        case .unitMerged(let us, let into): return "\(us.map(name).joined(separator: ", ")) hợp nhất vào \(name(into))"
        case .unitDissolved: return "giải thể"
        case .unitRated(_, let year, let rating): return "xếp loại năm \(year): \(l.term(.unitRating, rating.rawValue))"
        case .memberRegistered(_, let u, let p, let status, let admitted, _, _):
            return "đăng ký \(p.name) (\(l.term(.memberStatus, status.rawValue))\(admitted.map { ", kết nạp ngày \(d($0))" } ?? "")) tại \(name(u))"
        case .memberAdmitted(_, let u, let p, _, _): return "kết nạp \(p.name) (sinh ngày \(d(p.birthDate))) vào \(name(u))"
        case .memberReadmitted(_, let u): return "kết nạp lại vào \(name(u))"
        case .memberConfirmed: return "công nhận đảng viên chính thức"
        case .memberTransferred(_, let u): return "chuyển sinh hoạt đến \(name(u))"
        case .memberTransferredIn(_, let u, let p, let status, _, let from, _, _):
            return "chuyển đến \(p.name) (\(l.term(.memberStatus, status.rawValue))) vào \(name(u))\(from.map { " từ \($0)" } ?? "")"
        case .memberTransferredOut(_, let to): return "chuyển sinh hoạt đi\(to.map { " đến \($0)" } ?? "")"
        case .memberExpelled: return "khai trừ"
        case .memberStruckOff(_, let reason): return "xóa tên (\(l.term(.strikeOffReason, reason.rawValue)))"
        case .memberResigned: return "xin ra khỏi Đảng"
        case .memberDied: return "từ trần"
        case .memberDisciplined(_, let penalty): return "kỷ luật: \(l.term(.penalty, penalty.rawValue))"
        case .memberRated(_, let year, let rating): return "xếp loại năm \(year): \(l.term(.memberRating, rating.rawValue))"
        case .memberUpdated(_, let u):
            var parts: [String] = []
            if let v = u.name { parts.append("họ tên \(v)") }
            if let v = u.gender { parts.append("giới tính \(l.term(.gender, v.rawValue))") }
            if let v = u.birthDate { parts.append("ngày sinh \(d(v))") }
            if let v = u.ethnicity { parts.append("dân tộc \(l.term(.ethnicity, v))") }
            if let v = u.religion { parts.append("tôn giáo \(l.term(.religion, v))") }
            if let v = u.education { parts.append("trình độ \(l.term(.education, v.rawValue))") }
            if let v = u.theory { parts.append("lý luận chính trị \(l.term(.theory, v.rawValue))") }
            return "cập nhật " + parts.joined(separator: ", ")
        case .memberExempted: return "miễn sinh hoạt đảng"
        case .memberExemptionEnded: return "thôi miễn sinh hoạt đảng"
        case .memberAwarded(_, let badge): return "trao Huy hiệu \(badge) năm tuổi Đảng"
        case .placeRegistered(let p, let placeName, _, let u): return "đăng ký địa bàn \(p) \"\(placeName)\" thuộc \(name(u))"
        case .placeClosed(let p): return "đóng địa bàn \(p)"
        case .planAdopted(let p, _, let name, let from, let to, let targets):
            return "thông qua kế hoạch \(p) \"\(name)\" giai đoạn \(from)–\(to) (\(targets.count) chỉ tiêu)"
        case .eventRetracted(let t, let reason): return "thu hồi \(t): \(reason)"
        }
    }
}
