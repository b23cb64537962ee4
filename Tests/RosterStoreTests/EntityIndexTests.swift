import Foundation
import Glibc
import Testing
import RosterCore
import RosterTestSupport
@testable import RosterStore

/// The entity index answers every audit trail exactly as a full read of the
/// log does; it is extended by each append (never stale after one), and a
/// missing, stale or damaged index — or one left behind by a writer killed
/// between its commit and the index update — is rebuilt, never believed.
@Suite struct EntityIndexTests {
    static let now = Timestamp(seconds: 2_000_000_000)
    /// Small segments, so blocks of 1,024 entries straddle segment files.
    static let options = LogOptions(segmentSize: 96 << 10, writeBufferSize: 16 << 10)

    /// A long random history (several blocks of 1,024 events).
    static func history(seed: UInt64) -> [String] {
        var gen = RandomHistory(seed: seed)
        return gen.generate(days: 7000, perDay: 0.6)
    }

    static func append(_ lines: ArraySlice<String>, to dir: String) throws -> AppendResult {
        let ledger = try Ledger.openForWriting(directory: dir, options: options)
        defer { ledger.close() }
        let text = lines.joined(separator: "\n") + "\n"
        return try ledger.append([BatchInput(name: "batch.jsonl", source: BytesSource(Array(text.utf8)))], now: now)
    }

    /// The ids whose trails the tests compare: members and units named in
    /// the history, and one nobody has.
    static func subjects(_ lines: [String], rng: inout SplitMix64, count: Int) -> [(HistoryReport.Subject, String)] {
        var members = Set<String>(), units = Set<String>()
        for line in lines {
            if let r = line.range(of: #""member":""#) {
                members.insert(String(line[r.upperBound...].prefix { $0 != "\"" }))
            }
            if line.contains(#""type":"unit."#), let r = line.range(of: #""unit":""#) {
                units.insert(String(line[r.upperBound...].prefix { $0 != "\"" }))
            }
        }
        var out: [(HistoryReport.Subject, String)] = [(.member, "NOBODY"), (.unit, "NOWHERE"), (.unit, "P")]
        let m = members.sorted(), u = units.sorted()
        for _ in 0..<count {
            if Bool.random(using: &rng) { if let id = m.randomElement(using: &rng) { out.append((.member, id)) } }
            else if let id = u.randomElement(using: &rng) { out.append((.unit, id)) }
        }
        return out
    }

    /// A printable form of everything an audit trail shows.
    static func text(_ r: Result<HistoryReport, any Error>) -> String {
        switch r {
        case .failure(let e): return "error: \(e)"
        case .success(let h):
            return "\(h.subject) \(h.id) at \(h.ledger.seq) \(h.ledger.hash.hex)\n" + h.entries.map { e in
                "\(e.seq) \(e.event) " + (e.retraction.map { "retracted by \($0.seq) \($0.id) \($0.recorded?.text ?? "-") \($0.actor ?? "-") \($0.reason)" } ?? "")
            }.joined(separator: "\n")
        }
    }

    /// The trails from a full read of the log (no index involved).
    static func truth(_ dir: String, _ subjects: [(HistoryReport.Subject, String)]) throws -> [String] {
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        return subjects.map { (subject, id) in text(Result { try ledger.scanHistory(subject: subject, id: id, rebuildIndex: false) }) }
    }

