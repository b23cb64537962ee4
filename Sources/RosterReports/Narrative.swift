import RosterCore

/// `roster report compare --narrative`: the comparison as the paragraph of a
/// provincial ten-year review, every number taken from the report.
///
/// - growth of the membership as a compound annual rate over the years
///   between the two dates;
/// - shares with two decimals, as part/whole (share %);
/// - changes of shares in percentage points (never as "%"), computed from
///   the exact fractions;
/// - age (the youngest and the oldest band), education, political theory,
///   women, the categories of cells, grassroots organisations, and the flows
///   between the dates (admitted, confirmed, transfers, struck off by reason,
///   expelled, resigned, died; grassroots organisations established,
///   dissolved, merged).
public enum Narrative {
    public static func compare(_ r: CompareReport, language: Language) -> String {
        Writer(r, language).paragraph()
    }
}

private struct Writer {
    let r: CompareReport
    let vi: Bool
    let l: Localizer
    let n: NumberFormat

    init(_ r: CompareReport, _ language: Language) {
        self.r = r
        vi = language == .vi
        l = Localizer(language)
        n = NumberFormat(language)
    }

    var a: SnapshotReport { r.from }
    var b: SnapshotReport { r.to }

    func int(_ x: Int) -> String { n.integer(x) }

    /// "(năm 2010)" / "(2010)" for a year's last day, else the date.
    func when(_ d: Day) -> String {
        let c = d.components
        if c.month == 12 && c.day == 31 { return vi ? "năm \(c.year)" : "\(c.year)" }
        return vi ? "ngày \(l.date(d))" : l.date(d)
    }

    /// "in 2010" / "năm 2010".
    func inWhen(_ d: Day) -> String {
        let c = d.components
        if c.month == 12 && c.day == 31 { return vi ? "năm \(c.year)" : "in \(c.year)" }
        return vi ? "ngày \(l.date(d))" : "on \(l.date(d))"
    }

