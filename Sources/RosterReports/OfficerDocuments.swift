import RosterCore

/// The documents (table, CSV, Markdown, HTML) of the officers' reports, with
/// the official Vietnamese labels of the forms and of the badge rounds.
struct OfficerLabels {
    let vi: Bool
    init(_ language: Language) { vi = language == .vi }
    func pick(_ en: String, _ vi: String) -> String { self.vi ? vi : en }

    // Form 1.
    func form1Row(_ key: String) -> String {
        let labels: [String: (String, String)] = [
            "start": ("Members at the start", "Số đảng viên đầu kỳ"),
            "increase": ("Increase", "Tăng"),
            "registered": ("Registered (opening balance)", "Ghi nhận ban đầu"),
            "admitted": ("Admitted", "Kết nạp"),
            "readmitted": ("Readmitted", "Phục hồi đảng tịch"),
            "transferredIn": ("Transferred in", "Chuyển đến"),
            "movedIn": ("Moved in with their unit or cell", "Chuyển đến trong đảng bộ"),
            "decrease": ("Decrease", "Giảm"),
            "died": ("Died", "Từ trần"),
            "expelled": ("Expelled", "Khai trừ"),
            "struckOff": ("Struck off", "Xóa tên"),
            "struckOffProbationary": ("of whom probationary", "trong đó: dự bị"),
            "resigned": ("Resigned", "Xin ra khỏi Đảng"),
            "transferredOut": ("Transferred out", "Chuyển đi"),
            "movedOut": ("Moved out with their unit or cell", "Chuyển đi trong đảng bộ"),
            "end": ("Members at the end", "Số đảng viên cuối kỳ"),
        ]
        return labels[key].map { pick($0.0, $0.1) } ?? key
    }

    // Form 3.
    func form3Row(_ key: String) -> String {
        if key.hasPrefix("partyAge"), let n = Int(key.dropFirst("partyAge".count)) {
            return pick("Party age \(n) years or more", "Tuổi đảng từ \(n) năm trở lên")
        }
        let labels: [String: (String, String)] = [
            "total": ("Members", "Tổng số đảng viên"),
            "women": ("Women", "Đảng viên nữ"),
            "probationary": ("Probationary", "Đảng viên dự bị"),
            "ethnicMinority": ("Ethnic minorities", "Dân tộc thiểu số"),
            "religious": ("Religious", "Có đạo"),
        ]
        return labels[key].map { pick($0.0, $0.1) } ?? key
    }

    func period(_ key: String) -> String {
        let labels: [String: (String, String)] = [
            "before-1945-08-19": ("Before 19 August 1945", "Trước 19/8/1945"),
            "1945-08-19..1954-07-20": ("19 August 1945 – 20 July 1954", "Từ 19/8/1945 đến 20/7/1954"),
            "1954-07-21..1975-04-30": ("21 July 1954 – 30 April 1975", "Từ 21/7/1954 đến 30/4/1975"),
            "from-1975-05-01": ("From 1 May 1975", "Từ 1/5/1975 đến nay"),
            "unknown": ("Unknown", "Chưa rõ"),
        ]
        return labels[key].map { pick($0.0, $0.1) } ?? key
    }

    // Badges.
    func badge(_ years: Int) -> String { pick("\(years)-year party badge", "Huy hiệu \(years) năm tuổi Đảng") }
    /// "Round of 19 May 2026" / "Đợt 19/5/2026".
    func round(_ d: Day) -> String {
        let c = d.components
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return pick("Round of \(c.day) \(months[c.month - 1]) \(c.year)", "Đợt \(c.day)/\(c.month)/\(c.year)")
    }
}

extension DocumentBuilder {
    var o: OfficerLabels { OfficerLabels(l.language) }

    func text(_ s: String?) -> ReportDocument.Cell { .text(s ?? "") }
    func day(_ d: Day?) -> ReportDocument.Cell { .text(d.map { l.date($0) } ?? "") }

    // MARK: badges

