import Glibc

/// The system calls the store makes, named so a `FaultInjector` can pick one.
enum FileOperation: Sendable, Equatable {
    case open, read, write, sync, truncate, rename, remove, makeDirectory, list, lock
}

/// Test-only: makes chosen system calls fail the way a full disk or a failing
/// device would, so the error paths can be exercised deterministically.
/// Production code never creates one.
final class FaultInjector: @unchecked Sendable {
    /// Consulted before every operation on a path; a non-nil errno makes the
    /// operation fail with it.
    var failure: (FileOperation, String) -> Int32? = { _, _ in nil }
    /// Bytes that writes may still add before failing with ENOSPC, like a disk
    /// filling up: the write that crosses the limit is partial. nil: no limit.
    var spaceLeft: Int?

    init() {}
}

/// Thin wrappers over Glibc: each call either does what it says or throws a
/// `StoreError` naming the action, the path and the errno. EINTR is retried
/// where POSIX allows it; a failed fsync never is.
struct FileIO {
    var faults: FaultInjector? = nil

    // MARK: Errors

    static func errnoName(_ code: Int32) -> String? {
        switch code {
        case ENOSPC: return "ENOSPC"
        case EDQUOT: return "EDQUOT"
        case EFBIG: return "EFBIG"
        case EACCES: return "EACCES"
        case EPERM: return "EPERM"
        case EROFS: return "EROFS"
        case EIO: return "EIO"
        case ENOENT: return "ENOENT"
        case EEXIST: return "EEXIST"
        case ENOTDIR: return "ENOTDIR"
        case EISDIR: return "EISDIR"
        case EMFILE: return "EMFILE"
        case ENFILE: return "ENFILE"
        case ENOTEMPTY: return "ENOTEMPTY"
        default: return nil
        }
    }

    /// The error for a failed system call: permission, disk-full or other I/O.
    static func error(_ code: Int32, _ action: String, _ path: String) -> StoreError {
        let reason = String(cString: strerror(code))
        let message = "cannot \(action) \(path): \(reason) (\(errnoName(code) ?? "errno \(code)"))"
        switch code {
        case EACCES, EPERM, EROFS: return .permissionDenied(message)
        case ENOSPC, EDQUOT, EFBIG: return .diskFull(message)
        default: return .io(message)
        }
    }

    private func injected(_ operation: FileOperation, _ action: String, _ path: String) throws(StoreError) {
        if let faults, let code = faults.failure(operation, path) {
            throw FileIO.error(code, action, path)
        }
    }

    // MARK: Files

    /// Opens a file; O_CLOEXEC is always added.
    func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644, action: String = "open") throws(StoreError) -> Int32 {
        guard let fd = try openIfPresent(path, flags, mode: mode, action: action) else {
            throw FileIO.error(ENOENT, action, path)
        }
        return fd
    }

    /// Opens a file, or returns nil when it does not exist.
    func openIfPresent(_ path: String, _ flags: Int32, mode: mode_t = 0o644, action: String = "open") throws(StoreError) -> Int32? {
        try injected(.open, action, path)
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return nil }
            throw FileIO.error(code, action, path)
        }
    }

    func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Reads from `offset` until the buffer is full or the file ends; returns
    /// the number of bytes read (less than the buffer only at the end).
    func read(_ fd: Int32, _ path: String, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StoreError) -> Int {
        try injected(.read, "read", path)
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n > 0 { done += n; continue }
            if n == 0 { break }
            let code = errno
            if code == EINTR { continue }
            throw FileIO.error(code, "read", path)
        }
        return done
    }

    /// Writes all of `bytes` at `offset`, continuing after short writes.
    func write(_ fd: Int32, _ path: String, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StoreError) {
        try injected(.write, "write", path)
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            var count = bytes.count - done
            if let faults, let left = faults.spaceLeft {
                if left == 0 { throw FileIO.error(ENOSPC, "write", path) }
                count = min(count, left)
                faults.spaceLeft = left - count
            }
            let n = pwrite(fd, base + done, count, off_t(offset) + off_t(done))
            if n >= 0 { done += n; continue }
            let code = errno
            if code == EINTR { continue }
            throw FileIO.error(code, "write", path)
        }
    }

    /// fsync. A failure is final: the caller must treat it as a crash and
    /// never call fsync again hoping for success (the kernel may have dropped
    /// the dirty pages and cleared the error).
    func sync(_ fd: Int32, _ path: String) throws(StoreError) {
        try injected(.sync, "fsync", path)
        if fsync(fd) != 0 { throw FileIO.error(errno, "fsync", path) }
    }

    func truncate(_ fd: Int32, _ path: String, to length: Int64) throws(StoreError) {
        try injected(.truncate, "truncate", path)
        while ftruncate(fd, off_t(length)) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw FileIO.error(code, "truncate", path)
        }
    }

    func size(_ fd: Int32, _ path: String) throws(StoreError) -> Int64 {
        var info = stat()
        if fstat(fd, &info) != 0 { throw FileIO.error(errno, "stat", path) }
        return Int64(info.st_size)
    }

    func rename(_ from: String, _ to: String) throws(StoreError) {
        try injected(.rename, "rename \(from) to", to)
        if Glibc.rename(from, to) != 0 { throw FileIO.error(errno, "rename \(from) to", to) }
    }

    func remove(_ path: String) throws(StoreError) {
        try injected(.remove, "remove", path)
        if unlink(path) != 0 { throw FileIO.error(errno, "remove", path) }
    }

    // MARK: Directories

    func makeDirectory(_ path: String) throws(StoreError) {
        try injected(.makeDirectory, "create directory", path)
        if mkdir(path, 0o755) != 0 { throw FileIO.error(errno, "create directory", path) }
    }

    /// fsync of a directory, which makes the creation, removal or renaming of
    /// its entries durable.
    func syncDirectory(_ path: String) throws(StoreError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path)
    }

    /// The names in a directory, without "." and "..".
    func list(_ path: String) throws(StoreError) -> [String] {
        try injected(.list, "list directory", path)
        guard let dir = opendir(path) else { throw FileIO.error(errno, "list directory", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw FileIO.error(errno, "list directory", path) }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    enum Kind { case file, directory, other }

    /// What is at a path, or nil when nothing is.
    func kind(of path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    // MARK: Small whole files (FORMAT, HEAD)

    /// The contents of a small file, or nil when it does not exist.
    func readFileIfPresent(_ path: String) throws(StoreError) -> [UInt8]? {
        guard let fd = try openIfPresent(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try chunk.withMutableBytes { (buffer) throws(StoreError) -> Int in
                try read(fd, path, into: buffer, at: Int64(bytes.count))
            }
            bytes += chunk[0..<n]
            if n < chunk.count { return bytes }
        }
    }

    /// Writes `bytes` to `path + ".tmp"` and fsyncs it: the first half of an
    /// atomic replacement. `install` does the second half.
    func prepareReplacement(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        let temporary = path + ".tmp"
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        try bytes.withBytes { (buffer) throws(StoreError) in try write(fd, temporary, buffer, at: 0) }
        try sync(fd, temporary)
    }

    /// Renames `path + ".tmp"` over `path` and fsyncs the directory.
    func installReplacement(_ path: String, directory: String) throws(StoreError) {
        try rename(path + ".tmp", path)
        try syncDirectory(directory)
    }
}
