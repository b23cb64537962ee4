import RosterCore
/// CSV (RFC 4180) for the spreadsheets clerks keep: a reader that accepts
/// UTF-8 with or without a byte order mark, CRLF, LF or CR line ends, quoted
/// fields holding commas, quotes ("") and line breaks, and a `;` separator
/// (what spreadsheets write under a comma-decimal locale) when the header has
/// no comma; and a writer that quotes only what needs it and neutralises
/// spreadsheet formulas.

/// A CSV text that cannot be read: names the record (row) it began on.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based row: the header is row 1.
    public var row: Int
    public var message: String
    public init(row: Int, message: String) {
        self.row = row
        self.message = message
    }
    public var description: String { "row \(row): \(message)" }
}

/// One record of a CSV file: its 1-based row number (the header is row 1; a
/// quoted line break does not start a new row) and its fields.
public struct CSVRecord: Equatable, Sendable {
    public var row: Int
    public var fields: [String]
    public init(row: Int, fields: [String]) {
        self.row = row
        self.fields = fields
    }
}

public enum CSV {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Parses `bytes` into records. Records whose fields are all empty
    /// (blank lines, rows of empty cells) are left out but keep their row
    /// numbers counted. Invalid UTF-8 is an error naming the row.
    public static func parse(_ bytes: [UInt8]) throws(CSVError) -> [CSVRecord] {
        var input = bytes[...]
        if input.starts(with: bom) { input = input.dropFirst(3) }
        let separator = detectSeparator(input)
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var row = 1
        var recordRow = 1
        var i = input.startIndex
        let end = input.endIndex
        var quoted = false          // inside a quoted field
        var wasQuoted = false       // the current field was quoted (closed)
        var atFieldStart = true

        func finishField() throws(CSVError) {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw CSVError(row: recordRow, message: "field \(fields.count + 1) is not valid UTF-8 (save the file as UTF-8)")
            }
            fields.append(s)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            atFieldStart = true
        }
        func finishRecord() throws(CSVError) {
            try finishField()
            if fields.contains(where: { !$0.isEmpty }) {
                records.append(CSVRecord(row: recordRow, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while i < end {
            let b = input[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    let next = input.index(after: i)
                    if next < end && input[next] == UInt8(ascii: "\"") {
                        field.append(b)
                        i = input.index(after: next)
                        continue
                    }
                    quoted = false
                    wasQuoted = true
                    i = next
                    continue
                }
                if b == 0x0A { row += 1 }
                if b == 0x0D {
                    let next = input.index(after: i)
                    if !(next < end && input[next] == 0x0A) { row += 1 }
                }
                field.append(b)
                i = input.index(after: i)
                continue
            }
            switch b {
            case separator:
                try finishField()
            case 0x0D, 0x0A:
                if b == 0x0D {
                    let next = input.index(after: i)
                    if next < end && input[next] == 0x0A { i = next }
                }
                try finishRecord()
                row += 1
                recordRow = row
            case UInt8(ascii: "\""):
                if atFieldStart {
                    quoted = true
                    atFieldStart = false
                } else {
                    throw CSVError(row: recordRow, message: "field \(fields.count + 1): a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")")
                }
            default:
                if wasQuoted {
                    throw CSVError(row: recordRow, message: "field \(fields.count + 1): text after the closing quote")
                }
                field.append(b)
                atFieldStart = false
            }
            i = input.index(after: i)
        }
        if quoted {
            throw CSVError(row: recordRow, message: "field \(fields.count + 1): a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            try finishRecord()
        }
        return records
    }

    /// `,` unless the first line has a `;` and no `,` outside quotes.
    static func detectSeparator(_ input: ArraySlice<UInt8>) -> UInt8 {
        var commas = 0, semicolons = 0
        var quoted = false
        for b in input {
            if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if b == 0x0A || b == 0x0D { break }
            if b == UInt8(ascii: ",") { commas += 1 }
            if b == UInt8(ascii: ";") { semicolons += 1 }
        }
        return commas == 0 && semicolons > 0 ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// Characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A field that a spreadsheet would run as a formula gets a leading `'`
    /// (OWASP's advice); `unneutralise` undoes it on import.
    public static func neutralise(_ field: String) -> String {
        if let first = field.first, formulaStarts.contains(first) { return "'" + field }
        return field
    }

    /// The inverse of `neutralise`: `'=1+2` → `=1+2`; other text unchanged.
    public static func unneutralise(_ field: String) -> String {
        if field.hasPrefix("'"), let second = field.dropFirst().first, formulaStarts.contains(second) {
            return String(field.dropFirst())
        }
        return field
    }

    /// One field as written: neutralised, then quoted when it holds a
    /// comma, a quote, a line break, or leading or trailing spaces.
    public static func field(_ raw: String) -> String {
        let s = neutralise(raw)
        let needsQuotes = s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" || $0 == "\r\n" })
            || s.hasPrefix(" ") || s.hasSuffix(" ")
        if !needsQuotes { return s }
        var out = "\""
        for c in s {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out + "\""
    }

    /// Records as CSV text: CRLF line ends (RFC 4180), every field through `field(_:)`.
    public static func write(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            out += row.map(field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }
}
