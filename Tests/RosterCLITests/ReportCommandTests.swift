import Foundation
import Testing
import RosterCore
import RosterStore

/// The report commands of the built `roster`, on the sample province, as a
/// user runs them: JSON shapes, Vietnamese numbers, series against snapshots.
@Suite(.serialized) struct ReportCommandTests {
    static func sampleLedger() throws -> String {
        let dir = TestPaths.temporaryDirectory("sample")
        try Ledger.create(directory: dir)
        let sample = TestPaths.repository.appendingPathComponent("events/sample")
        for file in try FileManager.default.contentsOfDirectory(atPath: sample.path).sorted() where file.hasSuffix(".jsonl") {
            try appendFile(sample.appendingPathComponent(file).path, to: dir)
        }
        return dir
    }

    func json(_ args: [String]) throws -> JSONObject {
        let run = try EndToEndTests.roster(args)
        #expect(run.code == 0, "\(args): \(run.err)")
        guard case .object(let o) = try JSONParser.parse(run.out) else { throw ReportError("not an object: \(run.out.prefix(200))") }
        return o
    }

    func int(_ v: JSONValue?) -> Int? { if case .number(let n)? = v { return Int(n) }; return nil }

    @Test func seriesPointsEqualSnapshotsAndNarrativeAndVietnameseNumbers() throws {
        let dir = try Self.sampleLedger()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let series = try json(["report", "series", "--ledger", dir, "--from", "2010-12-31", "--to", "2020-12-31", "--every", "year", "--format", "json"])
        guard case .array(let points)? = series["points"] else { Issue.record("no points"); return }
        #expect(points.count == 11)
        for p in points {
            guard case .object(let point) = p, case .string(let at)? = point["at"], case .object(let members)? = point["members"] else {
                Issue.record("bad point \(p)"); continue
            }
            let snap = try json(["report", "snapshot", "--ledger", dir, "--at", at, "--format", "json"])
            guard case .object(let sm)? = snap["members"], case .object(let su)? = snap["units"] else { continue }
            #expect(int(members["total"]) == int(sm["total"]), "\(at)")
            #expect(int(members["full"]) == int(sm["full"]), "\(at)")
            #expect(int(members["probationary"]) == int(sm["probationary"]), "\(at)")
            #expect(int(point["grassroots"]) == int(su["grassroots"]), "\(at)")
        }
        // The narrative's numbers are the report's, in Vietnamese conventions.
        let narrative = try EndToEndTests.roster(["report", "compare", "--ledger", dir, "--from", "2010-12-31", "--to", "2020-12-31", "--narrative", "--lang", "vi"])
        #expect(narrative.code == 0)
        #expect(narrative.out.hasPrefix("Số lượng đảng viên tăng từ 323 (năm 2010) lên 405 (năm 2020), bình quân tăng 2,29 %/năm"), "\(narrative.out.prefix(200))")
        #expect(narrative.out.contains("điểm phần trăm"))
        // Every format of every report answers; CSV and HTML are not empty.
        for format in ["table", "csv", "markdown", "html"] {
            for report in [["report", "snapshot", "--at", "2020-12-31"], ["report", "flows", "--from", "2010-12-31", "--to", "2020-12-31"],
                           ["report", "ratings", "--year", "2020"], ["report", "compare", "--from", "2010-12-31", "--to", "2020-12-31"]] {
                if format == "html" && report[1] != "snapshot" && report[1] != "compare" { continue }
                let run = try EndToEndTests.roster(report + ["--ledger", dir, "--format", format, "--lang", "vi"])
                #expect(run.code == 0 && run.out.count > 100, "\(report) \(format): \(run.err)")
            }
        }
        // A scope that is not active on the date is refused with the reason.
        let refused = try EndToEndTests.roster(["report", "snapshot", "--ledger", dir, "--at", "2007-01-01", "--unit", "TU"])
        #expect(refused.code == 1)
    }
}