    func lowerFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.lowercased() + s.dropFirst()
    }

    /// "231/7.786 (chiếm 2,97 %)" / "231/7,786 (2.97 %)".
    func part(_ x: Int, of whole: Int) -> String {
        guard whole > 0 else { return int(x) }
        let share = n.share(x, of: whole, decimals: 2)
        return vi ? "\(int(x))/\(int(whole)) (chiếm \(share))" : "\(int(x))/\(int(whole)) (\(share))"
    }

    /// "tăng 12,28 điểm phần trăm" / "up 12.28 percentage points".
    func pointsChange(_ x: Int, _ xWhole: Int, _ y: Int, _ yWhole: Int) -> String? {
        guard let scaled = NumberFormat.pointsScaled(from: x, of: xWhole, to: y, of: yWhole, decimals: 2) else { return nil }
        let size = n.fixed(scaled: abs(scaled), decimals: 2)
        if scaled == 0 { return vi ? "không thay đổi" : "unchanged" }
        if vi { return "\(scaled > 0 ? "tăng" : "giảm") \(size) điểm phần trăm" }
        return "\(scaled > 0 ? "up" : "down") \(size) percentage points"
    }

    /// One indicator at both dates and its change, e.g.
    /// "trên đại học năm 2010 là 231/7.786 (chiếm 2,97 %), năm 2020 là 1.250/8.197 (chiếm 15,25 %), tăng 12,28 điểm phần trăm".
    func indicator(_ name: String, _ x: Int, _ xWhole: Int, _ y: Int, _ yWhole: Int) -> String {
        let change = pointsChange(x, xWhole, y, yWhole)
        if vi {
            var s = "\(name) \(inWhen(a.at)) là \(part(x, of: xWhole)), \(inWhen(b.at)) là \(part(y, of: yWhole))"
            if let change { s += ", \(change)" }
            return s
        }
        var s = "\(name): \(part(x, of: xWhole)) \(inWhen(a.at)) and \(part(y, of: yWhole)) \(inWhen(b.at))"
        if let change { s += ", \(change)" }
        return s
    }

    func sentence(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst() + "."
    }

    // MARK: sentences

    func paragraph() -> String {
        var sentences = [membership()]
        sentences.append(age())
        sentences.append(education())
        sentences.append(theory())
        sentences.append(women())
        if let c = categories() { sentences.append(c) }
        sentences.append(grassroots())
        sentences.append(flows())
        return sentences.joined(separator: " ")
    }

    func membership() -> String {
        let years = NumberFormat.years(from: a.at, to: b.at)
        let rate = NumberFormat.compoundAnnualGrowth(from: a.total, to: b.total, years: years)
        let rateText = rate.map { n.percent(abs($0), decimals: 2) }
        var s: String
        if vi {
            if b.total == a.total {
                s = "Số lượng đảng viên không thay đổi: \(int(a.total)) (\(when(a.at))) và \(int(b.total)) (\(when(b.at)))"
            } else {
                let up = b.total > a.total
                s = "Số lượng đảng viên \(up ? "tăng" : "giảm") từ \(int(a.total)) (\(when(a.at))) \(up ? "lên" : "xuống") \(int(b.total)) (\(when(b.at)))"
                if let rateText { s += ", bình quân \(up ? "tăng" : "giảm") \(rateText)/năm" }
            }
            s += "; \(inWhen(b.at)) có \(int(b.full)) đảng viên chính thức và \(int(b.probationary)) đảng viên dự bị"
        } else {
            if b.total == a.total {
                s = "The number of party members was unchanged: \(int(a.total)) (\(when(a.at))) and \(int(b.total)) (\(when(b.at)))"
            } else {
                let up = b.total > a.total
                s = "The number of party members \(up ? "rose" : "fell") from \(int(a.total)) (\(when(a.at))) to \(int(b.total)) (\(when(b.at)))"
                if let rateText { s += ", an average \(up ? "growth" : "decline") of \(rateText) a year" }
            }
            s += "; \(inWhen(b.at)), \(int(b.full)) were full members and \(int(b.probationary)) probationary"
        }
        return sentence(s)
    }

    func age() -> String {
        let keys = b.byAge.entries.map(\.key)
        guard let young = keys.first, let old = keys.last, keys.count >= 2 else { return "" }
        let youngBound = young.split(separator: "-").last.map(String.init) ?? young
        let oldBound = String(old.dropLast(old.hasSuffix("+") ? 1 : 0))
        let y = indicator(vi ? "đảng viên từ \(youngBound) tuổi trở xuống" : "members aged \(youngBound) or under",
                          a.byAge[young], a.total, b.byAge[young], b.total)
        let o = indicator(vi ? "đảng viên từ \(oldBound) tuổi trở lên" : "members aged \(oldBound) or over",
                          a.byAge[old], a.total, b.byAge[old], b.total)
        return sentence(vi ? "về độ tuổi, \(y); \(o)" : "by age, \(y); \(o)")
    }

    func education() -> String {
        let parts = ["postgraduate", "university"].map { key in
            indicator(vi ? "trình độ \(lowerFirst(l.term(.education, key)))" : "\(lowerFirst(l.term(.education, key))) education",
                      a.byEducation[key], a.total, b.byEducation[key], b.total)
        }
        return sentence(parts.joined(separator: "; "))
    }

    func theory() -> String {
        let parts = ["advanced", "intermediate"].map { key in
            indicator(vi ? lowerFirst(l.term(.theory, key)) : "\(lowerFirst(l.term(.theory, key))) political theory",
                      a.byTheory[key], a.total, b.byTheory[key], b.total)
        }
        return sentence(vi ? "về lý luận chính trị, trình độ \(parts.joined(separator: "; trình độ "))"
                           : parts.joined(separator: "; "))
    }

    func women() -> String {
        sentence(indicator(vi ? "đảng viên nữ" : "women", a.byGender["female"], a.total, b.byGender["female"], b.total))
    }

    /// The two largest categories of cells at the second date, and of the
    /// others the one whose share moved most.
    func categories() -> String? {
        let known = b.byCategory.entries.filter { $0.key != "unknown" && ($0.count > 0 || a.byCategory[$0.key] > 0) }
        guard !known.isEmpty else { return nil }
        var chosen = Array(known.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }.prefix(2).map(\.key))
        if a.total > 0 && b.total > 0 {
            let moved = known.filter { !chosen.contains($0.key) }.max { x, y in
                abs(NumberFormat.pointsScaled(from: a.byCategory[x.key], of: a.total, to: x.count, of: b.total, decimals: 4) ?? 0)
                    < abs(NumberFormat.pointsScaled(from: a.byCategory[y.key], of: a.total, to: y.count, of: b.total, decimals: 4) ?? 0)
            }
            if let moved { chosen.append(moved.key) }
        }
        let parts = chosen.map { key in
            indicator(lowerFirst(l.term(.unitCategory, key)), a.byCategory[key], a.total, b.byCategory[key], b.total)
        }
        return sentence(vi ? "theo loại hình tổ chức, đảng viên thuộc \(parts.joined(separator: "; "))"
                           : "by the category of their cell: \(parts.joined(separator: "; "))")
    }

    func fromTo(_ x: Int, _ y: Int) -> String {
        if vi { return x == y ? "giữ nguyên \(int(x))" : "từ \(int(x)) \(y > x ? "lên" : "xuống") \(int(y))" }
        return x == y ? "unchanged at \(int(x))" : "from \(int(x)) to \(int(y))"
    }

    func grassroots() -> String {
        let (x, y) = (a.grassroots, b.grassroots)
        var s: String
        if vi {
            s = x == y ? "tổng số tổ chức cơ sở đảng giữ nguyên \(int(x)) (\(when(a.at)) và \(when(b.at)))"
                       : "tổng số tổ chức cơ sở đảng \(y > x ? "tăng" : "giảm") từ \(int(x)) (\(when(a.at))) \(y > x ? "lên" : "xuống") \(int(y)) (\(when(b.at)))"
        } else {
            s = x == y ? "grassroots organisations numbered \(int(x)) in both \(when(a.at)) and \(when(b.at))"
                       : "grassroots organisations went from \(int(x)) (\(when(a.at))) to \(int(y)) (\(when(b.at)))"
        }
        let kinds = ["grassroots-committee", "grassroots-cell"].map { k in
            "\(lowerFirst(l.term(.unitKind, k))) \(fromTo(a.unitsByKind[k], b.unitsByKind[k]))"
        }
        s += vi ? ", trong đó \(kinds.joined(separator: ", "))" : ", of which \(kinds.joined(separator: ", "))"
        let top = b.grassrootsByCategory.entries.filter { $0.key != "unknown" }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }.first
        if let top, top.count > 0 {
            let name = lowerFirst(l.term(.unitCategory, top.key))
            s += vi ? "; nhiều nhất là loại hình \(name): \(part(top.count, of: b.grassroots)) \(inWhen(b.at))"
                    : "; the largest category is \(name), \(part(top.count, of: b.grassroots)) \(inWhen(b.at))"
        }
        return sentence(s)
    }

    func period() -> String {
        let (x, y) = (a.at.components, b.at.components)
        if x.month == 12 && x.day == 31 && y.month == 12 && y.day == 31 && y.year > x.year {
            if y.year == x.year + 1 { return vi ? "trong năm \(y.year)" : "in \(y.year)" }
            return vi ? "trong giai đoạn \(x.year + 1)–\(y.year)" : "between \(x.year + 1) and \(y.year)"
        }
        return vi ? "từ ngày \(l.date(a.at)) đến ngày \(l.date(b.at))" : "from \(l.date(a.at)) to \(l.date(b.at))"
    }

    func flows() -> String {
        let f = r.flows
        let reasons = f.struckOffByReason.entries.filter { $0.count > 0 }
            .map { "\(lowerFirst(l.term(.strikeOffReason, $0.key))) \(int($0.count))" }
        let struck = int(f.outflow["struckOff"]) + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        var unitParts: [String] = []
        for (key, vi1, en1) in [("established", "thành lập mới", "established"), ("dissolved", "giải thể", "dissolved"),
                                ("merged", "hợp nhất", "merged")] where f.units[key] > 0 {
            unitParts.append(vi ? "\(vi1) \(int(f.units[key]))" : "\(int(f.units[key])) \(en1)")
        }
        if vi {
            var s = "\(period()), đã kết nạp \(int(f.inflow["admitted"])) đảng viên"
            if f.inflow["readmitted"] > 0 { s += ", kết nạp lại \(int(f.inflow["readmitted"]))" }
            s += ", công nhận chính thức \(int(f.confirmed)) đảng viên"
            s += "; chuyển sinh hoạt đến \(int(f.inflow["transferredIn"])), chuyển đi \(int(f.outflow["transferredOut"]))"
            if f.inflow["movedIn"] > 0 || f.outflow["movedOut"] > 0 {
                s += ", chuyển vào phạm vi \(int(f.inflow["movedIn"])), chuyển ra \(int(f.outflow["movedOut"]))"
            }
            s += "; xóa tên \(struck), khai trừ \(int(f.outflow["expelled"]))"
            if f.outflow["resigned"] > 0 { s += ", xin ra khỏi Đảng \(int(f.outflow["resigned"]))" }
            s += ", từ trần \(int(f.outflow["died"]))"
            if f.disciplined > 0 { s += "; thi hành kỷ luật \(int(f.disciplined)) đảng viên" }
            if !unitParts.isEmpty { s += "; tổ chức cơ sở đảng: \(unitParts.joined(separator: ", "))" }
            return sentence(s)
        }
        var s = "\(period()), \(int(f.inflow["admitted"])) members were admitted"
        if f.inflow["readmitted"] > 0 { s += " and \(int(f.inflow["readmitted"])) readmitted" }
        s += ", and \(int(f.confirmed)) confirmed as full members"
        s += "; transferred in \(int(f.inflow["transferredIn"])), transferred out \(int(f.outflow["transferredOut"]))"
        if f.inflow["movedIn"] > 0 || f.outflow["movedOut"] > 0 {
            s += ", moved into the scope \(int(f.inflow["movedIn"])), moved out of it \(int(f.outflow["movedOut"]))"
        }
        s += "; struck off \(struck), expelled \(int(f.outflow["expelled"]))"
        if f.outflow["resigned"] > 0 { s += ", resigned \(int(f.outflow["resigned"]))" }
        s += ", died \(int(f.outflow["died"]))"
        if f.disciplined > 0 { s += "; disciplined \(int(f.disciplined))" }
        if !unitParts.isEmpty { s += "; grassroots organisations: \(unitParts.joined(separator: ", "))" }
        return sentence(s)
    }
}
