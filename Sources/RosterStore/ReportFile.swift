import Glibc

/// `--out FILE`: a report written whole or not at all. The bytes go to a
/// temporary file in the same directory (so the rename stays on one file
/// system), which is fsynced and renamed over FILE; on any failure the
/// temporary file is removed and FILE — absent or an earlier report — is
/// left as it was. A reader never sees half a report.
public enum ReportFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        try write(bytes, to: path, io: FileIO())
    }

    public static func write(_ text: String, to path: String) throws(StoreError) {
        try write(Array(text.utf8), to: path)
    }

    /// The directory of `path` ("." for a bare name) and its last component.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// The temporary file beside `path`: hidden, named after it and this process.
    static func temporaryPath(for path: String) -> String {
        let (directory, name) = split(path)
        return "\(directory)/.\(name).\(getpid()).tmp"
    }

    static func write(_ bytes: [UInt8], to path: String, io: FileIO) throws(StoreError) {
        let (directory, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .io("cannot write the report to \(path): expected a file name")
        }
        if io.kind(of: path) == .directory {
            throw .io("cannot write the report to \(path): it is a directory")
        }
        if io.kind(of: path) == .other {
            // A device, a pipe or a link to one (/dev/stdout, /dev/full): a
            // rename would replace the device node, so the bytes go to it
            // directly, and a failed write fails the command.
            try writeDirectly(bytes, to: path)
            return
        }
        let temporary = temporaryPath(for: path)
        do throws(StoreError) {
            let fd = try io.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o644, action: "create")
            do throws(StoreError) {
                try bytes.withBytes { (buffer) throws(StoreError) in try io.write(fd, temporary, buffer, at: 0) }
                try io.sync(fd, temporary)
            } catch {
                io.close(fd)
                throw error
            }
            io.close(fd)
            try io.rename(temporary, path)
        } catch {
            unlink(temporary)
            throw error.withMessage { "cannot write the report to \(path): \($0)" }
        }
        // The rename is done; making it durable is best effort (a report can be made again).
        try? io.syncDirectory(directory)
    }
}

extension ReportFile {
    static func writeDirectly(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot write the report to \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io("write to \(path) failed: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }
}

extension Ledger {
    /// The name of the file in the ledger directory that holds a document's
    /// defaults (place, number, signer, recipients; docs/REPORTS.md).
    public static let letterheadFileName = "letterhead.json"

    /// The bytes of `letterhead.json` and its path, or nil when the ledger has none.
    public func letterheadFile() throws(StoreError) -> (path: String, bytes: [UInt8])? {
        let path = directory + "/" + Ledger.letterheadFileName
        return try FileIO().readFileIfPresent(path).map { (path, $0) }
    }
}
