import Glibc
import RosterCore

/// # The entity index (DIR/index/), derived and disposable
///
/// For every member and unit, the seqs of the events an audit trail shows
/// (a member's events; the unit events naming a unit), the seqs of the
/// retractions of any event, and where in the segments every 1024th entry
/// begins, with the chain hash just before it. `roster history` reads only
/// the blocks of 1024 entries that hold what it shows: it checks every
/// record's CRC-32C and recomputes the chain through each block from the
/// hash before it to the hash after it (the next block's, or the committed
/// head's), so a changed event is found by the read that shows it.
///
/// The files:
///
///     index/MANIFEST        text, replaced atomically (temporary file, rename):
///                               roster-entity-index 1
///                               head <seq> <hash hex>      the committed head it covers
///                               part <file> <first seq> <last seq> <postings>
///                               …                          contiguous from seq 1 to the head
///                               checksum <CRC-32C of the lines above, hex>
///     index/*.part          immutable once written (below)
///
/// Each append writes one part for its batch and a new MANIFEST (nothing is
/// rewritten); neighbouring parts of similar size are merged so there are
/// about log₂(events) of them. A part:
///
///     offset size
///       0     8   magic "RSTRPART"
///       8     4   version (1)
///      16     8   first seq, 24: last seq
///      32     8   block count n, 40: posting count m
///      60     4   CRC-32C of bytes 0..<60
///      64   72n   blocks: seq, segment (4) + 4 zero, offset, batch, first seq of the
///                 batch, chain hash before seq (32)  — sorted by seq
///       …   16m   postings: key, seq — sorted by (key, seq)
///       …         CRC-32C of every page of 64 blocks, then of every page of 256 postings
///
/// A key is the 62-bit hash of a member id (top bits 00), of a unit id (01),
/// or of the id of a retracted event (10). Hash collisions only add
/// seqs: the reader decodes each event and keeps those that really name the
/// id. The pages a lookup touches are checked before they are used.
///
/// When MANIFEST is missing, damaged, of another version or names another
/// head than the committed one (an append killed between its commit and
/// the index update; a ledger written by an older Roster), or a part is
/// missing or fails a check, the reader rebuilds the index from the log
/// (one full read, as the audit trail cost before), and answers from the
/// log. The index never changes an answer.
enum EntityIndex {
    static let version = 1
    static let directoryName = "index"
    static let manifestName = "MANIFEST"
    static let magic: [UInt8] = Array("RSTRPART".utf8)
    static let headerSize = 64
    static let blocksPerPage = 64
    static let postingsPerPage = 256

    static func directory(_ ledger: String) -> String { ledger + "/" + directoryName }

    // MARK: Keys

    static let hashMask: UInt64 = (1 << 62) - 1
    static func memberKey(_ id: String) -> UInt64 { Interner.hash(of: id) & hashMask }
    static func unitKey(_ id: String) -> UInt64 { (Interner.hash(of: id) & hashMask) | (1 << 62) }
    /// The key of the retractions of the event whose id is `target`.
    static func retractionKey(_ target: String) -> UInt64 { (Interner.hash(of: target) & hashMask) | (2 << 62) }

    static func key(_ subject: HistoryReport.Subject, _ id: String) -> UInt64 {
        subject == .member ? memberKey(id) : unitKey(id)
    }

    /// The keys an event is posted under: its member, or the units a unit
    /// event names, or (a retraction) the retracted event's id.
    static func keys(of event: Event, into out: inout [UInt64]) {
        if case .eventRetracted(let target, _) = event.body {
            out.append(retractionKey(target))
        } else if let m = event.body.member {
            out.append(memberKey(m))
        } else {
            for u in event.body.units { out.append(unitKey(u)) }
        }
    }

    // MARK: Records

    struct Posting: Equatable {
        var key: UInt64
        var seq: UInt64
        static func < (a: Posting, b: Posting) -> Bool { a.key != b.key ? a.key < b.key : a.seq < b.seq }
    }

    /// A block start: where seq `seq` (≡ 1 mod 1024) begins, and the chain
    /// hash after seq − 1.
    struct Block {
        var seq: UInt64
        var segment: UInt32
        var zero: UInt32 = 0
        var offset: Int64
        var batch: UInt64
        var batchFirstSeq: UInt64
        var hash: (UInt64, UInt64, UInt64, UInt64)

