import Testing
@testable import RosterCore

private struct Line: Equatable, CustomStringConvertible {
    var number: Int
    var offset: Int64
    var text: String
    var description: String { "\(number)@\(offset):\(text.debugDescription)" }
}

/// All lines the reader reports, copied out of the callback.
private func lines(_ input: [UInt8], maxLineBytes: Int = 1 << 20, chunkBytes: Int = 1 << 20) throws -> [Line] {
    var reader = JSONLinesReader(source: BytesSource(input), maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
    var out: [Line] = []
    try reader.forEachLine { line in
        out.append(Line(number: line.number, offset: line.offset, text: String(decoding: line.bytes, as: UTF8.self)))
    }
    return out
}

private func lines(_ input: String, maxLineBytes: Int = 1 << 20, chunkBytes: Int = 1 << 20) throws -> [Line] {
    try lines(Array(input.utf8), maxLineBytes: maxLineBytes, chunkBytes: chunkBytes)
}

/// An obviously correct splitter to compare with.
private func referenceLines(_ input: [UInt8]) -> [Line] {
    var out: [Line] = []
    var start = 0
    var number = 0
    func take(_ end: Int) {
        number += 1
        var e = end
        if e > start, input[e - 1] == 0x0D { e -= 1 }
        let bytes = Array(input[start..<e])
        if !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            out.append(Line(number: number, offset: Int64(start), text: String(decoding: bytes, as: UTF8.self)))
        }
    }
    for (i, b) in input.enumerated() where b == 0x0A {
        take(i)
        start = i + 1
    }
    if start < input.count { take(input.count) }
    return out
}

/// A source that hands out at most `step` bytes per read.
private struct TrickleSource: ByteSource {
    var bytes: [UInt8]
    var position = 0
    var step: Int
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - position)
        for k in 0..<n { buffer[k] = bytes[position + k] }
        position += n
        return n
    }
}

/// An endless line of "x": counts what the reader pulled.
private struct EndlessSource: ByteSource {
    var delivered = 0
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        for k in 0..<buffer.count { buffer[k] = UInt8(ascii: "x") }
        delivered += buffer.count
        return buffer.count
    }
}

private struct Stop: Error {}