    func badges(_ r: BadgeRoundReport) -> ReportDocument {
        func section(_ id: String, _ title: String, _ rows: [BadgeRoundReport.Row], until: Bool) -> ReportDocument.Section {
            // The row's label is the member id (the first column of a table).
            var columns: [ReportDocument.Column] = [
                .init(id: "name", title: o.pick("Name", "Họ và tên")),
                .init(id: "unit", title: o.pick("Cell", "Chi bộ")), .init(id: "admitted", title: o.pick("Admitted", "Ngày vào Đảng")),
                .init(id: "badge", title: o.pick("Badge", "Huy hiệu")), .init(id: "reached", title: o.pick("Reached", "Ngày đủ tuổi Đảng")),
            ]
            if until { columns.append(.init(id: "until", title: o.pick("Held until", "Hoãn đến"))) }
            return .init(id: id, title: title, columns: columns, rows: rows.map { x in
                var cells: [ReportDocument.Cell] = [text(x.name), text(x.unit), day(x.admitted),
                                                    text(o.badge(x.badge)), day(x.reached)]
                if until { cells.append(day(x.until)) }
                return .init(key: x.member, label: x.member, cells: cells)
            })
        }
        let counts: [ReportDocument.Column] = [.init(id: "due", title: o.pick("Due", "Đến hạn")),
                                               .init(id: "overdue", title: o.pick("Overdue", "Quá hạn")),
                                               .init(id: "deferred", title: o.pick("Deferred", "Tạm hoãn"))]
        let (due, overdue, deferred) = (BadgeRoundReport.counts(r.due), BadgeRoundReport.counts(r.overdue), BadgeRoundReport.counts(r.deferred))
        let countRows: [ReportDocument.Row] = PartyAge.badges.map { b in
            let k = String(b)
            return .init(key: k, label: o.badge(b), cells: [.count(due[k]), .count(overdue[k]), .count(deferred[k])])
        }
        return ReportDocument(
            kind: "badges", title: o.pick("Party badges", "Huy hiệu Đảng") + " — " + o.round(r.round),
            meta: [dateItem("round", o.pick("round", "đợt"), r.round), dateItem("previous", o.pick("previous round", "đợt trước"), r.previous)]
                + provenance(r.provenance, unit: r.unit),
            sections: [section("due", o.pick("Due this round", "Đến hạn xét tặng trong đợt"), r.due, until: false),
                       section("overdue", o.pick("Overdue (reached earlier, not awarded)", "Quá hạn, chưa được tặng"), r.overdue, until: false),
                       section("deferred", o.pick("Deferred by a discipline", "Tạm hoãn do kỷ luật"), r.deferred, until: true),
                       .init(id: "counts", title: o.pick("Counts by badge", "Tổng hợp theo loại huy hiệu"), columns: counts, rows: countRows)])
    }

    // MARK: form 1

    func form1(_ r: Form1Report) -> ReportDocument {
        let period = l.text(.fromTo).replacing("%1", with: l.date(r.from)).replacing("%2", with: l.date(r.to))
        let earlier = l.text(.fromTo).replacing("%1", with: l.date(r.earlierFrom)).replacing("%2", with: l.date(r.earlierTo))
        let columns: [ReportDocument.Column] = [.init(id: "this", title: o.pick("This period", "Kỳ này")),
                                                .init(id: "earlier", title: o.pick("Same period a year earlier", "Cùng kỳ năm trước")),
                                                .init(id: "percent", title: o.pick("Percent", "Tỷ lệ %"))]
        let strong: Set<String> = ["start", "increase", "decrease", "end"]
        let rows: [ReportDocument.Row] = r.rows.map { x in
            .init(key: x.key, label: o.form1Row(x.key), cells: [.count(x.this), .count(x.earlier), .share(x.this, of: x.earlier)],
                  strong: strong.contains(x.key))
        }
        return ReportDocument(
            kind: "form1", title: o.pick("Form 1: increase and decrease of party members", "Mẫu 1: Tăng, giảm đảng viên") + " " + period,
            meta: [dateItem("from", l.text(.fromDate), r.from), dateItem("to", l.text(.toDate), r.to),
                   .init(key: "earlier", label: o.pick("same period a year earlier", "cùng kỳ năm trước"),
                         value: "\(r.earlierFrom)..\(r.earlierTo)", display: earlier)]
                + provenance(r.provenance, unit: r.unit),
            sections: [.init(id: "rows", title: o.pick("Start + increase − decrease = end", "Đầu kỳ + tăng − giảm = cuối kỳ"), columns: columns, rows: rows)])
    }

    // MARK: form 3

    func form3(_ r: Form3Report) -> ReportDocument {
        func section(_ id: String, _ title: String, _ t: Tally, _ label: (String) -> String) -> ReportDocument.Section {
            .init(id: id, title: title, columns: countShare, rows: t.entries.map {
                .init(key: $0.key, label: label($0.key), cells: [.count($0.count), .share($0.count, of: r.total)], strong: $0.key == "total")
            })
        }
        var age = section("byAge", l.text(.byAge), r.byAge, { l.ageBand($0) })
        age.rows.append(.init(key: "averageAge", label: o.pick("Average age", "Tuổi bình quân"), cells: [.tenths(r.averageAgeTenths), .empty]))
        return ReportDocument(
            kind: "form3", title: o.pick("Form 3: party members on", "Mẫu 3: Đảng viên tại ngày") + " " + l.date(r.at),
            meta: [dateItem("at", l.text(.atDate), r.at)] + provenance(r.provenance, unit: r.unit),
            sections: [section("rows", l.text(.members), r.rows, o.form3Row), age,
                       section("byAdmissionPeriod", o.pick("Admitted", "Thời kỳ vào Đảng"), r.byAdmissionPeriod, o.period),
                       section("byEducation", l.text(.byEducation), r.byEducation, { l.term(.education, $0) }),
                       section("byTheory", l.text(.byTheory), r.byTheory, { l.term(.theory, $0) })])
    }