        init(_ p: LogPosition, hashBefore: Digest32) {
            seq = p.seq; segment = p.segment; offset = p.offset; batch = p.batch; batchFirstSeq = p.batchFirstSeq
            var h: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            hashBefore.withUnsafeBytes { src in withUnsafeMutableBytes(of: &h) { $0.copyMemory(from: src) } }
            hash = h
        }

        var position: LogPosition {
            LogPosition(seq: seq, segment: segment, offset: offset, batch: batch, batchFirstSeq: batchFirstSeq)
        }
        var hashBefore: Digest32 {
            var h = hash
            return withUnsafeBytes(of: &h) { Digest32(bytes: $0)! }
        }
    }

    // MARK: Reading

    /// Something wrong with the index itself (not the log): rebuild it.
    struct Damaged: Error, CustomStringConvertible {
        var description: String
    }

    struct PartEntry: Equatable {
        var file: String
        var firstSeq: UInt64
        var lastSeq: UInt64
        var postings: UInt64
    }

    struct Manifest: Equatable {
        var head: LedgerHead
        var parts: [PartEntry]

        func encoded() -> [UInt8] {
            var text = "roster-entity-index \(EntityIndex.version)\nhead \(head.seq) \(head.hash.hex)\n"
            for p in parts { text += "part \(p.file) \(p.firstSeq) \(p.lastSeq) \(p.postings)\n" }
            let crc = CRC32C.checksum(Array(text.utf8))
            text += "checksum \(String(crc, radix: 16))\n"
            return Array(text.utf8)
        }

        /// The manifest in `bytes`, or nil unless it is whole, of this
        /// version, and its parts run from seq 1 to its head without gaps.
        static func decode(_ bytes: [UInt8]) -> Manifest? {
            guard let text = String(validating: bytes, as: UTF8.self), text.hasSuffix("\n") else { return nil }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            guard lines.count >= 3, let last = lines.popLast(), last.hasPrefix("checksum "),
                  let crc = UInt32(last.dropFirst(9), radix: 16),
                  CRC32C.checksum(Array(lines.map { $0 + "\n" }.joined().utf8)) == crc,
                  lines[0] == "roster-entity-index \(EntityIndex.version)" else { return nil }
            let h = lines[1].split(separator: " ")
            guard h.count == 3, h[0] == "head", let seq = Int64(h[1]), seq >= 0,
                  let hash = Digest32(hex: String(h[2])) else { return nil }
            var parts: [PartEntry] = []
            var next: UInt64 = 1
            for line in lines.dropFirst(2) {
                let f = line.split(separator: " ")
                guard f.count == 5, f[0] == "part", !f[1].contains("/"),
                      let a = UInt64(f[2]), let b = UInt64(f[3]), let m = UInt64(f[4]), a == next, b >= a else { return nil }
                parts.append(PartEntry(file: String(f[1]), firstSeq: a, lastSeq: b, postings: m))
                next = b + 1
            }
            guard next == UInt64(seq) + 1 else { return nil }
            return Manifest(head: LedgerHead(seq: seq, hash: hash), parts: parts)
        }

        static func read(_ directory: String) -> Manifest? {
            guard let bytes = readWholeFile(EntityIndex.directory(directory) + "/" + EntityIndex.manifestName) else { return nil }
            return decode(bytes)
        }
    }

    /// A part file, mapped; pages are checked the first time they are read.
    final class Part {
        let entry: PartEntry
        let base: UnsafeRawPointer
        let size: Int
        let blockCount: Int
        let postingCount: Int
        let blocksOffset = EntityIndex.headerSize
        let postingsOffset: Int
        let blockCRCOffset: Int
        let postingCRCOffset: Int
        private var checkedBlockPages = Set<Int>()
        private var checkedPostingPages = Set<Int>()