@Suite struct JSONLinesTests {
    @Test func basicLinesNumbersAndOffsets() throws {
        #expect(try lines("{\"a\":1}\n{\"b\":2}\n") == [
            Line(number: 1, offset: 0, text: "{\"a\":1}"),
            Line(number: 2, offset: 8, text: "{\"b\":2}"),
        ])
        #expect(try lines("") == [])
        #expect(try lines("\n") == [])
        #expect(try lines("x") == [Line(number: 1, offset: 0, text: "x")])
    }

    @Test func blankLinesSkippedButCounted() throws {
        let input = "\n  \n\t\r\n{}\n\r\n \t \n[]\n\n"
        #expect(try lines(input) == [
            Line(number: 4, offset: 7, text: "{}"),
            Line(number: 7, offset: 16, text: "[]"),
        ])
    }

    @Test func crlfAndNoTrailingNewline() throws {
        #expect(try lines("a\r\nbb\r\nccc") == [
            Line(number: 1, offset: 0, text: "a"),
            Line(number: 2, offset: 3, text: "bb"),
            Line(number: 3, offset: 7, text: "ccc"),
        ])
        // Only one "\r" before the "\n" is stripped; inner ones stay; a final
        // "\r" without "\n" is stripped too.
        #expect(try lines("a\r\r\nb\rc\nd\r") == [
            Line(number: 1, offset: 0, text: "a\r"),
            Line(number: 2, offset: 4, text: "b\rc"),
            Line(number: 3, offset: 8, text: "d"),
        ])
        // Leading and inner white space of a non-blank line is kept.
        #expect(try lines("  {} \n") == [Line(number: 1, offset: 0, text: "  {} ")])
    }

    @Test func chunkBoundariesAnywhere() throws {
        let input = Array("{\"id\":\"e1\"}\r\n\n   \n{\"name\":\"Tỉnh ủy\"}\n\r\nx\ny\r\n\r\n{\"last\":true}".utf8)
        let expected = referenceLines(input)
        #expect(expected.count == 5)
        for chunk in 1...(input.count + 2) {
            #expect(try lines(input, chunkBytes: chunk) == expected, "chunk \(chunk)")
        }
        // Sources that return short reads.
        for step in 1...5 {
            var reader = JSONLinesReader(source: TrickleSource(bytes: input, step: step), chunkBytes: 16)
            var got: [Line] = []
            try reader.forEachLine { got.append(Line(number: $0.number, offset: $0.offset,
                                                     text: String(decoding: $0.bytes, as: UTF8.self))) }
            #expect(got == expected, "step \(step)")
        }
    }

    @Test func agreesWithReferenceOnMixedInputs() throws {
        // Pseudo-random inputs over a small alphabet heavy in "\n", "\r" and spaces.
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0D, 0x20, 0x09, 0x61, 0x62, 0x7B, 0x7D]
        var state: UInt64 = 0x1234_5678
        for _ in 0..<200 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 58)  // 0…63
            var input: [UInt8] = []
            for _ in 0..<length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                input.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let expected = referenceLines(input)
            for chunk in [1, 2, 3, 5, 8, 64] {
                #expect(try lines(input, maxLineBytes: 64, chunkBytes: chunk) == expected)
            }
        }
    }

    @Test func lineLengthLimitExactly() throws {
        let limit = 10
        let at = String(repeating: "a", count: limit)
        let over = String(repeating: "b", count: limit + 1)
        let under = String(repeating: "c", count: limit - 1)
        for chunk in [1, 3, 10, 11, 100] {
            // At the limit and one under: fine, with "\n", "\r\n" or at the end.
            #expect(try lines("\(under)\n\(at)\n", maxLineBytes: limit, chunkBytes: chunk).map(\.text) == [under, at])
            #expect(try lines("\(at)\r\n\(at)\r\n", maxLineBytes: limit, chunkBytes: chunk).map(\.text) == [at, at])
            #expect(try lines("x\n\(at)", maxLineBytes: limit, chunkBytes: chunk).map(\.text) == ["x", at])
            #expect(try lines("x\n\(at)\r", maxLineBytes: limit, chunkBytes: chunk).map(\.text) == ["x", at])
            // One over: refused with the line's number and offset.
            for input in ["x\n\n\(over)\ny\n", "x\n\n\(over)\r\ny\n", "x\n\n\(over)", "x\n\n\(over)\r"] {
                let error = #expect(throws: LineTooLongError.self) {
                    _ = try lines(input, maxLineBytes: limit, chunkBytes: chunk)
                }
                #expect(error?.line == 3, "\(input.debugDescription) chunk \(chunk)")
                #expect(error?.offset == 3)
                #expect(error?.limit == limit)
            }
            // Lines before the long one were delivered.
            var reader = JSONLinesReader(source: BytesSource(Array("x\n\(over)".utf8)), maxLineBytes: limit, chunkBytes: chunk)
            var seen: [String] = []
            #expect(throws: LineTooLongError.self) {
                try reader.forEachLine { seen.append(String(decoding: $0.bytes, as: UTF8.self)) }
            }
            #expect(seen == ["x"])
        }
        #expect(try lines("\n\n", maxLineBytes: 0).isEmpty)
        #expect(throws: LineTooLongError.self) { _ = try lines("\n \n", maxLineBytes: 0) }
    }

    @Test func errorDescription() {
        #expect(LineTooLongError(line: 7, offset: 1234, limit: 1_048_576).description
                == "line 7 (byte 1234): longer than 1048576 bytes")
    }

    @Test func hugeLineRefusedWithBoundedReading() throws {
        // A line that never ends (think 100 MiB): the reader gives up once
        // the limit is passed, after reading about one limit plus one chunk.
        var reader = JSONLinesReader(source: EndlessSource(), maxLineBytes: 1 << 16, chunkBytes: 1 << 12)
        let error = #expect(throws: LineTooLongError.self) {
            try reader.forEachLine { _ in Issue.record("no line expected") }
        }
        #expect(error?.line == 1 && error?.offset == 0)
        // And the same behind a few good lines, with the default sizes.
        let prefix = Array("{}\n[]\n".utf8)
        var bytes = prefix
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "z"), count: (1 << 20) + 5))
        bytes.append(contentsOf: Array("\n{}\n".utf8))
        var count = 0
        let error2 = #expect(throws: LineTooLongError.self) {
            var r = JSONLinesReader(source: BytesSource(bytes))
            try r.forEachLine { _ in count += 1 }
        }
        #expect(count == 2)
        #expect(error2?.line == 3 && error2?.offset == 6 && error2?.limit == 1 << 20)
    }

    @Test func readingStopsAfterBoundedBytes() throws {
        // Count through a class: the reader holds its own copy of the source.
        final class Box { var delivered = 0 }
        struct Reporting: ByteSource {
            let box: Box
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                for k in 0..<buffer.count { buffer[k] = UInt8(ascii: "y") }
                box.delivered += buffer.count
                return buffer.count
            }
        }
        let box = Box()
        var reader = JSONLinesReader(source: Reporting(box: box), maxLineBytes: 1000, chunkBytes: 100)
        #expect(throws: LineTooLongError.self) { try reader.forEachLine { _ in } }
        #expect(box.delivered > 1000)
        #expect(box.delivered <= 1000 + 1 + 100)
    }

    @Test func errorsFromTheBodyEndReading() throws {
        var reader = JSONLinesReader(source: BytesSource(Array("a\nb\nc\n".utf8)), chunkBytes: 1)
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            try reader.forEachLine { line in
                seen.append(line.number)
                if line.number == 2 { throw Stop() }
            }
        }
        #expect(seen == [1, 2])
        // The reader is spent: a second call reads nothing.
        try reader.forEachLine { _ in Issue.record("spent reader delivered a line") }
    }

    @Test func linesParseAsJSON() throws {
        let input = Array("{\"id\": \"e1\", \"n\": 1}\r\n\n{\"id\": \"e2\", \"n\": 2}\n".utf8)
        var reader = JSONLinesReader(source: BytesSource(input), chunkBytes: 7)
        var ids: [JSONValue] = []
        try reader.forEachLine { line in
            guard case .object(let object) = try JSONParser.parse(line.bytes) else { throw Stop() }
            ids.append(object["id"] ?? .null)
        }
        #expect(ids == [.string("e1"), .string("e2")])
    }
}
