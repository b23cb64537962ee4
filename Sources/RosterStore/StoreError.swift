/// Everything that can go wrong in the store. Damage is a value
/// (`LogDamage`: the segment, the byte offset, what was expected against
/// what was found), worded where it is shown; every other case carries its
/// explanation as one sentence naming the file and the system's error.
///
/// The command line maps `isDamage` to exit code 3 ("the ledger failed
/// verification") and every other case to exit code 1.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// There is no ledger at the directory (no `FORMAT` file).
    case noLedger(directory: String)
    /// `create` found a ledger, or other files, already in the directory.
    case alreadyExists(String)
    /// Committed data is damaged: a checksum mismatch, a truncated or missing
    /// segment, a broken batch, a HEAD the log does not match.
    case damaged(LogDamage)
    /// The system refused access (EACCES, EPERM, EROFS).
    case permissionDenied(String)
    /// The disk or a quota is full, or a file grew past its limit
    /// (ENOSPC, EDQUOT, EFBIG).
    case diskFull(String)
    /// Any other failure of the system, a failed fsync among them.
    case io(String)
    /// The ledger was written in a format this code does not read.
    case unsupportedFormat(String)
    /// The API was used wrongly: writing through a log opened for reading,
    /// a second open batch, an entry over the size limit, a closed log.
    case misuse(String)

    /// True when committed data is damaged (exit code 3), false for every
    /// other failure (exit code 1).
    public var isDamage: Bool {
        if case .damaged = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .noLedger(let directory):
            return "no ledger at \(directory): run `roster init`"
        case .damaged(let damage):
            return damage.message
        case .alreadyExists(let m), .permissionDenied(let m), .diskFull(let m),
             .io(let m), .unsupportedFormat(let m), .misuse(let m):
            return m
        }
    }

    /// The damage, when committed data is damaged.
    public var damage: LogDamage? {
        if case .damaged(let d) = self { return d }
        return nil
    }

    /// The same kind of error with its message rewritten (to add context).
    /// Damage stays as it is: its fields say where, and the context of a
    /// failed write does not apply to it.
    func withMessage(_ transform: (String) -> String) -> StoreError {
        switch self {
        case .noLedger, .damaged: return self
        case .alreadyExists(let m): return .alreadyExists(transform(m))
        case .permissionDenied(let m): return .permissionDenied(transform(m))
        case .diskFull(let m): return .diskFull(transform(m))
        case .io(let m): return .io(transform(m))
        case .unsupportedFormat(let m): return .unsupportedFormat(transform(m))
        case .misuse(let m): return .misuse(transform(m))
        }
    }
}
