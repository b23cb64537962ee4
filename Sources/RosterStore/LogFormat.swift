/// # The Roster log, format version 1
///
/// The log is the only truth of the ledger: an append-only sequence of opaque
/// entries (the ledger puts one event in each) grouped into batches that are
/// committed atomically. Entries are numbered 1, 2, 3 … across the whole log;
/// that number is the entry's `seq`. All integers are little endian.
///
/// ## The directory
///
///     DIR/FORMAT              "roster-log 1\nledger <32 hex digits>\n"; written
///                             last by `create`, so without it there is no ledger
///     DIR/HEAD                the last committed batch, as text (below)
///     DIR/lock                the one writer holds flock(LOCK_EX) on it
///     DIR/log/00000001.seg    the segments, numbered from 1 without gaps
///
/// The ledger id (random, from `create`) is repeated in every segment header
/// so a segment from another ledger is refused.
///
/// ## Segments
///
/// A segment is a 64-byte header followed by records back to back:
///
///     offset size
///       0     8   magic "ROSTRSEG"
///       8     4   format version (1)
///      12     4   segment number (the number in the file name)
///      16     8   seq of the first entry in this segment
///      24     8   number of the batch in progress when the segment began
///      32     8   first seq of that batch
///      40    16   ledger id
///      56     4   CRC-32C of bytes 0..<56
///      60     4   zero
///
/// Bytes 16..<40 are the reader's state at the start of the segment, so a
/// scan can begin at any segment and a missing, swapped, renamed or reordered
/// segment shows as a header that does not continue the one before.
///
/// The writer starts a new segment before a record once the current segment
/// holds `segmentSize` bytes (64 MiB unless configured), so a record never
/// spans two segments. A batch may. A segment is fsynced before the next one
/// is created and the log directory is fsynced after, so only the last
/// segment can end in a torn record.
///
/// ## Records
///
///     offset size
///       0     4   payload length n (at most 16 MiB)
///       4     4   CRC-32C of bytes 0..<4 followed by bytes 8..<9+n
///                 (length, kind and payload)
///       8     1   kind: 1 entry, 2 commit
///       9     n   payload
///
/// An entry's payload belongs to the caller; its seq is not stored but
/// counted. A commit record closes the batch of entries written since the
/// previous commit record:
///
///       0     8   batch number (1, 2, 3 …)
///       8     8   seq of the batch's first entry
///      16     8   seq of its last entry (first − 1 for an empty batch)
///      24     8   entry count
///      32     …   commit info: opaque bytes of the caller (the ledger's head hash)
///
/// Each commit record must continue the one before it: the next batch
/// number, starting right after the previous batch, counting exactly the
/// entries between them. A removed record or commit marker breaks that chain.
///
/// ## What is committed
///
/// A batch is committed once its commit record has been fsynced. Readers see
/// the log up to the last commit record. What follows it — a batch being
/// written, or the torn tail of a crash — is invisible to them and is not
/// damage; the writer cuts it off when it opens the log and reports the cut.
/// Anything wrong before the last commit record is damage, refused with the
/// segment, the byte offset, and what was expected against what was found.
///
/// ## HEAD
///
///     roster-head 1
///     batches 12
///     entries 1110
///     segment 3
///     end 1048576             byte after the last commit record (64 in segment 1 when empty)
///     info 9f12…              commit info of the last batch, hex
///     checksum 1a2b3c4d       CRC-32C of the lines above, newlines included
///
/// HEAD is replaced (temporary file, fsync, rename, fsync directory) after the
/// commit record is fsynced. It lets a reader check the end of the log without
/// reading it all: the commit record that HEAD points at must be there. A crash
/// between the two fsyncs leaves the log one batch ahead of HEAD, which is
/// fine (the writer rewrites HEAD); a log behind HEAD has lost committed data
/// and is damage.
///
/// ## What is checked, and when
///
/// Opening reads FORMAT, HEAD, every segment header (numbering, ledger id,
/// order) and the end of the log: the commit record HEAD points at, and
/// everything after it. That is cheap however long the log is. Reading
/// (`forEachEntry`, `forEachBatch`) checks every record it passes: checksum,
/// seq and batch continuity, segment headers against the records before them.
/// So a flipped bit in an old record is refused by the read that reaches it;
/// reading everything from entry 1 (`forEachBatch`) is the full verification.
/// A reader sees the batches committed when it opened the log.
///
/// ## Order of a commit
///
/// 1. entries and the commit record are written (buffered, in big writes);
///    when a segment fills up: fsync it, create the next, fsync `log/`
/// 2. fsync the segment holding the commit record — the batch is committed
/// 3. replace HEAD
///
/// A failed write (disk full) truncates the batch away; a failed fsync is
/// never retried: the writer refuses all further work, and the next writer
/// recovers from whatever reached the disk.
enum LogFormat {
    static let formatName = "roster-log"
    static let headName = "roster-head"
    static let version: UInt32 = 1

    static let formatFile = "FORMAT"
    static let headFile = "HEAD"
    static let lockFile = "lock"
    static let logDirectory = "log"
    static let segmentSuffix = ".seg"

    /// "ROSTRSEG" read as a little-endian UInt64.
    static let segmentMagic: UInt64 = 0x4745_5352_5453_4F52
    static let segmentHeaderSize = 64
    static let recordHeaderSize = 9
    static let maxPayloadSize = 1 << 24
    static let commitFixedSize = 32
    static let maxCommitInfoSize = maxPayloadSize - commitFixedSize

    static let defaultSegmentSize: Int64 = 64 << 20
    static let defaultWriteBufferSize = 1 << 20
    static let readBufferSize = 4 << 20
}

/// The kind byte of a record.
enum RecordKind: UInt8 {
    case entry = 1
    case commit = 2
}
