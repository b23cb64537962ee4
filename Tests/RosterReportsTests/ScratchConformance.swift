import Foundation
import Testing
import RosterCore
@testable import RosterReports

@Test func scratchConformance() throws {
    let dir = URL(fileURLWithPath: "/work/shared/conformance")
    let data = try Data(contentsOf: dir.appendingPathComponent("expected.json"))
    guard case .object(let o) = try JSONParser.parse([UInt8](data)), case .array(let reports)? = o["reports"] else { return }
    var table = FactTable()
    var ids: [String: Int64] = [:]
    var seq: Int64 = 0
    var recorded: [Timestamp] = []
    for b in 1...14 {
        let text = try String(contentsOf: dir.appendingPathComponent(String(format: "history/batch-%04d.jsonl", b)), encoding: .utf8)
        for line in text.split(separator: "\n") {
            let d = try EventDecoder.decode(try JSONParser.parse(String(line)))
            seq += 1
            var target: Int64 = -1
            if case .eventRetracted(let t, _) = d.event.body { target = ids[t]! }
            ids[d.event.id] = seq
            table.append(d.event, seq: seq, retractedSeq: target)
            recorded.append(d.event.recorded!)
        }
        var st = LedgerState()
        do { try Timeline(table: table).replay(state: &st) } catch { Issue.record("batch \(b): \(error)") }
    }
    for r in reports {
        guard case .object(let ro) = r, case .array(let a)? = ro["args"], let want = ro["expected"] else { continue }
        let args = a.map { v -> String in if case .string(let s) = v { return s }; return "" }
        func value(_ n: String) -> String? { args.firstIndex(of: "--" + n).map { args[$0 + 1] } }
        var limit = seq
        if let k = value("known-at") { let t = Timestamp(rfc3339: k)!; limit = Int64(recorded.lastIndex { $0 <= t }! + 1) }
        let rep = Reporter(timeline: Timeline(table: table, limit: limit), provenance: Provenance(ledger: LedgerHead(seq: limit, hash: .zero), knownAt: value("known-at")))
        let doc: JSONOutput
        switch args[1] {
        case "snapshot": doc = ReportJSON.snapshot(try rep.snapshot(at: Day(iso: value("at")!)!, unit: value("unit")))
        case "flows": doc = ReportJSON.flows(try rep.flows(from: Day(iso: value("from")!)!, to: Day(iso: value("to")!)!, unit: value("unit")))
        default: doc = ReportJSON.ratings(try rep.ratings(year: Int(value("year")!)!, unit: value("unit")))
        }
        guard case .object(let got) = try JSONParser.parse(doc.serialized()), case .object(let w) = want else { continue }
        for e in w.entries where e.key != "ledger" {
            if got[e.key] != e.value {
                print("DIFF \(args.dropFirst().joined(separator: " ")) \(e.key):\n  want \(e.value)\n  got  \(got[e.key]!)")
            }
        }
    }
}
