import Glibc
import RosterCore

/// Reads a file (or standard input) through `read(2)`, for JSON Lines input.
public struct FileByteSource: ByteSource {
    let fd: Int32
    let path: String

    /// Opens `path` for reading; "-" is standard input.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 0
        } else {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw InputError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            var st = stat()
            if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                Glibc.close(fd)
                throw InputError(message: "cannot read \(path): it is a directory")
            }
            self.fd = fd
        }
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw InputError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
    }

    public func close() { if fd > 0 { Glibc.close(fd) } }

    /// The size of a regular file; nil for a pipe or a terminal.
    public var sizeHint: Int? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }
}

/// An input file that cannot be read (exit 1).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
