// Splitting a byte stream into JSON Lines with bounded memory. The core
// module knows no files: bytes come through a `ByteSource`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something bytes can be read from, a chunk at a time.
public protocol ByteSource {
    /// Fills a prefix of `buffer`; returns how many bytes it wrote, 0 only at
    /// the end of the stream.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// How many bytes the stream holds, when known in advance (a regular
    /// file): lets a reader size its tables once instead of growing them.
    var sizeHint: Int? { get }
}

extension ByteSource {
    public var sizeHint: Int? { nil }
}

/// A byte source over bytes already in memory.
public struct BytesSource: ByteSource, Sendable {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            buffer.baseAddress!.copyMemory(from: all.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }

    public var sizeHint: Int? { bytes.count }
}

/// One line of the stream, as passed to `JSONLinesReader.forEachLine`.
public struct JSONLine {
    /// 1-based line number; blank lines count.
    public var number: Int
    /// Byte offset of the first byte of the line in the stream.
    public var offset: Int64
    /// The line without its "\n" and without a "\r" just before it. Points
    /// into the reader's buffer: valid only during the callback.
    public var bytes: UnsafeRawBufferPointer
}

/// A line longer than the reader's limit. Raised as soon as the limit is
/// passed, without reading the rest of the line.
public struct LineTooLongError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    /// Byte offset of the start of the line in the stream.
    public var offset: Int64
    public var limit: Int

    public init(line: Int, offset: Int64, limit: Int) {
        self.line = line
        self.offset = offset
        self.limit = limit
    }

    public var description: String { "line \(line) (byte \(offset)): longer than \(limit) bytes" }
}

/// Reads JSON Lines from a `ByteSource` through one fixed buffer of
/// `maxLineBytes + 1 + chunkBytes` bytes: memory stays bounded whatever the
/// input, and no line is copied or allocated.
public struct JSONLinesReader<Source: ByteSource> {
    private var source: Source
    private let maxLineBytes: Int
    private let chunkBytes: Int
    private var finished = false

    public init(source: Source, maxLineBytes: Int = 1 << 20, chunkBytes: Int = 1 << 20) {
        precondition(maxLineBytes >= 0, "maxLineBytes must not be negative")
        precondition(chunkBytes > 0, "chunkBytes must be positive")
        precondition(maxLineBytes <= Int.max / 2 && chunkBytes <= Int.max / 2, "buffer sizes too large")
        self.source = source
        self.maxLineBytes = maxLineBytes
        self.chunkBytes = chunkBytes
    }

    /// Calls `body` for each line that is not blank (blank or
    /// white-space-only lines are skipped but still counted in line numbers).
    /// A last line without "\n" counts. A byte order mark (EF BB BF) at the
    /// start of the stream is skipped. Reads the source to its end; errors
    /// from the source, from `body` or `LineTooLongError` end the reading,
    /// and later calls do nothing.
    public mutating func forEachLine(_ body: (JSONLine) throws -> Void) throws {
        guard !finished else { return }
        finished = true

        let capacity = maxLineBytes + 1 + chunkBytes
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        let base = buffer.baseAddress!

        var bufferOffset: Int64 = 0  // stream offset of base[0]
        var start = 0                // start of the current line in the buffer
        var scanFrom = 0             // bytes before this are known not to be "\n"
        var filled = 0               // bytes of data in the buffer
        var lineNumber = 0
        var atEnd = false

        // A UTF-8 byte order mark at the very start of the stream is skipped
        // (RFC 8259 §8.1 allows a parser to ignore it; editors on Windows
        // write one). Offsets still count its three bytes. A BOM anywhere
        // else is left in place, and the JSON parser refuses it.
        let want = min(3, capacity)
        while filled < want {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + filled, count: want - filled))
            precondition(n >= 0 && n <= want - filled, "ByteSource.read returned an impossible count")
            if n == 0 { atEnd = true; break }
            filled += n
        }
        if filled == 3, base.load(fromByteOffset: 0, as: UInt8.self) == 0xEF,
           base.load(fromByteOffset: 1, as: UInt8.self) == 0xBB, base.load(fromByteOffset: 2, as: UInt8.self) == 0xBF {
            start = 3
            scanFrom = 3
        }

        func emit(_ lineStart: Int, _ lineEnd: Int) throws {
            var end = lineEnd
            if end > lineStart, base.load(fromByteOffset: end - 1, as: UInt8.self) == 0x0D { end -= 1 }
            let offset = bufferOffset + Int64(lineStart)
            guard end - lineStart <= maxLineBytes else {
                throw LineTooLongError(line: lineNumber, offset: offset, limit: maxLineBytes)
            }
            let bytes = UnsafeRawBufferPointer(start: base + lineStart, count: end - lineStart)
            if !JSONLinesReader.isBlank(bytes) {
                try body(JSONLine(number: lineNumber, offset: offset, bytes: bytes))
            }
        }

        while true {
            if scanFrom < filled, let newline = memchr(base + scanFrom, 0x0A, filled - scanFrom) {
                let nl = UnsafeMutableRawPointer(newline) - base
                lineNumber += 1
                try emit(start, nl)
                start = nl + 1
                scanFrom = start
                continue
            }
            scanFrom = filled
            let pending = filled - start
            // No "\n" yet: refuse as soon as the line cannot fit, allowing one
            // extra byte for a "\r" that a following "\n" would strip.
            if pending > maxLineBytes + 1
                || (pending == maxLineBytes + 1 && base.load(fromByteOffset: filled - 1, as: UInt8.self) != 0x0D) {
                throw LineTooLongError(line: lineNumber + 1, offset: bufferOffset + Int64(start), limit: maxLineBytes)
            }
            if atEnd {
                if pending > 0 {
                    lineNumber += 1
                    try emit(start, filled)
                }
                return
            }
            if start > 0 {
                if pending > 0 { memmove(base, base + start, pending) }  // regions may overlap
                bufferOffset += Int64(start)
                scanFrom -= start
                filled = pending
                start = 0
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + filled,
                                                                      count: min(chunkBytes, capacity - filled)))
            precondition(n >= 0 && n <= capacity - filled, "ByteSource.read returned an impossible count")
            if n == 0 { atEnd = true } else { filled += n }
        }
    }

    /// Only spaces, tabs and carriage returns (or nothing).
    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D { return false }
        return true
    }
}
