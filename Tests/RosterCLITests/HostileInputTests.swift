import Foundation
import Testing
import RosterCore
import RosterStore

/// Hostile batch files: each is refused with an exact message naming the
/// input, the line and the byte, memory stays bounded, and the ledger is
/// left as it was. The same inputs, mutated, are what tools/fuzz.sh feeds
/// the reader, the parser and the decoder (FuzzCorpusTests replays them).
@Suite struct HostileInputTests {
    static let base = AppendTests.units

    /// A stream that is never in memory: `prefix`, then `count` bytes of
    /// `fill`, then `suffix`; counts the bytes the reader pulled.
    final class Pulled: @unchecked Sendable { var bytes = 0; var reads = 0; var largestRead = 0 }
    struct GeneratedSource: ByteSource {
        var prefix: [UInt8]
        var fill: UInt8
        var count: Int
        var suffix: [UInt8]
        let pulled: Pulled
        var position = 0
        var total: Int { prefix.count + count + suffix.count }

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(buffer.count, total - position)
            for k in 0..<n {
                let p = position + k
                buffer[k] = p < prefix.count ? prefix[p]
                    : p < prefix.count + count ? fill : suffix[p - prefix.count - count]
            }
            position += n
            pulled.bytes += n
            pulled.reads += 1
            pulled.largestRead = max(pulled.largestRead, buffer.count)
            return n
        }
    }

    /// Appends one input onto the base history; returns the refusal (or
    /// "accepted") and checks the ledger did not change when refused.
    func append(_ source: any ByteSource, name: String = "batch.jsonl") throws -> String {
        let dir = TestPaths.temporaryDirectory("hostile")
        try Ledger.create(directory: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try appendText(Self.base, to: dir)
        let before = try Ledger.openForReading(directory: dir)
        let head = before.head
        before.close()
        let ledger = try Ledger.openForWriting(directory: dir)
        defer { ledger.close() }
        do {
            _ = try ledger.append([BatchInput(name: name, source: source)], now: Timestamp(seconds: 2_000_000_000))
            return "accepted"
        } catch let e as AppendRejected {
            #expect(ledger.head == head, "a refused batch moved the head")
            return e.message
        }
    }

    func append(bytes: [UInt8]) throws -> String { try append(BytesSource(bytes)) }
    func append(_ text: String) throws -> String { try append(bytes: Array(text.utf8)) }

    static let good = Array((#"{"id":"ok","type":"member.transferred","effective":"2020-06-01","member":"M-7","unit":"C2"}"# + "\n").utf8)

    // MARK: Size

    @Test func aHundredMebibyteLineIsRefusedAfterReadingAboutTwoMebibytes() throws {
        let pulled = Pulled()
        let source = GeneratedSource(prefix: Self.good + Array(#"{"id":"big","type":"unit.renamed","effective":"2020-01-01","unit":"C","name":""#.utf8),
                                     fill: UInt8(ascii: "x"), count: 100 << 20, suffix: Array("\"}\n".utf8), pulled: pulled)
        let message = try append(source)
        #expect(message == "batch.jsonl line 2: longer than 1048576 bytes (starts at byte \(Self.good.count)); refused")
        // The reader's one buffer is maxLineBytes + 1 + chunkBytes; it never
        // asks for more than a chunk at once and stops once the line cannot fit.
        #expect(pulled.bytes - Self.good.count <= (1 << 20) + 1 + (1 << 20), "pulled \(pulled.bytes) bytes of a 100 MiB line")
        #expect(pulled.largestRead <= 1 << 20)
    }

    @Test func aMillionEntryArrayIsRefusedByTheLineLimit() throws {
        // "[0,0,…,0]" with a million entries is 2 MB: longer than a line may be.
        var text = Array("[0".utf8)
        text.reserveCapacity(2_000_002)
        for _ in 1..<1_000_000 { text += [UInt8(ascii: ","), UInt8(ascii: "0")] }
        text += Array("]\n".utf8)
        #expect(try append(bytes: text) == "batch.jsonl line 1: longer than 1048576 bytes (starts at byte 0); refused")
        // One that fits in a line is refused by the parser's element limit,
        // at the byte of the 100 001st element.
        let fits = "[" + [String](repeating: "0", count: 100_001).joined(separator: ",") + "]"
        #expect(try append(fits) == "batch.jsonl line 1: not valid JSON at byte 200001 of the file (column 200002): array longer than 100000 elements")
        // The same in an event's field.
        let units = #"{"id":"mg","type":"unit.merged","effective":"2020-01-01","into":"P","units":["# + [String](repeating: "\"C\"", count: 100_001).joined(separator: ",") + "]}"
        #expect(try append(units).hasSuffix(": array longer than 100000 elements"))
    }

    @Test func nestingAHundredThousandDeepIsRefusedAtDepth33() throws {
        let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(try append(arrays) == "batch.jsonl line 1: not valid JSON at byte 32 of the file (column 33): nesting deeper than 32")
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(try append(objects) == "batch.jsonl line 1: not valid JSON at byte 160 of the file (column 161): nesting deeper than 32")
        // Deep inside an event, after a good line: the byte is the file's.
        let person = #"{"id":"m9","type":"member.admitted","effective":"2020-03-01","member":"M-9","unit":"C","person":"# + String(repeating: "[", count: 100_000)
        let message = try append(bytes: Self.good + Array(person.utf8))
        let column = person.utf8.count - 100_000 + 31  // the event object is depth 1
        #expect(message == "batch.jsonl line 2: not valid JSON at byte \(Self.good.count + column) of the file (column \(column + 1)): nesting deeper than 32")
    }

    // MARK: Bytes

    @Test func nulBytesInsideAndOutsideStrings() throws {
        let inside = Array(#"{"id":"e"#.utf8) + [0] + Array(#"1","type":"member.confirmed","effective":"2021-03-01","member":"M-7"}"#.utf8)
        #expect(try append(bytes: inside) == "batch.jsonl line 1: not valid JSON at byte 8 of the file (column 9): unescaped control character U+0000 in string")
        let outside = Array(#"{"id":"e1","#.utf8) + [0] + Array(#""type":"member.confirmed"}"#.utf8)
        #expect(try append(bytes: outside) == "batch.jsonl line 1: not valid JSON at byte 11 of the file (column 12): expected '\"' to begin an object key, found control character U+0000")
        let line = Array(#"{"id":"e1"}"#.utf8) + [0]
        #expect(try append(bytes: line) == "batch.jsonl line 1: not valid JSON at byte 11 of the file (column 12): expected end of input after the JSON value, found control character U+0000")
        // A NUL line on its own.
        #expect(try append(bytes: Self.good + [0, 0x0A]) == "batch.jsonl line 2: not valid JSON at byte \(Self.good.count) of the file (column 1): expected a JSON value, found control character U+0000")
        // Escaped, a NUL is text (JSON allows it); in an id it is refused by
        // no rule, so it must survive the chain: canonical JSON writes \u0000.
        let escaped = #"{"id":"e\u0000","type":"member.confirmed","effective":"2021-03-01","member":"M-7"}"#
        #expect(JSONValue.string("e\u{0}").canonicalBytes == Array(#""e\u0000""#.utf8))
        #expect(try append(escaped) == "accepted")
    }

    @Test(arguments: [
        ([0xC0, 0xAF], "invalid UTF-8 (overlong encoding)"),                    // "/" in two bytes
        ([0xC1, 0xBF], "invalid UTF-8 (overlong encoding)"),
        ([0xE0, 0x80, 0xAF], "invalid UTF-8 (overlong encoding)"),              // "/" in three bytes
        ([0xF0, 0x80, 0x80, 0xAF], "invalid UTF-8 (overlong encoding)"),        // "/" in four bytes
        ([0xED, 0xA0, 0x80], "invalid UTF-8 (surrogate code point encoded in UTF-8)"),
        ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 (code point above U+10FFFF)"),
        ([0xF8, 0x88, 0x80, 0x80, 0x80], "invalid UTF-8 (byte 0xF8 never occurs in UTF-8)"),
        ([0x80], "invalid UTF-8 (unexpected continuation byte 0x80)"),
        ([0xE1, 0x80], "invalid UTF-8 (truncated sequence: byte 3 of 3 is 0x22, not a continuation byte)"),
    ] as [([UInt8], String)])
    func invalidUTF8InAStringIsRefusedAtItsByte(_ bad: [UInt8], _ expected: String) throws {
        let line = Array(#"{"id":"e1","type":"member.confirmed","effective":"2021-03-01","member":"M"#.utf8) + bad + Array(#""}"#.utf8)
        let offset = Self.good.count + line.count - bad.count - 2
        #expect(try append(bytes: Self.good + line) == "batch.jsonl line 2: not valid JSON at byte \(offset) of the file (column \(offset - Self.good.count + 1)): \(expected)")
    }

    @Test func overlongUTF8OutsideAStringIsRefused() throws {
        #expect(try append(bytes: [0xC0, 0xBB]) == "batch.jsonl line 1: not valid JSON at byte 0 of the file (column 1): invalid UTF-8 (overlong encoding)")
    }

    @Test func loneSurrogatesAreRefused() throws {
        let high = #"{"id":"e1","type":"member.confirmed","effective":"2021-03-01","member":"M-\ud800"}"#
        let at = Array(high.utf8).firstIndex(of: UInt8(ascii: "\\"))!
        #expect(try append(high) == "batch.jsonl line 1: not valid JSON at byte \(at) of the file (column \(at + 1)): " + #"lone surrogate \uD800: a high surrogate must be followed by a low-surrogate escape \uDC00…\uDFFF"#)
        let low = #"{"id":"\udc00x"}"#
        #expect(try append(low) == #"batch.jsonl line 1: not valid JSON at byte 7 of the file (column 8): lone surrogate \uDC00: a low surrogate without a high surrogate before it"#)
        let reversed = #"{"id":"\udc00\ud800"}"#
        #expect(try append(reversed).hasSuffix("lone surrogate \\uDC00: a low surrogate without a high surrogate before it"))
        // A proper pair is one scalar (U+1F600) and goes in.
        let pair = #"{"id":"\ud83d\ude00","type":"unit.renamed","effective":"2020-01-01","unit":"C","name":"\ud83d\ude00"}"#
        #expect(try append(pair) == "accepted")
    }

    // MARK: Line endings and the byte order mark

    /// A BOM at the start of a file is skipped (RELIABILITY.md says why);
    /// offsets still count it, and a BOM anywhere else is refused.
    @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try append(bytes: bom + Self.good) == "accepted")
        // Offsets are the file's: the error after a BOM is at byte 3 + …
        #expect(try append(bytes: bom + Array("{\"id\":1}".utf8)) == "batch.jsonl line 1: id: expected a string, found the number 1")
        #expect(try append(bytes: bom + Array("[".utf8)) == "batch.jsonl line 1: not valid JSON at byte 4 of the file (column 2): expected a JSON value, found end of input")
        // A second BOM, or one at the start of a later line, is not JSON.
        #expect(try append(bytes: bom + bom + Self.good) == "batch.jsonl line 1: not valid JSON at byte 3 of the file (column 1): expected a JSON value, found '\u{FEFF}' (U+FEFF)")
        #expect(try append(bytes: Self.good + bom + Self.good).hasPrefix("batch.jsonl line 2: not valid JSON at byte \(Self.good.count) of the file (column 1): expected a JSON value, found '\u{FEFF}'"))
        // A BOM split across reads is still recognised.
        struct OneByte: ByteSource {
            var bytes: [UInt8]; var i = 0
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                guard i < bytes.count, buffer.count > 0 else { return 0 }
                buffer[0] = bytes[i]; i += 1; return 1
            }
        }
        #expect(try append(OneByte(bytes: bom + Self.good)) == "accepted")
        // A file that is only a BOM is an empty batch.
        #expect(try append(bytes: bom) == "accepted")
    }

    @Test func crlfLineEndingsGiveTheSameLedgerAsLF() throws {
        let lf = Self.base + "\n" + String(decoding: Self.good, as: UTF8.self)
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(crlf.utf8.filter { $0 == 0x0D }.count == 5)
        var heads: [LedgerHead] = []
        for text in [lf, crlf] {
            let dir = TestPaths.temporaryDirectory("crlf")
            try Ledger.create(directory: dir)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let r = try appendText(text, to: dir)
            #expect(r.added == 5)
            heads.append(r.head)
        }
        #expect(heads[0] == heads[1], "CRLF changed the events")
        // A lone CR is not a line break: two events on one line are not JSON.
        let cr = String(decoding: Self.good.dropLast(), as: UTF8.self) + "\r" + String(decoding: Self.good, as: UTF8.self)
        // ("\r" is JSON white space, so the parser stops at the second "{".)
        #expect(try append(cr) == "batch.jsonl line 1: not valid JSON at byte \(Self.good.count) of the file (column \(Self.good.count + 1)): expected end of input after the JSON value, found '{'")
    }

    // MARK: Time stamps (the fuzzer's first crasher)

    @Test func aRecordedTimeWithManyFractionDigitsIsTruncatedNotACrash() throws {
        // Ten or more fraction digits trapped in Timestamp(rfc3339:) before
        // (tools/fuzz/crashers/recorded-ten-fraction-digits.jsonl).
        for digits in [9, 10, 12, 40] {
            let text = "2023-01-16T05:00:01." + String(repeating: "7", count: digits) + "Z"
            let t = Timestamp(rfc3339: text)
            #expect(t?.seconds == Timestamp(rfc3339: "2023-01-16T05:00:01Z")!.seconds && t?.nanos == 777_777_777, "\(text)")
        }
        #expect(Timestamp(rfc3339: "2023-01-16T05:00:01.5Z")?.nanos == 500_000_000)
        #expect(Timestamp(rfc3339: "2023-01-16T05:00:01.Z") == nil)
        let line = #"{"id":"e1","type":"unit.renamed","effective":"2020-01-01","unit":"C","name":"C1","recorded":"2023-01-16T05:00:01.1234567890123Z"}"#
        #expect(try append(line) == "accepted")
    }

    // MARK: Through the command line

    /// The built `roster`, as EndToEndTests runs it.
    static func roster(_ args: [String], stdin: [UInt8]? = nil) throws -> EndToEndTests.Run {
        try EndToEndTests.roster(args, stdin: stdin.map { String(decoding: $0, as: UTF8.self) })
    }

    @Test func inputsThatAreNotFilesExitOneWithAMessage() throws {
        #expect(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary), "build roster first (swift build)")
        let dir = TestPaths.temporaryDirectory("hostile-cli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.roster(["init", "--ledger", dir]).code == 0)
        let missing = dir + "-no-such-file.jsonl"
        let m = try Self.roster(["append", "--ledger", dir, missing])
        #expect(m.code == 1)
        #expect(m.err == "roster: cannot open \(missing): No such file or directory\n", "\(m.err)")
        let folder = dir + "-folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let d = try Self.roster(["append", "--ledger", dir, folder])
        #expect(d.code == 1)
        #expect(d.err == "roster: cannot read \(folder): it is a directory\n", "\(d.err)")
        // A good file next to a bad one: nothing of the batch is written.
        let good = dir + "-good.jsonl"
        try Data(Self.good).write(to: URL(fileURLWithPath: good))
        defer { try? FileManager.default.removeItem(atPath: good) }
        #expect(try Self.roster(["append", "--ledger", dir, good, missing]).code == 1)
        let v = try Self.roster(["verify", "--ledger", dir])
        #expect(v.code == 0 && v.out.hasPrefix("ok: 0 events"), "\(v.out)\(v.err)")
    }

    /// A CSV under another name: the refusal (one line or several) ends
    /// with the hint that spreadsheets are imported, decided on the
    /// refusal's reason (not JSON), never on its words.
    @Test func aSpreadsheetUnderAnotherNameGetsTheImportHint() throws {
        let dir = TestPaths.temporaryDirectory("sheet-hint")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.roster(["init", "--ledger", dir]).code == 0)
        let hint = "(the input looks like a spreadsheet: `roster import units|members FILE` reads spreadsheets)\n"
        for (lines, first) in [("id,name\n", "roster: "), ("id,name\nM1,An\nM2,Binh\n", "roster: 3 lines are not valid events; nothing was appended:\n")] {
            let sheet = dir + "-members.txt"
            try Data(lines.utf8).write(to: URL(fileURLWithPath: sheet))
            defer { try? FileManager.default.removeItem(atPath: sheet) }
            let r = try Self.roster(["append", "--ledger", dir, sheet])
            #expect(r.code == 1)
            #expect(r.err.hasPrefix(first), "\(r.err)")
            #expect(r.err.contains("\(sheet) line 1: not valid JSON at byte 0"), "\(r.err)")
            #expect(r.err.hasSuffix(hint), "\(r.err)")
        }
        // JSON that is not an event (commas and all) is not a spreadsheet: no hint.
        let odd = dir + "-odd.txt"
        try Data("[1,2]\n".utf8).write(to: URL(fileURLWithPath: odd))
        defer { try? FileManager.default.removeItem(atPath: odd) }
        let r = try Self.roster(["append", "--ledger", dir, odd])
        #expect(r.code == 1)
        #expect(!r.err.contains("spreadsheet"), "\(r.err)")
    }

    @Test func hostileStandardInputThroughTheCLI() throws {
        let dir = TestPaths.temporaryDirectory("hostile-stdin")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.roster(["init", "--ledger", dir]).code == 0)
        let deep = Array((String(repeating: "[", count: 100_000) + "\n").utf8)
        let r = try Self.roster(["append", "--ledger", dir, "-"], stdin: deep)
        #expect(r.code == 1)
        #expect(r.err == "roster: <stdin> line 1: not valid JSON at byte 32 of the file (column 33): nesting deeper than 32\n", "\(r.err)")
        // CRLF and a BOM, as Windows editors write them.
        let units = Array(AppendTests.units.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let ok = try Self.roster(["append", "--ledger", dir, "-"], stdin: [0xEF, 0xBB, 0xBF] + units + [0x0D, 0x0A])
        #expect(ok.code == 0 && ok.out.hasPrefix("added 4 events"), "\(ok.out)\(ok.err)")
        #expect(try Self.roster(["verify", "--ledger", dir]).code == 0)
    }

    /// 100 MiB streamed into `roster append -`: refused, and roster reads no
    /// more than its one line buffer (1 MiB + 1 + a 1 MiB chunk) before it
    /// gives up; the rest of the stream is never read.
    @Test func aHundredMebibyteLineOnStandardInput() throws {
        let dir = TestPaths.temporaryDirectory("hostile-100m")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.roster(["init", "--ledger", dir]).code == 0)
        signal(SIGPIPE, SIG_IGN)  // roster closes the pipe before we are done writing
        let p = Process()
        p.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        p.arguments = ["append", "--ledger", dir, "-"]
        let inp = Pipe(), err = Pipe()
        p.standardInput = inp
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let fd = inp.fileHandleForWriting.fileDescriptor
        var chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 16)
        chunk.replaceSubrange(0..<8, with: Array(#"{"id":""#.utf8) + [UInt8(ascii: "x")])
        var written = 0
        writing: while written < 100 << 20 {
            var off = 0
            while off < chunk.count {
                let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress! + off, chunk.count - off) }
                if n < 0 {
                    if errno == EINTR { continue }
                    break writing  // EPIPE: roster stopped reading
                }
                off += n
                written += n
            }
        }
        try? inp.fileHandleForWriting.close()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        #expect(String(decoding: e, as: UTF8.self) == "roster: <stdin> line 1: longer than 1048576 bytes (starts at byte 0); refused\n")
        // What roster consumed plus what a pipe holds (at most 1 MiB on Linux).
        #expect(written < (1 << 20) + 1 + (1 << 20) + (1 << 20), "roster read \(written) bytes of a 100 MiB line")
        #expect(try Self.roster(["verify", "--ledger", dir]).code == 0)
    }
}