        init(directory: String, entry: PartEntry) throws(Damaged) {
            self.entry = entry
            let path = EntityIndex.directory(directory) + "/" + entry.file
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Damaged(description: "part \(entry.file) is missing") }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_size >= EntityIndex.headerSize else { throw Damaged(description: "part \(entry.file) is too short") }
            let size = Int(st.st_size)
            guard let p = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else { throw Damaged(description: "cannot map \(entry.file)") }
            let base = UnsafeRawPointer(p)
            self.base = base
            self.size = size
            func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
            let header = UnsafeRawBufferPointer(start: base, count: 60)
            let n = Int(truncatingIfNeeded: u64(32)), m = Int(truncatingIfNeeded: u64(40))
            postingsOffset = EntityIndex.headerSize &+ n &* MemoryLayout<Block>.stride
            blockCRCOffset = postingsOffset &+ m &* 16
            postingCRCOffset = blockCRCOffset &+ (n + EntityIndex.blocksPerPage - 1) / EntityIndex.blocksPerPage * 4
            let expectedSize = postingCRCOffset &+ (m + EntityIndex.postingsPerPage - 1) / EntityIndex.postingsPerPage * 4
            blockCount = n
            postingCount = m
            guard memcmp(base, EntityIndex.magic, 8) == 0,
                  UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) == UInt32(EntityIndex.version),
                  CRC32C.checksum(header) == UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 60, as: UInt32.self)),
                  n >= 0, m >= 0, n < 1 << 40, m < 1 << 40, expectedSize == size,
                  u64(16) == entry.firstSeq, u64(24) == entry.lastSeq, UInt64(m) == entry.postings else {
                throw Damaged(description: "part \(entry.file) does not match the manifest or fails its header check")
            }
        }

        deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

        private func checkPage(_ page: Int, recordsPerPage: Int, count: Int, recordSize: Int,
                               offset: Int, crcOffset: Int) throws(Damaged) {
            let first = page * recordsPerPage
            let records = min(recordsPerPage, count - first)
            let bytes = UnsafeRawBufferPointer(start: base + offset + first * recordSize, count: records * recordSize)
            let stored = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: crcOffset + page * 4, as: UInt32.self))
            guard CRC32C.checksum(bytes) == stored else {
                throw Damaged(description: "part \(entry.file): page \(page) fails its checksum")
            }
        }

        func posting(_ i: Int) throws(Damaged) -> Posting {
            let page = i / EntityIndex.postingsPerPage
            if !checkedPostingPages.contains(page) {
                try checkPage(page, recordsPerPage: EntityIndex.postingsPerPage, count: postingCount, recordSize: 16,
                              offset: postingsOffset, crcOffset: postingCRCOffset)
                checkedPostingPages.insert(page)
            }
            let o = postingsOffset + i * 16
            return Posting(key: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt64.self)),
                           seq: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)))
        }

        func block(_ i: Int) throws(Damaged) -> Block {
            let page = i / EntityIndex.blocksPerPage
            if !checkedBlockPages.contains(page) {
                try checkPage(page, recordsPerPage: EntityIndex.blocksPerPage, count: blockCount, recordSize: MemoryLayout<Block>.stride,
                              offset: blocksOffset, crcOffset: blockCRCOffset)
                checkedBlockPages.insert(page)
            }
            return base.loadUnaligned(fromByteOffset: blocksOffset + i * MemoryLayout<Block>.stride, as: Block.self)
        }

        /// The seqs posted under `key`, in order.
        func seqs(of key: UInt64) throws(Damaged) -> [UInt64] {
            var lo = 0, hi = postingCount
            while lo < hi {
                let mid = (lo + hi) / 2
                if try posting(mid).key < key { lo = mid + 1 } else { hi = mid }
            }
            var out: [UInt64] = []
            var i = lo
            while i < postingCount {
                let p = try posting(i)
                guard p.key == key else { break }
                guard p.seq >= entry.firstSeq, p.seq <= entry.lastSeq else {
                    throw Damaged(description: "part \(entry.file) posts seq \(p.seq) outside its range")
                }
                out.append(p.seq)
                i += 1
            }
            return out
        }

        func allPostings() throws(Damaged) -> [Posting] {
            var out: [Posting] = []
            out.reserveCapacity(postingCount)
            for i in 0..<postingCount { out.append(try posting(i)) }
            return out
        }

        func allBlocks() throws(Damaged) -> [Block] {
            var out: [Block] = []
            out.reserveCapacity(blockCount)
            for i in 0..<blockCount { out.append(try block(i)) }
            return out
        }
    }

    /// The index of a ledger at its committed head: nil when there is none,
    /// or it was written for another head, or its manifest or a part's
    /// header is damaged.
    final class Reader {
        let head: LedgerHead
        let parts: [Part]

        init?(directory: String, head: LedgerHead) {
            guard let manifest = Manifest.read(directory), manifest.head == head else { return nil }
            var parts: [Part] = []
            for entry in manifest.parts {
                guard let part = try? Part(directory: directory, entry: entry) else { return nil }
                parts.append(part)
            }
            self.head = head
            self.parts = parts
        }

        /// Every seq posted under `key`, ascending, without repeats.
        func seqs(of key: UInt64) throws(Damaged) -> [UInt64] {
            var out: [UInt64] = []
            for part in parts {
                for s in try part.seqs(of: key) where out.last != s { out.append(s) }
            }
            return out
        }

        /// The start of the block holding `seq`, the chain hash before it,
        /// its last seq and the chain hash after that.
        func block(holding seq: UInt64) throws(Damaged) -> (start: LogPosition, before: Digest32, last: UInt64, after: Digest32) {
            let size = LogPosition.blockSize
            let k = (seq - 1) / size
            let first = k * size + 1
            let last = min(first + size - 1, UInt64(head.seq))
            let b = try blockRecord(startingAt: first)
            let after = last == UInt64(head.seq) ? head.hash : try blockRecord(startingAt: last + 1).hashBefore
            return (b.position, b.hashBefore, last, after)
        }

        private func blockRecord(startingAt seq: UInt64) throws(Damaged) -> Block {
            guard let part = parts.first(where: { $0.entry.firstSeq <= seq && seq <= $0.entry.lastSeq }) else {
                throw Damaged(description: "no part holds seq \(seq)")
            }
            let size = LogPosition.blockSize
            let firstBlock = (part.entry.firstSeq - 1 + size - 1) / size  // the first block starting in the part
            let i = Int((seq - 1) / size - firstBlock)
            guard i >= 0, i < part.blockCount else { throw Damaged(description: "part \(part.entry.file) lacks the block of seq \(seq)") }
            let b = try part.block(i)
            guard b.seq == seq else { throw Damaged(description: "part \(part.entry.file): block \(i) starts at seq \(b.seq), not \(seq)") }
            return b
        }
    }

    // MARK: Writing

    /// Writes a part holding `blocks` and `postings` (sorted) for seqs
    /// `first...last`; returns its manifest entry.
    static func writePart(directory: String, first: UInt64, last: UInt64, blocks: [Block], postings: [Posting]) throws -> PartEntry {
        let dir = EntityIndex.directory(directory)
        var random = SystemRandomNumberGenerator()
        let name = "\(first)-\(last)-\(getpid())-\(String(random.next() as UInt32, radix: 16)).part"
        var header = [UInt8](repeating: 0, count: headerSize)
        header.replaceSubrange(0..<8, with: magic)
        func put(_ v: UInt64, _ o: Int) { withUnsafeBytes(of: v.littleEndian) { header.replaceSubrange(o..<o + 8, with: $0) } }
        withUnsafeBytes(of: UInt32(version).littleEndian) { header.replaceSubrange(8..<12, with: $0) }
        put(first, 16); put(last, 24); put(UInt64(blocks.count), 32); put(UInt64(postings.count), 40)
        let crc = header.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<60])) }
        withUnsafeBytes(of: crc.littleEndian) { header.replaceSubrange(60..<64, with: $0) }
        func pageCRCs(_ raw: UnsafeRawBufferPointer, recordSize: Int, perPage: Int) -> [UInt32] {
            let count = raw.count / max(recordSize, 1)
            return stride(from: 0, to: count, by: perPage).map { i in
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(i * recordSize)..<(min(i + perPage, count) * recordSize)])).littleEndian
            }
        }
        let blockCRCs = blocks.withUnsafeBytes { pageCRCs($0, recordSize: MemoryLayout<Block>.stride, perPage: blocksPerPage) }
        let postingCRCs = postings.withUnsafeBytes { pageCRCs($0, recordSize: 16, perPage: postingsPerPage) }
        try writeFile(dir: dir, name: name) { w in
            try header.withUnsafeBytes { try w($0) }
            try blocks.withUnsafeBytes { try w($0) }
            try postings.withUnsafeBytes { try w($0) }
            try blockCRCs.withUnsafeBytes { try w($0) }
            try postingCRCs.withUnsafeBytes { try w($0) }
        }
        return PartEntry(file: name, firstSeq: first, lastSeq: last, postings: UInt64(postings.count))
    }

    static func writeManifest(directory: String, _ manifest: Manifest) throws {
        let bytes = manifest.encoded()
        try writeFile(dir: EntityIndex.directory(directory), name: manifestName) { w in try bytes.withUnsafeBytes { try w($0) } }
    }

    /// Replaces the index with one part (after a full read of the log).
    static func replace(directory: String, head: LedgerHead, blocks: [Block], postings: [Posting]) throws {
        let old = Manifest.read(directory)
        var parts: [PartEntry] = []
        if head.seq > 0 {
            parts.append(try writePart(directory: directory, first: 1, last: UInt64(head.seq), blocks: blocks, postings: postings))
        }
        try writeManifest(directory: directory, Manifest(head: head, parts: parts))
        for p in old?.parts ?? [] where !parts.contains(p) { unlink(EntityIndex.directory(directory) + "/" + p.file) }
    }

    /// Adds the part of one batch (seqs after `previous` through `head`) to
    /// an index that covers exactly `previous`, merging the newest parts
    /// while the one before is at most twice the size of the last. An index
    /// that covers anything else is left alone: it is stale, and the next
    /// reader rebuilds it.
    static func extend(directory: String, previous: LedgerHead, head: LedgerHead, blocks: [Block], postings: [Posting]) throws {
        var manifest: Manifest
        if previous.seq == 0 {
            manifest = Manifest(head: previous, parts: [])
        } else {
            guard let m = Manifest.read(directory), m.head == previous else { return }
            manifest = m
        }
        let added = try writePart(directory: directory, first: UInt64(previous.seq) + 1, last: UInt64(head.seq),
                                  blocks: blocks, postings: postings)
        var parts = manifest.parts + [added]
        var garbage: [PartEntry] = []
        while parts.count >= 2, parts[parts.count - 2].postings <= 2 * parts[parts.count - 1].postings || parts.count > 40 {
            let b = parts.removeLast(), a = parts.removeLast()
            let pa = try Part(directory: directory, entry: a), pb = try Part(directory: directory, entry: b)
            let merged = try writePart(directory: directory, first: a.firstSeq, last: b.lastSeq,
                                       blocks: try pa.allBlocks() + pb.allBlocks(),
                                       postings: mergeSorted(try pa.allPostings(), try pb.allPostings()))
            parts.append(merged)
            garbage += [a, b]
        }
        try writeManifest(directory: directory, Manifest(head: head, parts: parts))
        for p in garbage { unlink(EntityIndex.directory(directory) + "/" + p.file) }
    }

    static func mergeSorted(_ a: [Posting], _ b: [Posting]) -> [Posting] {
        var out: [Posting] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if b[j] < a[i] { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// Sorts postings made in seq order by key (then seq): a stable radix
    /// sort on the key, 8 bits a pass (a bulk append posts tens of millions;
    /// a comparison sort took several times as long). Passes whose byte is
    /// the same in every key are skipped.
    static func sortPostings(_ p: inout [Posting]) {
        guard p.count > 64 else {
            p.sort(by: <)
            return
        }
        var other = [Posting](repeating: Posting(key: 0, seq: 0), count: p.count)
        var counts = [Int](repeating: 0, count: 256 * 8)
        p.withUnsafeBufferPointer { src in
            counts.withUnsafeMutableBufferPointer { c in
                for x in src {
                    var k = x.key
                    for d in 0..<8 { c[d &* 256 &+ Int(k & 255)] &+= 1; k >>= 8 }
                }
            }
        }
        var inOther = false
        for d in 0..<8 {
            let base = d * 256
            if counts[base..<(base + 256)].contains(p.count) { continue }  // one value: nothing moves
            var offsets = [Int](repeating: 0, count: 256)
            var sum = 0
            for b in 0..<256 { offsets[b] = sum; sum += counts[base + b] }
            let shift = UInt64(d * 8)
            func pass(_ from: UnsafeBufferPointer<Posting>, _ to: UnsafeMutableBufferPointer<Posting>) {
                offsets.withUnsafeMutableBufferPointer { o in
                    for x in from {
                        let b = Int((x.key >> shift) & 255)
                        to[o[b]] = x
                        o[b] &+= 1
                    }
                }
            }
            if inOther {
                other.withUnsafeBufferPointer { from in p.withUnsafeMutableBufferPointer { to in pass(from, to) } }
            } else {
                p.withUnsafeBufferPointer { from in other.withUnsafeMutableBufferPointer { to in pass(from, to) } }
            }
            inOther.toggle()
        }
        if inOther { swap(&p, &other) }
    }

    // MARK: Appends

    /// The postings of facts `first...` of `table` (in seq order, unsorted),
    /// or nil when the table does not hold the member ids (then the index
    /// is left stale and the next reader rebuilds it).
    static func postings(_ table: FactTable, ids: EventIDTable, from first: Int) -> [Posting]? {
        let facts = table.facts
        let members = table.names.members.names
        let units = table.names.units.names
        var out: [Posting] = []
        out.reserveCapacity(facts.count - first)
        // A member's key is hashed once however many of its events the batch holds.
        var memberKeys: [UInt64] = []
        let many = facts.count - first > members.count / 2
        if many { memberKeys = members.map(memberKey) }
        var cache: [Int32: UInt64] = [:]
        for f in facts[first...] {
            let seq = UInt64(f.seq)
            if f.type == .eventRetracted {
                let target = f.retractedSeq
                guard target >= 1, target < f.seq else { return nil }
                out.append(Posting(key: retractionKey(ids.id(ofSeq: target)), seq: seq))
            } else if f.type.isMemberEvent {
                guard f.subject >= 0, Int(f.subject) < members.count else { return nil }
                let key: UInt64
                if many { key = memberKeys[Int(f.subject)] } else if let k = cache[f.subject] { key = k } else {
                    key = memberKey(members[Int(f.subject)])
                    cache[f.subject] = key
                }
                out.append(Posting(key: key, seq: seq))
            } else if f.type.subject == .place || f.type.subject == .plan {
                // place.registered and plan.adopted name their unit (`object`); place.closed none.
                guard f.object >= 0 else { continue }
                guard Int(f.object) < units.count else { return nil }
                out.append(Posting(key: unitKey(units[Int(f.object)]), seq: seq))
            } else {
                var named: [Int32] = []
                if f.type == .unitMerged {
                    guard f.extra >= 0, Int(f.extra) < table.mergeLists.count else { return nil }
                    named = table.mergeLists[Int(f.extra)]
                } else {
                    named = [f.subject]
                }
                if f.object >= 0 { named.append(f.object) }
                for u in named {
                    guard u >= 0, Int(u) < units.count else { return nil }
                    out.append(Posting(key: unitKey(units[Int(u)]), seq: seq))
                }
            }
        }
        return out
    }

    /// After a committed append: adds the batch's part (best effort: an
    /// index that cannot be extended is stale, and the next reader rebuilds it).
    static func extend(directory: String, after previous: LedgerHead, ledger: LoadedLedger, blockStarts: [LogPosition]) {
        // One array, sorted in place (a copy would double it: 16 bytes an event).
        guard var sorted = postings(ledger.table, ids: ledger.ids, from: Int(previous.seq)) else { return }
        sortPostings(&sorted)
        var blocks: [Block] = []
        for p in blockStarts {
            let k = Int((p.seq - 1) / LogPosition.blockSize)
            guard k == 0 || k - 1 < ledger.hashes.count else { return }
            blocks.append(Block(p, hashBefore: k == 0 ? .zero : ledger.hashes[k - 1]))
        }
        try? extend(directory: directory, previous: previous, head: ledger.head, blocks: blocks, postings: sorted)
    }

    // MARK: Files

    static func readWholeFile(_ path: String) -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return out }
            out += chunk[0..<n]
            if out.count > 16 << 20 { return nil }
        }
    }

    /// Writes `name` in `dir` through a temporary file and a rename, so a
    /// reader sees the old file or the whole new one. Not fsynced: the index
    /// is derived, and a part or manifest a power cut damaged fails its
    /// checksums and is rebuilt.
    static func writeFile(dir: String, name: String,
                          _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        mkdir(dir, 0o755)
        let path = dir + "/" + name
        let temp = path + ".tmp-\(getpid())"
        let fd = Glibc.open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Damaged(description: "cannot write \(temp): \(String(cString: strerror(errno)))") }
        var done = false
        defer { if !done { close(fd); unlink(temp) } }
        try body { bytes in
            var rest = bytes
            while !rest.isEmpty {
                let n = write(fd, rest.baseAddress, rest.count)
                guard n > 0 else { throw Damaged(description: "cannot write \(temp): \(String(cString: strerror(errno)))") }
                rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            }
        }
        close(fd)
        done = true
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw Damaged(description: "cannot rename \(temp): \(String(cString: strerror(errno)))")
        }
    }
}

/// Where an entry's record begins in the segments, with the state a scan
/// needs there (`LogScanner`). The entity index keeps one for every entry
/// whose seq is 1 more than a multiple of `blockSize`.
struct LogPosition: Equatable, Sendable, CustomStringConvertible {
    /// Equal to `Ledger.chainCheckpointInterval`, so an append has the chain
    /// hash before every block start at hand.
    static let blockSize: UInt64 = 1024
    var seq: UInt64
    var segment: UInt32
    var offset: Int64
    var batch: UInt64
    var batchFirstSeq: UInt64

    var description: String { "seq \(seq) (segment \(SegmentName.label(segment)) at byte \(offset))" }
}
