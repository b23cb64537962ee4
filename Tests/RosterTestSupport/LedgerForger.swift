import RosterCore
import RosterStore

/// Writes ledgers in Roster's own on-disk format with every rule bypassed:
/// the events go through the project's segment writer (`SegmentLog`: framed
/// records with their CRC-32C, a commit record per batch, `HEAD`), each
/// stored as its canonical JSON and chained with SHA-256 exactly as an
/// append chains it, the commit record holding the head hash. Only the rule
/// checks are skipped, so what such a ledger breaks is found by the rules
/// alone — the checksums and the chain are right.
public enum LedgerForger {
    /// Creates a ledger at `directory` holding `batches`, each a list of
    /// JSON objects (one event each, `recorded` included: nothing is
    /// assigned), committed in order. Returns the head.
    @discardableResult
    public static func write(directory: String, batches: [[String]]) throws -> LedgerHead {
        try SegmentLog.create(directory: directory)
        let log = try SegmentLog.openForWriting(directory: directory)
        defer { log.close() }
        var hash = Digest32.zero
        var seq: Int64 = 0
        for lines in batches {
            let batch = try log.beginBatch()
            for line in lines {
                let canonical = try JSONParser.parse(line).canonicalBytes
                var sha = SHA256()
                hash.withUnsafeBytes { sha.update($0) }
                sha.update(canonical)
                hash = sha.finalize()
                try batch.append(canonical)
                seq += 1
            }
            try batch.commit(info: hash.bytes)
        }
        return LedgerHead(seq: seq, hash: hash)
    }
}