    /// The trail read through the index against the trail from a full read.
    static func expectSameTrails(_ dir: String, _ subjects: [(HistoryReport.Subject, String)], useIndex: Bool = true,
                                 truth known: [String]? = nil,
                                 _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let full = try known ?? truth(dir, subjects)
        let ledger = try Ledger.openForReading(directory: dir)
        defer { ledger.close() }
        if useIndex {
            #expect(EntityIndex.Reader(directory: dir, head: ledger.head) != nil, "\(context): the index is not at the head", sourceLocation: sourceLocation)
        }
        for ((subject, id), expected) in zip(subjects, full) {
            let indexed = text(Result { try ledger.history(of: subject, id: id) })
            #expect(expected == indexed, "\(context): \(subject) \(id)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [UInt64(21), 22])
    func indexedTrailsEqualTheFullReadBatchAfterBatch(seed: UInt64) throws {
        let lines = Self.history(seed: seed)
        #expect(lines.count > 3 * 1024, "the history should span several blocks")
        let temp = TemporaryDirectory()
        try Ledger.create(directory: temp.ledger)
        var rng = SplitMix64(seed: seed)
        var at = 0
        var batches = 0
        while at < lines.count {
            let n = min(lines.count - at, [1, 3, 40, 700, 1500].randomElement(using: &rng)!)
            let result = try Self.append(lines[at..<(at + n)], to: temp.ledger)
            #expect(result.added == n)
            at += n
            batches += 1
            // A refused batch changes neither the log nor the index.
            if batches % 4 == 0 {
                #expect(throws: AppendRejected.self) {
                    try Self.append([#"{"id":"bad\#(batches)","type":"event.retracted","effective":"2010-01-01","target":"no-such-event","reason":"x"}"#], to: temp.ledger)
                }
            }
            try Self.expectSameTrails(temp.ledger, Self.subjects(Array(lines[..<at]), rng: &rng, count: 2),
                                      "seed \(seed), after \(at) events in \(batches) batches")
        }
        let final = Self.subjects(lines, rng: &rng, count: 16)
        let finalTruth = try Self.truth(temp.ledger, final)
        try Self.expectSameTrails(temp.ledger, final, truth: finalTruth, "seed \(seed), whole history")
        // Parts are merged as they accumulate: about log₂ of the batches.
        let manifest = try #require(EntityIndex.Manifest.read(temp.ledger))
        #expect(manifest.parts.count <= 2 + Int(log2(Double(batches))), "\(manifest.parts.count) parts after \(batches) batches")
        // A rebuild from the log gives the same answers.
        try FileManager.default.removeItem(atPath: EntityIndex.directory(temp.ledger))
        try Self.expectSameTrails(temp.ledger, final, useIndex: false, truth: finalTruth, "seed \(seed), rebuilding")
        try Self.expectSameTrails(temp.ledger, final, truth: finalTruth, "seed \(seed), rebuilt")
    }

    @Test func postingsSortLikeTheComparisonSort() {
        var rng = SplitMix64(seed: 7)
        for count in [0, 5, 64, 65, 1000, 50_000] {
            // In seq order, as appends and rebuilds make them; few distinct keys, some sharing low bytes.
            let keys = (0..<max(1, count / 20)).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) & (Bool.random(using: &rng) ? 0xFFFF : .max) }
            var postings = (0..<count).map { EntityIndex.Posting(key: keys.randomElement(using: &rng)!, seq: UInt64($0 + 1)) }
            let expected = postings.sorted(by: <)
            EntityIndex.sortPostings(&postings)
            #expect(postings == expected, "\(count) postings")
        }
    }

    /// Every event type, places and plans included: the extended worked
    /// example, appended batch by batch, every member and unit it names.
    @Test func everyTrailOfTheExtendedExampleEqualsTheFullRead() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conformance-extended/history")
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(files.count > 5)
        let temp = TemporaryDirectory()
        try Ledger.create(directory: temp.ledger)
        var lines: [String] = []
        for file in files {
            let text = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
            let batch = text.split(separator: "\n").map(String.init)
            lines += batch
            _ = try Self.append(batch[...], to: temp.ledger)
        }
        var subjects: [(HistoryReport.Subject, String)] = []
        var seen = Set<String>()
        for line in lines {
            guard case .object(let o) = try JSONParser.parse(Array(line.utf8)) else { continue }
            for (key, subject) in [("member", HistoryReport.Subject.member), ("unit", .unit), ("into", .unit), ("parent", .unit)] {
                if case .string(let id)? = o[key], seen.insert("\(subject) \(id)").inserted { subjects.append((subject, id)) }
            }
        }
        #expect(subjects.count > 20)
        // Those named by places, plans and awards, and every seventh of the rest (a full read each is the slow part).
        var special = Set<String>()
        for line in lines where line.contains("place.") || line.contains("plan.adopted") || line.contains("member.awarded") {
            guard case .object(let o) = try JSONParser.parse(Array(line.utf8)) else { continue }
            for key in ["member", "unit"] { if case .string(let id)? = o[key] { special.insert(id) } }
        }
        #expect(!special.isEmpty)
        let chosen = subjects.enumerated().filter { special.contains($0.element.1) || $0.offset % 7 == 0 }.map(\.element)
        try Self.expectSameTrails(temp.ledger, chosen, "the extended example")
    }

