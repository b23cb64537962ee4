/// Damage of the log on disk (exit 3), as a value: what kind, where (the
/// segment, the byte offset, the seq when it is known, the file for HEAD and
/// FORMAT), and what was expected against what was found. The sentence an
/// operator reads is made once, by `message`, where the error is shown.
///
/// `expected` and `found` hold the values compared, printed as the format
/// prints them (a CRC as eight hex digits, a batch as "batch 7: entries
/// 901…1000, count 100", a segment as its label); `found` is nil where
/// nothing was there to find. Each `Kind` says what its fields hold.
public struct LogDamage: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        // MARK: Records (segment, offset of the record)
        /// The record's CRC-32C does not match its bytes. expected: the CRC
        /// stored in the record; found: the CRC computed.
        case badChecksum
        /// The record's length is over the limit (bad framing). expected:
        /// the largest payload; found: the length read.
        case badLength
        /// The record's kind byte is neither entry nor commit.
        case unknownRecordKind
        /// The segment ends inside the record. expected: the bytes the
        /// record needs; found: the bytes left in the segment.
        case truncatedRecord
        /// A commit record too short to hold its fields. expected: the
        /// fixed part's size; found: the payload's size.
        case malformedCommit
        /// A commit record that does not continue the one before (a record
        /// or a commit marker removed or inserted: a gap in the seqs or the
        /// batches). seq: the first seq of the batch expected; expected and
        /// found: the batches, "batch 2: entries 6…12, count 7".
        case commitDoesNotContinue
        /// A commit record in the middle of the batch being written.
        case commitInOpenBatch

        // MARK: Segments (segment; offset of the field in its header)
        /// No `.seg` file at all in the log directory (`file`).
        case noSegments
        /// A segment number is missing from the files. expected: its file
        /// name; found: the file that comes instead; `otherSegment`: the
        /// one before the gap (nil when the first segment is missing).
        case segmentMissing
        /// A segment file vanished while the log was read (`file`).
        case segmentVanished
        /// A segment too short to hold its header, or a header of zeros.
        /// expected: the header's size; found: the bytes there, when known.
        case segmentWithoutHeader
        /// The file does not start with the segment magic.
        case notASegment
        /// The header's CRC-32C does not match. expected: stored; found: computed.
        case segmentHeaderChecksum
        /// The header names another format version.
        case segmentVersion
        /// The header names another segment number than the file name
        /// (segments renamed or swapped). expected and found: labels.
        case segmentMisnamed
        /// The header carries another ledger's id.
        case foreignSegment
        /// A header that starts before the segment before it
        /// (`otherSegment`). seq: where this one says it starts.
        case segmentsOutOfOrder
        /// A header whose scan state is not where the segment before
        /// (`otherSegment`) ended.
        case segmentDoesNotContinue
        /// The segment ends (at `offset`) before the committed end
        /// (expected).
        case segmentEndsEarly
        /// The last segment shrank (to `offset`) below the committed end
        /// (expected) while the writer was opening the log.
        case truncatedWhileOpening

        // MARK: HEAD and FORMAT (file)
        case headMissing
        /// HEAD's text is not the HEAD format.
        case headUnreadable
        /// HEAD's own CRC-32C does not match. expected: stored; found: computed.
        case headChecksum
        /// HEAD and the log's last commit record disagree. expected: what
        /// HEAD records; found: what the log holds there (segment, offset:
        /// the end of that commit record; seq: its last entry); `headCheck`
        /// says what the check of HEAD's commit record found.
        case headMismatch
        /// The log ends short of what HEAD records (committed data lost).
        /// expected: what HEAD records ("12 committed entries"); found:
        /// where the log ends ("entry 5"). With a `cause`, that is the
        /// damage where it ends; without, the last segment ends cleanly at
        /// `offset` and `otherSegment` is HEAD's segment when it is missing.
        case logShorterThanHead
        /// FORMAT is not "roster-log 1" and a ledger id.
        case formatUnreadable

        // MARK: Positions kept outside the log (the entity index)
        /// A recorded position that does not fit the committed log.
        /// found: the position.
        case positionOutsideLog
        /// The log ended before `seq`, read from the position `found`.
        case logEndsBeforeSeq
    }

    /// What HEAD's commit record looked like when HEAD was checked against
    /// the log (`Kind.headMismatch`).
    public enum HeadCheck: Sendable, Equatable {
        /// The segment HEAD names is not there.
        case segmentMissing(segment: UInt32)
        /// The segment HEAD names has no header.
        case segmentWithoutHeader(segment: UInt32)
        /// HEAD's commit record of `batch`, at `offset` of `segment`, is cut
        /// short, is not a commit record, or says something else.
        case commitCutShort(batch: UInt64, segment: UInt32, offset: Int64)
        case commitAbsent(batch: UInt64, segment: UInt32, offset: Int64)
        case commitDiffers(batch: UInt64, segment: UInt32, offset: Int64)

        var phrase: String {
            switch self {
            case .segmentMissing(let s): return "segment \(SegmentName.label(s)) is missing"
            case .segmentWithoutHeader(let s): return "segment \(SegmentName.label(s)) has no header"
            case .commitCutShort(let b, let s, let o): return "\(Self.commit(b, s, o)) is cut short"
            case .commitAbsent(let b, let s, let o): return "\(Self.commit(b, s, o)) is not there"
            case .commitDiffers(let b, let s, let o): return "\(Self.commit(b, s, o)) does not say what HEAD says"
            }
        }

        private static func commit(_ batch: UInt64, _ segment: UInt32, _ offset: Int64) -> String {
            "the commit record of batch \(batch) in segment \(SegmentName.label(segment)) at byte \(offset)"
        }
    }

    public var kind: Kind
    /// The segment's number (its file is `SegmentName.fileName`).
    public var segment: UInt32?
    /// The byte offset in the segment (of the record, or of the header field).
    public var offset: Int64?
    /// The seq concerned, when the damage is about one.
    public var seq: UInt64?
    public var expected: String
    public var found: String?
    /// The file, for damage of HEAD, FORMAT or the log directory.
    public var file: String?
    /// The other segment the damage is measured against (see `Kind`).
    public var otherSegment: UInt32?
    public var headCheck: HeadCheck?
    /// For `logShorterThanHead`: the damage where the log ends. (An array
    /// only to let a struct hold one of its own kind.)
    private var causes: [LogDamage]

    public init(_ kind: Kind, segment: UInt32? = nil, offset: Int64? = nil, seq: UInt64? = nil,
                expected: String, found: String? = nil, file: String? = nil, otherSegment: UInt32? = nil,
                headCheck: HeadCheck? = nil, cause: LogDamage? = nil) {
        self.kind = kind
        self.segment = segment
        self.offset = offset
        self.seq = seq
        self.expected = expected
        self.found = found
        self.file = file
        self.otherSegment = otherSegment
        self.headCheck = headCheck
        self.causes = cause.map { [$0] } ?? []
    }

    /// For `logShorterThanHead`: the damage where the log stops.
    public var cause: LogDamage? { causes.first }

    /// "00000003", the segment as messages and `EntryLocation` show it.
    public var segmentLabel: String? { segment.map(SegmentName.label) }

    /// Where the damage is when it is a place in a segment.
    public var location: EntryLocation? {
        guard let segment, let offset else { return nil }
        return EntryLocation(segment: SegmentName.label(segment), offset: offset)
    }

    /// The bytes simply stop (rather than being wrong).
    var isTruncation: Bool {
        switch kind {
        case .truncatedRecord, .segmentEndsEarly, .segmentVanished: return true
        case .segmentWithoutHeader: return found == nil
        default: return false
        }
    }

    /// The sentence for the operator, in English. Made here only.
    public var message: String {
        let label = segmentLabel ?? "?"
        let at = "in segment \(label) at byte \(offset ?? 0)"
        let other = otherSegment.map(SegmentName.label) ?? "?"
        let found = self.found ?? "nothing"
        switch kind {
        case .badChecksum:
            return "checksum mismatch \(at): expected \(expected), computed \(found)"
        case .badLength:
            return "bad record length \(at): expected at most \(expected), found \(found)"
        case .unknownRecordKind:
            return "unknown record kind \(at): expected \(expected), found \(found)"
        case .truncatedRecord:
            return "truncated record \(at): expected \(expected) bytes, found \(found) before the end of the segment"
        case .malformedCommit:
            return "malformed commit record \(at): expected at least \(expected) bytes of payload, found \(found)"
        case .commitDoesNotContinue:
            return "commit record \(at) does not continue the log: expected \(expected), found \(found)"
        case .commitInOpenBatch:
            return "a commit record inside the open batch, \(at)"
        case .noSegments:
            return "segment \(label) is missing: the log directory \(file ?? "?") holds no segments"
        case .segmentMissing:
            if otherSegment == nil { return "segment \(label) is missing: the log starts at \(found)" }
            return "segment \(label) is missing: the log has \(SegmentName.fileName(otherSegment!)) and then \(found)"
        case .segmentVanished:
            return "segment \(label) is missing: \(file ?? "?") disappeared while the log was being read"
        case .segmentWithoutHeader:
            return "segment \(label) has no header: expected \(expected) bytes at byte 0\(self.found.map { ", found \($0)" } ?? "")"
        case .notASegment:
            return "segment \(label) is not a Roster log segment: expected magic \"\(expected)\" at byte \(offset ?? 0), found \(found)"
        case .segmentHeaderChecksum:
            return "header checksum mismatch \(at): expected \(expected), computed \(found)"
        case .segmentVersion:
            return "segment \(label) has format version \(found): expected \(expected), as in FORMAT"
        case .segmentMisnamed:
            return "segment file \(SegmentName.fileName(segment ?? 0)) holds segment \(found): expected its header to say \(expected); segments were renamed or swapped"
        case .foreignSegment:
            return "segment \(label) belongs to another ledger: expected ledger id \(expected), found \(found)"
        case .segmentsOutOfOrder:
            return "segment \(label) starts at \(found), before segment \(other) (\(expected)): segments are out of order"
        case .segmentDoesNotContinue:
            return "segment \(label) does not continue segment \(other): expected it to start at \(expected), its header says \(found)"
        case .segmentEndsEarly:
            return "segment \(label) ends at byte \(offset ?? 0), before the committed end at byte \(expected)"
        case .truncatedWhileOpening:
            return "segment \(label) ends at byte \(offset ?? 0), before the last commit record ends at byte \(expected): it was truncated while the log was being opened"
        case .headMissing:
            return "HEAD is missing: expected \(file ?? "?"), which records how much of the log is committed"
        case .headUnreadable:
            return "HEAD is unreadable: \(file ?? "?"): expected \(expected)\(self.found.map { ", found \($0)" } ?? "")"
        case .headChecksum:
            return "HEAD checksum mismatch in \(file ?? "?"): expected \(expected), computed \(found)"
        case .headMismatch:
            return "HEAD does not match the log: HEAD records \(expected), but the log has \(found)\(headCheck.map { " (\($0.phrase))" } ?? "")"
        case .logShorterThanHead:
            let short = "log ends at \(found) but HEAD records \(expected)"
            if let cause {
                return cause.isTruncation ? "\(short): \(cause.message)" : "\(cause.message); \(short)"
            }
            var message = "\(short) (the last segment, \(label), ends at byte \(offset ?? 0)"
            if let missing = otherSegment {
                message += "; segment \(SegmentName.label(missing)), where HEAD's last batch ends, is missing"
            }
            return message + ")"
        case .formatUnreadable:
            return "FORMAT is unreadable: \(file ?? "?"): expected \(expected)\(self.found.map { ", found \($0)" } ?? "")"
        case .positionOutsideLog:
            return "entry position \(found) is not in the committed log (\(expected))"
        case .logEndsBeforeSeq:
            return "the log ends before seq \(seq.map(String.init) ?? "?"), read from \(found)"
        }
    }

    public var description: String { message }
}

extension LogDamage {
    /// The damage a record problem is, at `offset` of `segment`.
    init(_ problem: RecordProblem, segment: UInt32, offset: Int64) {
        switch problem {
        case .lengthTooLarge(let length):
            self.init(.badLength, segment: segment, offset: offset, expected: "\(LogFormat.maxPayloadSize)", found: "\(length)")
        case .checksumMismatch(let expected, let computed):
            self.init(.badChecksum, segment: segment, offset: offset, expected: Hex.word(expected), found: Hex.word(computed))
        case .unknownKind(let kind):
            self.init(.unknownRecordKind, segment: segment, offset: offset, expected: "1 (entry) or 2 (commit)", found: "\(kind)")
        case .truncated(let needed, let available):
            self.init(.truncatedRecord, segment: segment, offset: offset, expected: "\(needed)", found: "\(available)")
        case .shortCommit(let count):
            self.init(.malformedCommit, segment: segment, offset: offset, expected: "\(LogFormat.commitFixedSize)", found: "\(count)")
        }
    }
}
