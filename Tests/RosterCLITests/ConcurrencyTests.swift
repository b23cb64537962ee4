import Foundation
import Testing
import RosterCore
import RosterStore

/// Two `roster append` processes at once, many times: both batches land,
/// one after the other (never interleaved, never lost), the chain is valid
/// and `verify` passes; a reader started at the same time sees a committed
/// head — before both, after one, or after both.
@Suite(.serialized) struct ConcurrencyTests {
    static func start(_ args: [String]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return (p, out, err)
    }

    static func finish(_ run: (Process, Pipe, Pipe)) -> EndToEndTests.Run {
        let o = run.1.fileHandleForReading.readDataToEndOfFile()
        let e = run.2.fileHandleForReading.readDataToEndOfFile()
        run.0.waitUntilExit()
        return EndToEndTests.Run(code: run.0.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    @Test func twoAppendersAtOnceBothLandInSomeOrder() throws {
        #expect(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary), "build roster first (swift build)")
        let dir = TestPaths.temporaryDirectory("concurrent")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try EndToEndTests.roster(["init", "--ledger", dir]).code == 0)
        let units = AppendTests.units.split(separator: "\n").prefix(3).joined(separator: "\n")
        #expect(try EndToEndTests.roster(["append", "--ledger", dir, "-"], stdin: units).code == 0)
        let perBatch = 150
        var seq = 3
        for round in 0..<20 {
            // Two batches that are valid in either order: members registered
            // in different cells.
            var files: [String] = []
            for (name, cell) in [("a", "C"), ("b", "C2")] {
                var text = ""
                for i in 0..<perBatch {
                    text += #"{"id":"\#(name)\#(round)-\#(i)","type":"member.registered","effective":"2015-01-01","member":"\#(name.uppercased())\#(round)-\#(i)","unit":"\#(cell)","status":"full","person":{"name":"Người \#(i)","birthDate":"1980-01-01","gender":"female"}}"# + "\n"
                }
                let file = "\(dir)-\(name)\(round).jsonl"
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                files.append(file)
            }
            defer { files.forEach { try? FileManager.default.removeItem(atPath: $0) } }
            let a = try Self.start(["append", "--ledger", dir, files[0]])
            let b = try Self.start(["append", "--ledger", dir, files[1]])
            let reader = try Self.start(["verify", "--ledger", dir])
            let (ra, rb, rv) = (Self.finish(a), Self.finish(b), Self.finish(reader))
            #expect(ra.code == 0 && rb.code == 0, "round \(round): \(ra.err) \(rb.err)")
            // The reader saw a committed head: before, between or after.
            #expect(rv.code == 0, "round \(round): reader \(rv.err)")
            let seen = rv.out.split(separator: " ").firstIndex(of: "seq").map { Int(rv.out.split(separator: " ")[$0 + 1]) ?? -1 } ?? -1
            #expect([seq, seq + perBatch, seq + 2 * perBatch].contains(seen), "round \(round): reader saw seq \(seen) (\(rv.out))")
            // Each batch is one contiguous run of seqs, in some order.
            var order: [Character] = []
            let ledger = try Ledger.openForReading(directory: dir)
            var lines = ""
            try ledger.export { lines += String(decoding: $0, as: UTF8.self) }
            ledger.close()
            for line in lines.split(separator: "\n").dropFirst(seq) {
                guard case .object(let o) = try JSONParser.parse(String(line)), case .string(let id)? = o["id"] else {
                    Issue.record("round \(round): unreadable export line"); continue
                }
                order.append(id.first!)
            }
            let runs = order.reduce(into: [Character]()) { if $0.last != $1 { $0.append($1) } }
            #expect(order.count == 2 * perBatch && (runs == ["a", "b"] || runs == ["b", "a"]),
                    "round \(round): \(order.count) new events in runs \(runs)")
            seq += 2 * perBatch
        }
        let v = try EndToEndTests.roster(["verify", "--ledger", dir])
        #expect(v.code == 0 && v.out.hasPrefix("ok: \(seq) events"), "\(v.out)\(v.err)")
    }
}