    // MARK: members

    static let memberColumns = ["member", "name", "unit", "status", "exempted", "birthDate", "gender", "education",
                                "theory", "ethnicity", "religion", "admitted", "partyAge"]

    func memberColumnTitle(_ id: String) -> String {
        let titles: [String: (String, String)] = [
            "member": ("Member", "Mã đảng viên"), "name": ("Name", "Họ và tên"), "unit": ("Cell", "Chi bộ"),
            "status": ("Status", "Loại đảng viên"), "exempted": ("Exempted", "Miễn sinh hoạt"), "birthDate": ("Born", "Ngày sinh"),
            "gender": ("Gender", "Giới tính"), "education": ("Qualification", "Chuyên môn"), "theory": ("Political theory", "Lý luận chính trị"),
            "ethnicity": ("Ethnicity", "Dân tộc"), "religion": ("Religion", "Tôn giáo"), "admitted": ("Admitted", "Ngày vào Đảng"),
            "partyAge": ("Party age", "Tuổi đảng"),
        ]
        return titles[id].map { o.pick($0.0, $0.1) } ?? id
    }

    func memberCells(_ x: MembersReport.Row) -> [ReportDocument.Cell] {
        [text(x.member), text(x.name), text(x.unit), text(l.term(.memberStatus, x.status.rawValue)),
         text(x.exempted ? o.pick("yes", "có") : ""), day(x.birthDate),
         text(x.gender.map { l.term(.gender, $0.rawValue) }), text(x.education.map { l.term(.education, $0.rawValue) }),
         text(x.theory.map { l.term(.theory, $0.rawValue) }), text(x.ethnicity), text(x.religion), day(x.admitted),
         x.partyAge.map { .count($0) } ?? .empty]
    }

    func members(_ r: MembersReport) -> ReportDocument {
        let filters = r.filters.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return ReportDocument(
            kind: "members", title: o.pick("Party members on", "Danh sách đảng viên ngày") + " " + l.date(r.at),
            meta: [dateItem("at", l.text(.atDate), r.at),
                   .init(key: "where", label: o.pick("where", "điều kiện"), value: filters, display: filters.isEmpty ? "—" : filters),
                   .init(key: "count", label: l.text(.count), value: String(r.rows.count), display: l.numbers.integer(r.rows.count))]
                + provenance(r.provenance, unit: r.unit),
            // The row's label is the member id (the first column of a table).
            sections: [.init(id: "members", title: memberColumnTitle("member"),
                             columns: DocumentBuilder.memberColumns.dropFirst().map { .init(id: $0, title: memberColumnTitle($0)) },
                             rows: r.rows.map { .init(key: $0.member, label: $0.member, cells: Array(memberCells($0).dropFirst())) })])
    }

    // MARK: ratings shares

    func sharesSection(_ id: String, _ title: String, _ s: RatingShares) -> ReportDocument.Section {
        var rows: [ReportDocument.Row] = [
            .init(key: "eligible", label: o.pick("Eligible", "Tổng số phải đánh giá"), cells: [.count(s.eligible), .empty], strong: true),
            .init(key: "rated", label: o.pick("Rated", "Đã đánh giá, xếp loại"), cells: [.count(s.rated), .share(s.rated, of: s.eligible)]),
            .init(key: "notRated", label: o.pick("Not rated", "Chưa đánh giá, xếp loại"), cells: [.count(s.notRated), .share(s.notRated, of: s.eligible)]),
        ]
        if let e = s.exempted {
            rows.append(.init(key: "exempted", label: o.pick("Exempted", "Miễn sinh hoạt"), cells: [.count(e), .share(e, of: s.eligible)]))
        }
        rows += [
            .init(key: "goodOrBetter", label: o.pick("Completed duties well or better", "Hoàn thành tốt nhiệm vụ trở lên"),
                  cells: [.count(s.goodOrBetter), .share(s.goodOrBetter, of: s.rated)]),
            .init(key: "excellent", label: o.pick("Completed duties excellently", "Hoàn thành xuất sắc nhiệm vụ"),
                  cells: [.count(s.excellent), .share(s.excellent, of: s.rated)]),
            .init(key: "weak", label: o.pick("Weak / did not complete duties", "Yếu kém / không hoàn thành nhiệm vụ"),
                  cells: [.count(s.weak), .share(s.weak, of: s.rated)]),
        ]
        return .init(id: id, title: title, columns: countShare, rows: rows)
    }
}
