/// The committed state of the log: how many batches and entries, where the
/// last commit record ends, and its commit info. `DIR/HEAD` holds one, as text
/// (layout in `LogFormat`); a scan of the log computes another, and the two
/// must agree up to HEAD.
struct Head: Equatable {
    var batches: UInt64
    var entries: UInt64
    /// The segment holding the last commit record.
    var segment: UInt32
    /// The byte just after the last commit record.
    var end: Int64
    var info: [UInt8]

    /// A ledger with nothing committed.
    static let empty = Head(batches: 0, entries: 0, segment: 1, end: Int64(LogFormat.segmentHeaderSize), info: [])

    /// Where the last commit record starts.
    var commitOffset: Int64 {
        end - Int64(RecordEncoder.recordSize(payloadCount: LogFormat.commitFixedSize + info.count))
    }

    func encoded() -> [UInt8] {
        var text = """
            \(LogFormat.headName) \(LogFormat.version)
            batches \(batches)
            entries \(entries)
            segment \(segment)
            end \(end)
            info \(Hex.encode(info))

            """
        text += "checksum \(Hex.word(CRC32C.checksum(Array(text.utf8))))\n"
        return Array(text.utf8)
    }

    static func parse(_ bytes: [UInt8], path: String) throws(StoreError) -> Head {
        func unreadable(_ expected: String, found: String? = nil) -> StoreError {
            .damaged(LogDamage(.headUnreadable, expected: expected, found: found, file: path))
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count == 8, lines[7].isEmpty else {
            let ended = lines.last?.isEmpty == true
            throw unreadable("7 lines, each ending in a newline",
                             found: "\(lines.count - (ended ? 1 : 0)) lines\(ended ? "" : ", the last without a newline")")
        }
        let keys = [LogFormat.headName, "batches", "entries", "segment", "end", "info", "checksum"]
        var values: [Substring] = []
        for (index, key) in keys.enumerated() {
            let line = lines[index]
            guard line.hasPrefix(key + " ") else {
                throw unreadable("line \(index + 1) to start with \"\(key) \"", found: "\"\(line.prefix(40))\"")
            }
            values.append(line.dropFirst(key.count + 1))
        }
        guard values[0] == String(LogFormat.version) else {
            throw .unsupportedFormat("HEAD at \(path) has format \(LogFormat.headName) \(values[0]): this program reads \(LogFormat.headName) \(LogFormat.version)")
        }
        let checkedCount = bytes.count - (lines[6].utf8.count + 1)
        let computed = CRC32C.checksum(Array(bytes[0..<checkedCount]))
        guard let stored = UInt32(values[6], radix: 16), stored == computed else {
            throw .damaged(LogDamage(.headChecksum, expected: String(values[6]), found: Hex.word(computed), file: path))
        }
        guard let batches = UInt64(values[1]), let entries = UInt64(values[2]), let segment = UInt32(values[3]),
              let end = Int64(values[4]), let info = Hex.decode(values[5]), segment >= 1, end >= LogFormat.segmentHeaderSize
        else {
            throw unreadable("numbers in range (segment at least 1, end at least \(LogFormat.segmentHeaderSize)) and info in hex",
                             found: "\"\(values[1...5].joined(separator: " "))\"")
        }
        let head = Head(batches: batches, entries: entries, segment: segment, end: end, info: info)
        if batches == 0 {
            guard head == .empty else {
                throw unreadable("segment 1, end \(LogFormat.segmentHeaderSize) and no info when no batch is committed",
                                 found: "segment \(segment), end \(end), info \"\(values[5])\"")
            }
        } else {
            guard head.commitOffset >= LogFormat.segmentHeaderSize else {
                throw unreadable("an end that leaves room for the last commit record after the segment header",
                                 found: "end \(end), with \(info.count) bytes of info")
            }
        }
        return head
    }
}

/// `DIR/FORMAT`: names the format and version, and holds the ledger id.
enum FormatFile {
    static func encoded(ledgerID: LedgerID) -> [UInt8] {
        Array("\(LogFormat.formatName) \(LogFormat.version)\nledger \(ledgerID)\n".utf8)
    }

    static func parse(_ bytes: [UInt8], path: String) throws(StoreError) -> LedgerID {
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        guard let first = lines.first, first.hasPrefix(LogFormat.formatName + " ") else {
            throw .damaged(LogDamage(.formatUnreadable, expected: "\"\(LogFormat.formatName) \(LogFormat.version)\"",
                                     found: "\"\(lines.first?.prefix(40) ?? "")\"", file: path))
        }
        let version = first.dropFirst(LogFormat.formatName.count + 1)
        guard version == String(LogFormat.version) else {
            throw .unsupportedFormat("the ledger at \(path) has format \(first): this program reads \(LogFormat.formatName) \(LogFormat.version)")
        }
        guard lines.count == 2, lines[1].hasPrefix("ledger "), let id = Hex.decode(lines[1].dropFirst(7)), id.count == 16 else {
            throw .damaged(LogDamage(.formatUnreadable, expected: "a second line \"ledger <32 hex digits>\"",
                                     found: lines.count > 1 ? "\"\(lines[1].prefix(40))\"" : nil, file: path))
        }
        return LedgerID(bytes: id)
    }
}
