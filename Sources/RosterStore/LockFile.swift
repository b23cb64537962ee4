import Glibc

/// The writer's lock: flock(LOCK_EX) on `DIR/lock`. One writer at a time;
/// another blocks in `acquire` until the holder releases it, closes the log,
/// or dies (the kernel drops the lock with the process). Readers never lock.
final class LockFile {
    let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Blocks until the lock is ours.
    static func acquire(path: String, io: FileIO) throws(StoreError) -> LockFile {
        let fd = try io.open(path, O_RDWR | O_CREAT, action: "open the lock file")
        while flock(fd, LOCK_EX) != 0 {
            let code = errno
            if code == EINTR { continue }
            io.close(fd)
            throw FileIO.error(code, "lock", path)
        }
        return LockFile(path: path, fd: fd)
    }

    var isHeld: Bool { fd >= 0 }

    func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        Glibc.close(fd)
        fd = -1
    }

    deinit { release() }
}
