import RosterCore
@testable import RosterReports

/// A small province built in memory: events appended to a `FactTable` in
/// log order (some recorded late, out of effective order), then read
/// through a `Timeline` and a `Reporter`.
struct Province {
    var table = FactTable()
    var seq: Int64 = 0

    static func day(_ s: String) -> Day { Day(iso: s)! }

    mutating func add(_ effective: String, _ body: EventBody, decision: String? = nil) {
        seq += 1
        table.append(Event(id: "e-\(seq)", effective: Province.day(effective), decision: decision, body: body), seq: seq)
    }

    func reporter() -> Reporter {
        Reporter(timeline: Timeline(table: table),
                 provenance: Provenance(ledger: LedgerHead(seq: seq, hash: Digest32(hex: String(repeating: "ab", count: 32))!), knownAt: nil))
    }

    static func person(_ name: String, _ birth: String, _ gender: Gender, ethnicity: String? = "Kinh", religion: String? = nil) -> Person {
        Person(name: name, birthDate: day(birth), gender: gender, ethnicity: ethnicity, religion: religion)
    }

    /// Committees, grassroots organisations of several categories, members
    /// of every status; admissions, a late confirmation, transfers, removals
    /// of each kind, a merger, a move, a dissolution, a reclassification.
    /// `scopeName` is the id of the district committee (tests put markup in it).
    static func sample(district: String = "D-1", ethnicity: String = "Tày") -> Province {
        var p = Province()
        p.add("2009-01-01", .unitEstablished(unit: "P", name: "Tỉnh ủy", kind: .committee, category: .partyAgency, parent: nil))
        p.add("2009-01-01", .unitEstablished(unit: district, name: "Huyện ủy", kind: .committee, category: nil, parent: "P"))
        p.add("2009-01-01", .unitEstablished(unit: "G-1", name: "Đảng bộ xã", kind: .grassrootsCommittee, category: .commune, parent: district))
        p.add("2009-01-01", .unitEstablished(unit: "C-1", name: "Chi bộ thôn 1", kind: .cell, category: .village, parent: "G-1"))
        p.add("2009-01-01", .unitEstablished(unit: "G-2", name: "Chi bộ trường", kind: .grassrootsCell, category: .school, parent: district))
        p.add("2009-01-01", .unitEstablished(unit: "G-3", name: "Chi bộ công ty", kind: .grassrootsCell, category: .stateEnterprise, parent: "P"))
        p.add("2010-01-15", .memberRegistered(member: "M-1", unit: "C-1", person: person("An", "1950-03-01", .male), status: .full,
                                              admitted: day("1975-05-01"), education: .university, theory: .advanced))
        p.add("2010-01-15", .memberRegistered(member: "M-2", unit: "C-1", person: person("Bình", "1985-07-09", .female, ethnicity: ethnicity), status: .full,
                                              admitted: nil, education: .postgraduate, theory: .intermediate))
        p.add("2010-01-15", .memberRegistered(member: "M-3", unit: "G-2", person: person("Chi", "1970-11-30", .female, religion: "Phật giáo"), status: .full,
                                              admitted: nil, education: .college, theory: .elementary))
        p.add("2010-01-15", .memberRegistered(member: "M-4", unit: "G-3", person: person("Dũng", "1988-02-29", .male), status: .probationary,
                                              admitted: day("2009-10-01"), education: nil, theory: nil))
        p.add("2010-01-15", .memberRegistered(member: "M-5", unit: "G-3", person: person("Én", "1960-06-06", .female), status: .full,
                                              admitted: nil, education: .intermediate, theory: Theory.none))
        p.add("2010-03-01", .memberRegistered(member: "M-6", unit: "G-2", person: person("Phúc", "1992-12-12", .male), status: .probationary,
                                              admitted: nil, education: .university, theory: Theory.none))
        p.add("2010-10-01", .memberConfirmed(member: "M-4"))
        p.add("2011-05-19", .memberAdmitted(member: "M-7", unit: "C-1", person: person("Giang", "1993-05-19", .female), education: .university, theory: .elementary))
        p.add("2012-01-01", .unitEstablished(unit: "G-5", name: "Chi bộ tạm", kind: .grassrootsCell, category: .other, parent: district))
        // Recorded late: effective before the events above it in the log.
        p.add("2011-03-01", .memberConfirmed(member: "M-6"))
        p.add("2012-06-01", .memberConfirmed(member: "M-7"))
        p.add("2013-02-01", .memberTransferred(member: "M-1", unit: "G-2"))
        p.add("2014-04-04", .memberStruckOff(member: "M-2", reason: .abandonedActivities))
        p.add("2015-08-08", .memberDied(member: "M-3"))
        p.add("2016-01-01", .unitMerged(units: ["G-3"], into: "G-2"))
        p.add("2017-03-01", .unitEstablished(unit: "G-4", name: "Chi bộ doanh nghiệp", kind: .grassrootsCell, category: .privateEnterprise, parent: "P"))
        p.add("2017-09-01", .unitMoved(unit: "G-2", parent: "P"))
        p.add("2018-05-05", .unitDissolved(unit: "G-5"))
        p.add("2018-07-01", .unitReclassified(unit: "G-4", kind: nil, category: .foreignInvestedEnterprise))
        p.add("2019-02-02", .memberAdmitted(member: "M-8", unit: "G-4", person: person("Hà", "1999-01-01", .female), education: .college, theory: nil))
        p.add("2019-03-03", .memberAdmitted(member: "M-9", unit: "C-1", person: person("Khoa", "1996-04-04", .male), education: .university, theory: .elementary))
        p.add("2019-06-01", .memberTransferredOut(member: "M-5", to: "Tỉnh khác"))
        p.add("2020-02-02", .memberExpelled(member: "M-4"))
        p.add("2020-03-01", .memberTransferredIn(member: "M-10", unit: "C-1", person: person("Lan", "1980-08-08", .female), status: .full,
                                                  admitted: day("2005-01-01"), from: "Hà Nội", education: .postgraduate, theory: .advanced))
        p.add("2020-04-01", .memberUpdated(member: "M-1", update: MemberUpdate(education: .postgraduate)))
        p.add("2020-05-01", .memberDisciplined(member: "M-9", penalty: .reprimand))
        return p
    }
}

/// An RFC 4180 reader, independent of the renderer, for round trips.
enum CSVReader {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var field = "", record: [String] = []
        var quoted = false, afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false; afterQuote = true }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": record.append(field); field = ""; afterQuote = false
            case "\r" where chars.first == "\n":
                chars.removeFirst()
                record.append(field); records.append(record); field = ""; record = []; afterQuote = false
            case "\n":
                record.append(field); records.append(record); field = ""; record = []; afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