    @Test func missingStaleOrDamagedIndexIsRebuiltNeverBelieved() throws {
        let lines = Self.history(seed: 31)
        let temp = TemporaryDirectory()
        try Ledger.create(directory: temp.ledger)
        let half = lines.count / 2
        _ = try Self.append(lines[..<half], to: temp.ledger)
        var rng = SplitMix64(seed: 31)
        let subjects = Self.subjects(lines, rng: &rng, count: 6)
        let indexDir = EntityIndex.directory(temp.ledger)

        // Stale: the manifest as it was before the next append, with the
        // new batch's part lying about unreferenced — what a writer killed
        // between its commit and the index update leaves.
        // (The whole directory is restored: the append merged and removed
        // the parts the old manifest lists, which a kill before its manifest
        // was written would not have done.)
        let manifestPath = indexDir + "/" + EntityIndex.manifestName
        let before = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
        let saved = temp.path + "/saved-index"
        try FileManager.default.copyItem(atPath: indexDir, toPath: saved)
        _ = try Self.append(lines[half...], to: temp.ledger)
        let truth = try Self.truth(temp.ledger, subjects)
        try Self.expectSameTrails(temp.ledger, subjects, truth: truth, "fresh after the second append")
        try FileManager.default.removeItem(atPath: indexDir)
        try FileManager.default.copyItem(atPath: saved, toPath: indexDir)
        do {
            let ledger = try Ledger.openForReading(directory: temp.ledger)
            defer { ledger.close() }
            #expect(EntityIndex.Reader(directory: temp.ledger, head: ledger.head) == nil)
            // Caught up by reading the batch it lacks, not the whole log.
            #expect(try ledger.catchUpIndex())
            #expect(EntityIndex.Reader(directory: temp.ledger, head: ledger.head) != nil)
        }
        try Self.expectSameTrails(temp.ledger, subjects, truth: truth, "caught up after a stale manifest")
        // A stale manifest whose head is not a prefix of the log: no catch-up, a rebuild.
        var wrong = try #require(EntityIndex.Manifest.decode(Array(before)))
        wrong.head.hash = Digest32(bytes: [UInt8](repeating: 7, count: 32))!
        try Data(wrong.encoded()).write(to: URL(fileURLWithPath: manifestPath))
        do {
            let ledger = try Ledger.openForReading(directory: temp.ledger)
            defer { ledger.close() }
            #expect((try? ledger.catchUpIndex()) != true)
        }
        try Self.expectSameTrails(temp.ledger, subjects, useIndex: false, truth: truth, "stale manifest of another log")
        try Self.expectSameTrails(temp.ledger, subjects, truth: truth, "rebuilt after a stale manifest of another log")
        // An append onto a stale index leaves it stale rather than extending it.
        try before.write(to: URL(fileURLWithPath: manifestPath))
        _ = try Self.append([#"{"id":"late-1","type":"unit.renamed","effective":"2028-01-01","unit":"P","name":"Tỉnh mới"}"#], to: temp.ledger)
        try Self.expectSameTrails(temp.ledger, subjects + [(.unit, "P")], useIndex: false, "append onto a stale index")

        // Missing.
        try FileManager.default.removeItem(atPath: indexDir)
        try Self.expectSameTrails(temp.ledger, subjects, useIndex: false, "missing index")
        let truthNow = try Self.truth(temp.ledger, subjects)
        try Self.expectSameTrails(temp.ledger, subjects, truth: truthNow, "rebuilt after a missing index")

        // Damaged: one byte of a part or of the manifest flipped, anywhere.
        for round in 0..<8 {
            let files = try FileManager.default.contentsOfDirectory(atPath: indexDir).filter { !$0.contains(".tmp") }.sorted()
            let file = indexDir + "/" + files.randomElement(using: &rng)!
            var data = try Data(contentsOf: URL(fileURLWithPath: file))
            data[Int.random(in: 0..<data.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            try data.write(to: URL(fileURLWithPath: file))
            try Self.expectSameTrails(temp.ledger, subjects, useIndex: false, truth: truthNow, "round \(round): \(file) damaged")
            try Self.expectSameTrails(temp.ledger, subjects, truth: truthNow, "round \(round): rebuilt")
        }
    }

    @Test func aChangedEventUnderTheIndexIsDamageAsInTheFullRead() throws {
        let lines = Self.history(seed: 41)
        let temp = TemporaryDirectory()
        try Ledger.create(directory: temp.ledger)
        _ = try Self.append(lines[...], to: temp.ledger)
        // Pick a member event in the middle of the log and find its record.
        let ledger = try Ledger.openForReading(directory: temp.ledger)
        var target: (seq: UInt64, location: EntryLocation, member: String)?
        try ledger.log.forEachEntry { seq, payload, location in
            guard target == nil, seq > 2000, let text = String(bytes: payload, encoding: .utf8),
                  let r = text.range(of: #""member":""#), text.contains(#""name":""#) else { return }
            target = (seq, location, String(text[r.upperBound...].prefix { $0 != "\"" }))
        }
        ledger.close()
        let t = try #require(target)
        // Change a letter of the person's name and recompute the record's
        // checksum, so only the hash chain can tell.
        let path = temp.ledger + "/log/" + t.location.segment + ".seg"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = Int(t.location.offset)
        let length = Int(UInt32(littleEndian: data[start..<start + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        let payload = start + 9
        let name = try #require(data[payload..<payload + length].range(of: Data(#""name":""#.utf8)))
        data[name.upperBound] = data[name.upperBound] == UInt8(ascii: "Q") ? UInt8(ascii: "X") : UInt8(ascii: "Q")
        var crc = CRC32C()
        data[start..<start + 4].withUnsafeBytes { crc.update($0) }
        data[start + 8..<payload + length].withUnsafeBytes { crc.update($0) }
        withUnsafeBytes(of: crc.value.littleEndian) { data.replaceSubrange(start + 4..<start + 8, with: $0) }
        try data.write(to: URL(fileURLWithPath: path))

        let reader = try Ledger.openForReading(directory: temp.ledger)
        defer { reader.close() }
        #expect(EntityIndex.Reader(directory: temp.ledger, head: reader.head) != nil)
        let full = Self.text(Result { try reader.scanHistory(subject: .member, id: t.member, rebuildIndex: false) })
        let indexed = Self.text(Result { try reader.history(of: .member, id: t.member) })
        #expect(full.hasPrefix("error: the hash chain breaks"), "\(full)")
        #expect(indexed == full)
    }

    /// Readers asking for trails (and rebuilding the index when they find it
    /// behind) while a writer appends batch after batch: every answer is the
    /// full read's trail at the head the answer names.
    @Test func trailsReadWhileAppendingAreThoseOfTheirHead() throws {
        let lines = Self.history(seed: 61)
        let temp = TemporaryDirectory()
        try Ledger.create(directory: temp.ledger)
        let cut = lines.count / 3
        _ = try Self.append(lines[..<cut], to: temp.ledger)
        var rng = SplitMix64(seed: 61)
        let subjects = Self.subjects(lines, rng: &rng, count: 6)
        final class Answers: @unchecked Sendable {
            let lock = NSLock()
            var list: [(Int, HistoryReport)] = []
            var writing = true
        }
        let answers = Answers()
        let dir = temp.ledger
        let reader = Thread {
            var i = 0
            while answers.lock.withLock({ answers.writing }) {
                let (subject, id) = subjects[i % subjects.count]
                if let ledger = try? Ledger.openForReading(directory: dir) {
                    if i % 5 == 0 { try? FileManager.default.removeItem(atPath: EntityIndex.directory(dir)) }
                    if let report = try? ledger.history(of: subject, id: id) {
                        answers.lock.withLock { answers.list.append((i % subjects.count, report)) }
                    }
                    ledger.close()
                }
                i += 1
            }
        }
        reader.start()
        var at = cut
        while at < lines.count {
            let n = min(lines.count - at, Int.random(in: 50...600, using: &rng))
            _ = try Self.append(lines[at..<(at + n)], to: temp.ledger)
            at += n
        }
        answers.lock.withLock { answers.writing = false }
        while !reader.isFinished { usleep(1000) }
        let ledger = try Ledger.openForReading(directory: temp.ledger)
        defer { ledger.close() }
        let truths = try subjects.map { try? ledger.scanHistory(subject: $0.0, id: $0.1, rebuildIndex: false) }
        #expect(answers.list.count > 3)
        for (k, answer) in answers.list {
            let head = answer.ledger.seq
            guard let truth = truths[k] else {
                Issue.record("\(subjects[k]): answered at \(head), unknown to the full read")
                continue
            }
            var then = truth
            then.ledger = answer.ledger
            then.entries = truth.entries.filter { $0.seq <= head }.map { e in
                var e = e
                if let r = e.retraction, r.seq > head { e.retraction = nil }
                return e
            }
            #expect(Self.text(.success(then)) == Self.text(.success(answer)), "\(subjects[k]) at \(head)")
        }
    }

    // MARK: kill -9

    static let childVariable = "ROSTER_ENTITY_INDEX_CHILD_LEDGER"

    /// The child: appends the history's remaining lines in batches until
    /// killed, writing the head after each commit returns.
    static func appendUntilKilled(_ directory: String) -> Never {
        let acks = open(directory + ".acks", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        func say(_ line: String) { _ = line.withCString { write(acks, $0, strlen($0)) } }
        do {
            let lines = history(seed: 51)
            var random = SplitMix64(seed: UInt64(getpid()))
            while true {
                let ledger = try Ledger.openForWriting(directory: directory, options: options)
                let at = Int(ledger.head.seq)
                ledger.close()
                if at >= lines.count { say("done\n"); exit(0) }
                let n = min(lines.count - at, Int.random(in: 1...400, using: &random))
                let r = try append(lines[at..<(at + n)], to: directory)
                say("\(r.head.seq)\n")
            }
        } catch {
            say("error \(error)\n")
            exit(1)
        }
    }

    @Test func aWriterKilledAroundTheIndexUpdateNeverLeavesAWrongAnswer() throws {
        if let directory = ProcessInfo.processInfo.environment[Self.childVariable] { Self.appendUntilKilled(directory) }
        let temp = TemporaryDirectory()
        try Ledger.create(directory: temp.ledger)
        let acks = temp.ledger + ".acks"
        func acknowledged() -> [String] {
            ((try? String(contentsOfFile: acks, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let lines = Self.history(seed: 51)
        var rng = SplitMix64(seed: 51)
        let subjects = Self.subjects(lines, rng: &rng, count: 5)
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var rebuilt = 0
        for round in 1...5 {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["--testing-library", "swift-testing", "--filter", "aWriterKilledAroundTheIndexUpdateNeverLeavesAWrongAnswer"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: temp.ledger]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            let wanted = acknowledged().count + Int.random(in: 1...3, using: &rng)
            try child.run()
            let deadline = Date().addingTimeInterval(120)
            while acknowledged().count < wanted && child.isRunning && Date() < deadline { usleep(1000) }
            usleep(UInt32.random(in: 0..<20_000, using: &rng))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(!acknowledged().contains { $0.hasPrefix("error") }, "round \(round): \(acknowledged().last ?? "")")
            // The next writer cuts a torn tail; then every trail must equal the full read.
            try Ledger.openForWriting(directory: temp.ledger).close()
            let ledger = try Ledger.openForReading(directory: temp.ledger)
            if EntityIndex.Reader(directory: temp.ledger, head: ledger.head) == nil { rebuilt += 1 }
            ledger.close()
            let truth = try Self.truth(temp.ledger, subjects)
            try Self.expectSameTrails(temp.ledger, subjects, useIndex: false, truth: truth, "round \(round)")
            try Self.expectSameTrails(temp.ledger, subjects, truth: truth, "round \(round), after the first reader")
        }
        print("EntityIndexTests: \(rebuilt) of 5 kills left the index behind the log")
    }
}
