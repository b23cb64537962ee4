/// A zip archive whose entries are stored, not compressed (method 0) — all a
/// DOCX needs, and small enough to check by eye against the format
/// (PKWARE APPNOTE 4.3: local headers, the data, the central directory, the
/// end record). No zip64: an entry and the archive stay under 4 GiB, far
/// above any document a report makes.
///
/// Entries carry one fixed time (1980-01-01 00:00), so the same document
/// gives the same bytes.
public struct ZipWriter: Sendable {
    struct Entry: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private(set) var bytes: [UInt8] = []
    private var entries: [Entry] = []

    public init() {}

    /// DOS date 1980-01-01: (year − 1980) << 9 | month << 5 | day.
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    static let dosTime: UInt16 = 0
    /// Bit 11: names are UTF-8.
    static let flags: UInt16 = 1 << 11
    static let version: UInt16 = 20

    /// Adds a file. Names use `/` between folders, as the format requires.
    public mutating func add(_ name: String, _ data: [UInt8]) {
        precondition(data.count < Int(UInt32.max) && bytes.count < Int(UInt32.max), "stored zip without zip64: entry or archive too large")
        let nameBytes = Array(name.utf8)
        let entry = Entry(name: nameBytes, crc: CRC32.checksum(data), size: UInt32(data.count), offset: UInt32(bytes.count))
        put32(0x0403_4b50)
        put16(ZipWriter.version)
        put16(ZipWriter.flags)
        put16(0)                                // stored
        put16(ZipWriter.dosTime)
        put16(ZipWriter.dosDate)
        put32(entry.crc)
        put32(entry.size)                       // compressed size = size
        put32(entry.size)
        put16(UInt16(nameBytes.count))
        put16(0)                                // no extra field
        bytes += nameBytes
        bytes += data
        entries.append(entry)
    }

    public mutating func add(_ name: String, text: String) { add(name, Array(text.utf8)) }

    /// The archive: the entries added so far, the central directory and the end record.
    public func finished() -> [UInt8] {
        var w = self
        let directoryOffset = UInt32(w.bytes.count)
        for e in entries {
            w.put32(0x0201_4b50)
            w.put16(ZipWriter.version)               // made by (MS-DOS attributes)
            w.put16(ZipWriter.version)               // needed to extract
            w.put16(ZipWriter.flags)
            w.put16(0)
            w.put16(ZipWriter.dosTime)
            w.put16(ZipWriter.dosDate)
            w.put32(e.crc)
            w.put32(e.size)
            w.put32(e.size)
            w.put16(UInt16(e.name.count))
            w.put16(0)                               // extra
            w.put16(0)                               // comment
            w.put16(0)                               // disk number
            w.put16(0)                               // internal attributes
            w.put32(0)                               // external attributes
            w.put32(e.offset)
            w.bytes += e.name
        }
        let directorySize = UInt32(w.bytes.count) - directoryOffset
        w.put32(0x0605_4b50)
        w.put16(0)
        w.put16(0)
        w.put16(UInt16(entries.count))
        w.put16(UInt16(entries.count))
        w.put32(directorySize)
        w.put32(directoryOffset)
        w.put16(0)                                   // no comment
        return w.bytes
    }

    private mutating func put16(_ v: UInt16) {
        bytes.append(UInt8(v & 0xff)); bytes.append(UInt8(v >> 8))
    }

    private mutating func put32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((v >> UInt32(shift)) & 0xff)) }
    }
}

/// CRC-32 of zip, PNG and Ethernet (IEEE 802.3, reflected polynomial
/// 0xEDB88320). Not the log's CRC-32C (Castagnoli), which frames records.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: some Sequence<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// Reads back a stored zip (the tests' check that the writer's output is a
/// zip a reader accepts): the entries named by the central directory, each
/// checked against its local header and its CRC-32.
public enum ZipReader {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func entries(_ z: [UInt8]) throws -> [(name: String, data: [UInt8])] {
        func u16(_ o: Int) throws -> Int {
            guard o >= 0, o + 2 <= z.count else { throw Failure(description: "truncated at offset \(o)") }
            return Int(z[o]) | Int(z[o + 1]) << 8
        }
        func u32(_ o: Int) throws -> Int { let low = try u16(o), high = try u16(o + 2); return low | high << 16 }
        let end = z.count - 22
        guard end >= 0, try u32(end) == 0x0605_4b50 else { throw Failure(description: "no end record in the last 22 bytes") }
        let count = try u16(end + 10)
        var p = try u32(end + 16)
        var out: [(String, [UInt8])] = []
        for i in 0..<count {
            guard try u32(p) == 0x0201_4b50 else { throw Failure(description: "central entry \(i): bad signature at \(p)") }
            guard try u16(p + 10) == 0 else { throw Failure(description: "central entry \(i): not stored") }
            let crc = try u32(p + 16), size = try u32(p + 20), nameLength = try u16(p + 28)
            let extra = try u16(p + 30), comment = try u16(p + 32), local = try u32(p + 42)
            guard p + 46 + nameLength <= z.count else { throw Failure(description: "central entry \(i): name past the end") }
            let name = String(decoding: z[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            guard try u32(local) == 0x0403_4b50 else { throw Failure(description: "\(name): bad local header at \(local)") }
            let localCRC = try u32(local + 14), localSize = try u32(local + 22)
            guard localCRC == crc, localSize == size else { throw Failure(description: "\(name): local header disagrees with the directory") }
            let localName = try u16(local + 26), localExtra = try u16(local + 28)
            let start = local + 30 + localName + localExtra
            guard start + size <= z.count else { throw Failure(description: "\(name): data past the end") }
            let data = Array(z[start..<(start + size)])
            guard Int(CRC32.checksum(data)) == crc else { throw Failure(description: "\(name): CRC-32 mismatch") }
            out.append((name, data))
            p += 46 + nameLength + extra + comment
        }
        return out
    }
}
