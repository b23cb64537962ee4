import Glibc
import RosterCore

/// The index cache: `DIR/cache/index.bin`, a versioned binary image of the
/// facts and the snapshot index, valid for one ledger head. It is derived and
/// disposable: missing, stale (another head), damaged (a checksum) or of
/// another format version, it is rebuilt from the log and never trusted.
///
/// Reports answer from it; an append starts from it (`Ledger.loadForAppend`),
/// which is why it also holds what continuing the log needs and reports do
/// not: the member ids, the event id table and the last recorded time.
///
/// Layout (little endian, this machine's struct layout — the fingerprint
/// guards it):
///
///     header   "RSTRIDX1" | version u32 | fingerprint u32 | head seq u64 | head hash 32
///              | section count u32 | table offset u64 | CRC-32C of the above u32
///     sections raw arrays, each 64-byte aligned (one of each `Kind`)
///     table    per section: kind u32, offset u64, length u64, first block u64, blocks u64;
///              then one 64-bit `blockHash` per 1 MiB block of every section; then CRC-32C of the table
///
/// Checksums are per 1 MiB block so that a snapshot checks only the blocks
/// it reads (the spans alive on a recent date are a short prefix).
///
/// The layout is the store's, but the `facts`, `attributes`, `updates`,
/// `memberSpans`, `unitSpans` and `merges` sections are the bytes of Core's
/// structs as they are (`Fact`, `Attributes`, `AttributeUpdate`,
/// `MemberSpan`, `UnitSpan`, `UnitMerge`): changing one of those structs
/// changes this format, and the fingerprint above makes old caches stale.
///
/// Trust: the cache is written only after both deciders accepted the whole
/// log — `KnowledgeState` (ids, retractions, recorded times) and
/// `LedgerState` (the timeline) — by a committed append or by a full read
/// that passed. A cache that passes the checks therefore stands for a
/// checked ledger; readers that start from it do not check the old events
/// again (docs/DECISIONS.md, "Knowledge time and damage").
enum IndexCache {
    static let magic: [UInt8] = Array("RSTRIDX1".utf8)
    static let version: UInt32 = 7
    static let blockSize = 1 << 20

    static var fingerprint: UInt32 {
        var crc = CRC32C()
        let sizes = [MemoryLayout<Fact>.stride, MemoryLayout<Fact>.alignment, MemoryLayout<Attributes>.stride,
                     MemoryLayout<AttributeUpdate>.stride, MemoryLayout<MemberSpan>.stride, MemoryLayout<UnitSpan>.stride,
                     MemoryLayout<UnitMerge>.stride, MemoryLayout<PartyRecord>.stride, EventType.allCases.count,
                     MemoryLayout<FlowRecord>.stride, MemoryLayout<RatingRecord>.stride]
        sizes.withUnsafeBytes { crc.update($0) }
        return crc.value
    }

    enum Kind: UInt32, CaseIterable {
        case facts = 1, attributes, updates, mergeLists, unitNames, ethnicities, religions, memberCount
        case memberSpans, unitSpans, merges, recorded, hashes, stamp
        /// For appends: the member ids (strings, in interned order), the
        /// `EventIDTable`'s three arrays, and the text of the last recorded
        /// time (strings: none, or one).
        case memberIDs, eventIDBytes, eventIDEnds, eventIDSlots, lastRecorded
        /// Person names (strings) and, beside `attributes` and `updates`,
        /// the name each gives; the party records of badge rounds.
        case people, attributeNames, updateNames, partyOffsets, partyRecords
        /// The daily totals of arrivals and departures: first day, then the totals.
        case dailyFlows
        /// Places and plans (version 5): their ids in interned order, the
        /// names places were registered with, and the plans' contents
        /// (`PlanCodec`).
        case placeIDs, planIDs, placeNames, plans
        /// The timeline's moves (version 7, `FlowIndex`): the member
        /// records, the unit facts and their positions, the checkpoints, the
        /// rating records, the earliest effective day per 1,024 seqs, and
        /// the checkpoint interval and unit count.
        case flowRecords, flowUnitFacts, flowUnitPositions, flowCheckpoints, ratingRecords, seqBlockMinimum, flowShape
        /// The unit directory (version 7): names, kinds and parents of units
        /// over time and the retractions of those events
        /// (`UnitDirectory.Record`, `DirectoryCodec`), for the documents
        /// that name units.
        case unitDirectory
    }

    /// Directory records as a flat list of strings, five per record: what
    /// (`P` for a parent that is none), seq, effective day number, unit, value.
    enum DirectoryCodec {
        static func encode(_ records: [UnitDirectory.Record]) -> [String] {
            var out: [String] = []
            out.reserveCapacity(records.count * 5)
            for r in records {
                out += [r.what == .parent && r.value == nil ? "P" : r.what.rawValue, String(r.seq), String(r.effective), r.unit, r.value ?? ""]
            }
            return out
        }

        static func decode(_ flat: [String]) -> [UnitDirectory.Record]? {
            guard flat.count % 5 == 0 else { return nil }
            var out: [UnitDirectory.Record] = []
            out.reserveCapacity(flat.count / 5)
            var i = 0
            while i < flat.count {
                let none = flat[i] == "P"
                guard let what = none ? .parent : UnitDirectory.Record.What(rawValue: flat[i]),
                      let seq = Int64(flat[i + 1]), let day = Int32(flat[i + 2]) else { return nil }
                out.append(UnitDirectory.Record(what: what, seq: seq, effective: day, unit: flat[i + 3], value: none ? nil : flat[i + 4]))
                i += 5
            }
            return out
        }
    }

    /// Plans as a flat list of strings: per plan its name, from, to, the
    /// number of targets, then per target indicator, min, max ("" when absent).
    enum PlanCodec {
        static func encode(_ plans: [PlanRecord]) -> [String] {
            var out: [String] = []
            for p in plans {
                out += [p.name, String(p.from), String(p.to), String(p.targets.count)]
                for t in p.targets { out += [t.indicator, t.min?.text ?? "", t.max?.text ?? ""] }
            }
            return out
        }

        static func decode(_ flat: [String]) -> [PlanRecord]? {
            var plans: [PlanRecord] = []
            var i = 0
            while i < flat.count {
                guard i + 4 <= flat.count, let from = Int(flat[i + 1]), let to = Int(flat[i + 2]),
                      let n = Int(flat[i + 3]), n >= 0, i + 4 + 3 * n <= flat.count else { return nil }
                var targets: [PlanTarget] = []
                for k in 0..<n {
                    let b = i + 4 + 3 * k
                    func number(_ s: String) -> PlanNumber?? { s.isEmpty ? .some(nil) : PlanNumber(s).map { .some($0) } }
                    guard let lo = number(flat[b + 1]), let hi = number(flat[b + 2]) else { return nil }
                    targets.append(PlanTarget(indicator: flat[b], min: lo, max: hi))
                }
                plans.append(PlanRecord(name: flat[i], from: from, to: to, targets: targets))
                i += 4 + 3 * n
            }
            return plans
        }
    }

    /// The name, size and modification time of every file in `DIR/log` and
    /// of `DIR/HEAD`: a cache whose stamp differs from the files' is stale,
    /// so a log changed behind the ledger's back (even with its checksums
    /// recomputed) is read again — and refused when damaged.
    static func stamp(_ directory: String) -> [UInt8] {
        var out: [UInt8] = []
        var names: [String] = []
        if let d = opendir(directory + "/log") {
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                if name != "." && name != ".." { names.append("log/" + name) }
            }
            closedir(d)
        }
        names.sort()
        names.append("HEAD")
        for name in names {
            var st = stat()
            guard stat(directory + "/" + name, &st) == 0 else { continue }
            out += Array(name.utf8) + [0]
            appendInt(&out, Int64(st.st_size))
            appendInt(&out, Int64(st.st_mtim.tv_sec))
            appendInt(&out, Int64(st.st_mtim.tv_nsec))
            appendInt(&out, UInt64(st.st_ino))
        }
        return out
    }

    static func path(_ directory: String) -> (dir: String, file: String) {
        (directory + "/cache", directory + "/cache/index.bin")
    }

    // MARK: Writing

    /// The checksum of a 1 MiB block: a 64-bit multiply–xor–rotate over
    /// 8-byte words (several GB/s, four times CRC-32C's table speed here).
    /// Every step is a bijection of the running value, so any change to one
    /// word always changes the result; the cache guards against accidents
    /// (a torn or flipped file), not against forgery — the log does that.
    static func blockHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        var i = 0
        let words = bytes.count / 8
        while i < words {
            let w = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            h = ((h ^ w) &* prime)
            h = (h << 31) | (h >> 33)
            i += 1
        }
        var tail: UInt64 = 0
        for j in (words * 8)..<bytes.count { tail = (tail << 8) | UInt64(bytes[j]) }
        h = ((h ^ tail) &* prime)
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    static func appendInt<T: FixedWidthInteger>(_ out: inout [UInt8], _ v: T) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Streams sections to a file, checksumming 1 MiB blocks on the way, so
    /// that writing a national index never holds a second copy in memory.
    struct Writer {
        let fd: Int32
        let path: String
        var offset = 128
        var sections: [(kind: Kind, offset: Int, length: Int, firstBlock: Int, blocks: Int)] = []
        var crcs: [UInt64] = []

        func fail() -> InputError {
            InputError(message: "cannot write the index cache \(path): \(String(cString: strerror(errno)))")
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer, at position: Int) throws {
            var done = 0
            while done < bytes.count {
                let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(position + done))
                if n <= 0 { if errno == EINTR { continue }; throw fail() }
                done += n
            }
        }

        mutating func add(_ kind: Kind, _ bytes: UnsafeRawBufferPointer) throws {
            offset = (offset + 63) / 64 * 64
            let first = crcs.count
            var done = 0
            while done < bytes.count {
                let n = min(IndexCache.blockSize, bytes.count - done)
                let block = UnsafeRawBufferPointer(rebasing: bytes[done..<(done + n)])
                crcs.append(IndexCache.blockHash(block))
                try write(block, at: offset + done)
                done += n
            }
            sections.append((kind, offset, bytes.count, first, crcs.count - first))
            offset += bytes.count
        }

        mutating func add<T>(_ kind: Kind, _ array: [T]) throws {
            try array.withUnsafeBytes { try add(kind, $0) }
        }

        mutating func add(_ kind: Kind, strings: [String]) throws {
            var out: [UInt8] = []
            IndexCache.appendInt(&out, UInt32(strings.count))
            for s in strings {
                IndexCache.appendInt(&out, UInt32(s.utf8.count))
                out += s.utf8
            }
            try add(kind, out)
        }
    }

    /// Writes the cache of `ledger` (read with `keepChain`) through a
    /// temporary file and a rename, so a reader sees the old file or the
    /// whole new one. Not fsynced (at national scale that waited seconds for
    /// 2.5 GB to reach the disk): the cache is derived, and whatever a power
    /// cut leaves of it fails the header's, the section table's or a block's
    /// checksum and is rebuilt from the log, as the entity index is.
    /// Callers ignore failures: a cache that could not be written is rebuilt
    /// later.
    static func write(directory: String, ledger: LoadedLedger, index: SnapshotIndex) throws {
        let table = ledger.table
        let (dir, file) = path(directory)
        mkdir(dir, 0o755)
        let temp = file + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(message: "cannot write the index cache \(temp): \(String(cString: strerror(errno)))") }
        var closed = false
        defer { if !closed { close(fd); unlink(temp) } }
        var w = Writer(fd: fd, path: temp)
        try w.add(.facts, table.facts)
        try w.add(.attributes, table.attributes)
        try w.add(.updates, table.updates)
        var flat: [Int32] = [Int32(table.mergeLists.count)]
        for l in table.mergeLists { flat.append(Int32(l.count)); flat += l }
        try w.add(.mergeLists, flat)
        try w.add(.unitNames, strings: table.names.units.names)
        try w.add(.ethnicities, strings: table.names.ethnicities.names)
        try w.add(.religions, strings: table.names.religions.names)
        try w.add(.memberCount, [Int64(table.names.members.count)])
        try index.withMemberSpans { try w.add(.memberSpans, UnsafeRawBufferPointer($0)) }
        try w.add(.unitSpans, index.unitSpans)
        try w.add(.merges, index.merges)
        try w.add(.recorded, ledger.recorded)
        try w.add(.hashes, ledger.hashes)
        try w.add(.stamp, stamp(directory))
        try w.add(.memberIDs, strings: table.names.members.names)
        try w.add(.eventIDBytes, ledger.ids.utf8)
        try w.add(.eventIDEnds, ledger.ids.ends)
        try w.add(.eventIDSlots, ledger.ids.slots)
        try w.add(.lastRecorded, strings: ledger.lastRecorded.map { [$0.text] } ?? [])
        try w.add(.people, strings: table.names.people.names)
        try w.add(.attributeNames, table.attributeNames)
        try w.add(.updateNames, table.updateNames)
        try w.add(.partyOffsets, index.party.offsets)
        try w.add(.partyRecords, index.party.records)
        try w.add(.dailyFlows, [index.dailyFlows.firstDay] + index.dailyFlows.totals)
        try w.add(.placeIDs, strings: table.names.places.names)
        try w.add(.planIDs, strings: table.names.plans.names)
        try w.add(.placeNames, strings: table.placeNames)
        try w.add(.plans, strings: PlanCodec.encode(table.plans))
        try addFlows(&w, index.flowIndex)
        try w.add(.unitDirectory, strings: DirectoryCodec.encode(UnitDirectory.records(table)))
        // The table and the block checksums.
        let tableOffset = (w.offset + 63) / 64 * 64
        var tableBytes: [UInt8] = []
        for s in w.sections {
            appendInt(&tableBytes, s.kind.rawValue)
            appendInt(&tableBytes, UInt64(s.offset))
            appendInt(&tableBytes, UInt64(s.length))
            appendInt(&tableBytes, UInt64(s.firstBlock))
            appendInt(&tableBytes, UInt64(s.blocks))
        }
        for c in w.crcs { appendInt(&tableBytes, c) }
        appendInt(&tableBytes, CRC32C.checksum(tableBytes))
        try tableBytes.withUnsafeBytes { try w.write($0, at: tableOffset) }
        // The header, last.
        var header: [UInt8] = magic
        appendInt(&header, version)
        appendInt(&header, fingerprint)
        appendInt(&header, UInt64(ledger.head.seq))
        header += ledger.head.hash.bytes
        appendInt(&header, UInt32(w.sections.count))
        appendInt(&header, UInt64(tableOffset))
        appendInt(&header, CRC32C.checksum(header))
        try header.withUnsafeBytes { try w.write($0, at: 0) }
        close(fd)
        closed = true
        guard rename(temp, file) == 0 else {
            unlink(temp)
            throw InputError(message: "cannot write the index cache \(file): \(String(cString: strerror(errno)))")
        }
    }

    // MARK: Reading

    /// A read-only mapping of the cache file, checked lazily block by block.
    final class Mapping {
        let base: UnsafeRawPointer
        let size: Int
        var sections: [Kind: (offset: Int, length: Int, firstBlock: Int, blocks: Int)] = [:]
        var crcs: [UInt64] = []
        var verified: Set<Int> = []
        /// Drop each section's pages once it is copied out (`drop`): an
        /// append reads the whole cache once and keeps its own copies.
        var dropsAfterReading = false

        init?(file: String) {
            let fd = Glibc.open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_size >= 128 else { return nil }
            let size = Int(st.st_size)
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
            base = UnsafeRawPointer(p)
            self.size = size
        }

        deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

        func load<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
            T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        /// Checks the header against `head` and reads the section table.
        func open(head: LedgerHead) -> Bool {
            guard memcmp(base, IndexCache.magic, 8) == 0 else { return false }
            let headerLength = 8 + 4 + 4 + 8 + 32 + 4 + 8
            guard load(headerLength, as: UInt32.self) == CRC32C.checksum(UnsafeRawBufferPointer(start: base, count: headerLength)),
                  load(8, as: UInt32.self) == IndexCache.version,
                  load(12, as: UInt32.self) == IndexCache.fingerprint,
                  Int64(load(16, as: UInt64.self)) == head.seq,
                  head.hash.withUnsafeBytes({ memcmp(base + 24, $0.baseAddress!, 32) == 0 }) else { return false }
            let count = Int(load(56, as: UInt32.self))
            let tableOffset = Int(load(60, as: UInt64.self))
            guard count <= 64, tableOffset < size else { return false }
            var p = tableOffset
            var totalBlocks = 0
            for _ in 0..<count {
                guard p + 36 <= size, let kind = Kind(rawValue: load(p, as: UInt32.self)) else { return false }
                let entry = (Int(load(p + 4, as: UInt64.self)), Int(load(p + 12, as: UInt64.self)),
                             Int(load(p + 20, as: UInt64.self)), Int(load(p + 28, as: UInt64.self)))
                guard entry.0 + entry.1 <= tableOffset else { return false }
                sections[kind] = entry
                totalBlocks += entry.3
                p += 36
            }
            guard p + totalBlocks * 8 + 4 <= size else { return false }
            for i in 0..<totalBlocks { crcs.append(load(p + i * 8, as: UInt64.self)) }
            let tableLength = p + totalBlocks * 8 - tableOffset
            guard load(p + totalBlocks * 8, as: UInt32.self) == CRC32C.checksum(UnsafeRawBufferPointer(start: base + tableOffset, count: tableLength)) else { return false }
            return Set(sections.keys) == Set(Kind.allCases)
        }

        /// Valid for `head` and for the log files as they are now.
        func open(head: LedgerHead, directory: String) -> Bool {
            guard open(head: head), verify(.stamp), let s = sections[.stamp] else { return false }
            let now = IndexCache.stamp(directory)
            return now.count == s.length && now.withUnsafeBytes { memcmp($0.baseAddress!, base + s.offset, s.length) == 0 }
        }

        /// Verifies the blocks of `kind` that hold bytes [0, prefix) of it.
        func verify(_ kind: Kind, prefix: Int? = nil) -> Bool {
            guard let s = sections[kind] else { return false }
            let end = min(prefix ?? s.length, s.length)
            var b = 0
            while b * IndexCache.blockSize < end {
                let index = s.firstBlock + b
                if !verified.contains(index) {
                    let lo = s.offset + b * IndexCache.blockSize
                    let hi = min(s.offset + s.length, lo + IndexCache.blockSize)
                    guard IndexCache.blockHash(UnsafeRawBufferPointer(start: base + lo, count: hi - lo)) == crcs[index] else { return false }
                    verified.insert(index)
                }
                b += 1
            }
            return true
        }

        /// Verifies the blocks of `kind` that hold bytes `range` of it.
        func verify(_ kind: Kind, bytes range: Range<Int>) -> Bool {
            guard let s = sections[kind], range.upperBound <= s.length else { return false }
            guard !range.isEmpty else { return true }
            for b in (range.lowerBound / IndexCache.blockSize)...((range.upperBound - 1) / IndexCache.blockSize) {
                let index = s.firstBlock + b
                if verified.contains(index) { continue }
                let lo = s.offset + b * IndexCache.blockSize
                let hi = min(s.offset + s.length, lo + IndexCache.blockSize)
                guard IndexCache.blockHash(UnsafeRawBufferPointer(start: base + lo, count: hi - lo)) == crcs[index] else { return false }
                verified.insert(index)
            }
            return true
        }

        /// The elements of `kind`, mapped, each range checked before it is read.
        func mapped<T>(_ kind: Kind, of: T.Type) -> MappedArray<T>? {
            guard let s = sections[kind], s.length % MemoryLayout<T>.stride == 0 else { return nil }
            let buffer = UnsafeBufferPointer(start: (base + s.offset).assumingMemoryBound(to: T.self), count: s.length / MemoryLayout<T>.stride)
            return MappedArray(mapped: buffer, owner: self) { [unowned self] r in
                self.verify(kind, bytes: (r.lowerBound * MemoryLayout<T>.stride)..<(r.upperBound * MemoryLayout<T>.stride))
            }
        }

        /// Verifies every block of `kind`, then drops it if `dropsAfterReading`.
        func check(_ kind: Kind) -> Bool {
            defer { if dropsAfterReading { drop(kind) } }
            return verify(kind)
        }

        /// Gives back the memory that the pages of `kind` hold in this
        /// process; they are read from the file again if touched. (At
        /// national scale the cache is 2.6 GB: resident whole beside the
        /// copies an append makes, it would double the append's peak.)
        func drop(_ kind: Kind) {
            guard let s = sections[kind], s.length > 0 else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let lo = s.offset / page * page
            madvise(UnsafeMutableRawPointer(mutating: base + lo), s.offset + s.length - lo, MADV_DONTNEED)
        }

        /// Drops the whole pages of the first `prefix` bytes of `kind`.
        func drop(_ kind: Kind, prefix: Int) {
            guard let s = sections[kind], prefix > 0 else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let lo = (s.offset + page - 1) / page * page
            let hi = (s.offset + min(prefix, s.length)) / page * page
            if hi > lo { madvise(UnsafeMutableRawPointer(mutating: base + lo), hi - lo, MADV_DONTNEED) }
        }

        func array<T>(_ kind: Kind, of: T.Type) -> [T]? {
            guard verify(kind), let s = sections[kind], s.length % MemoryLayout<T>.stride == 0 else { return nil }
            defer { if dropsAfterReading { drop(kind) } }
            let count = s.length / MemoryLayout<T>.stride
            return [T](unsafeUninitializedCapacity: count) { buf, n in
                memcpy(buf.baseAddress!, base + s.offset, s.length)
                n = count
            }
        }

        func strings(_ kind: Kind) -> [String]? {
            guard verify(kind), let s = sections[kind], s.length >= 4 else { return nil }
            defer { if dropsAfterReading { drop(kind) } }
            var p = s.offset
            let end = s.offset + s.length
            let count = Int(load(p, as: UInt32.self))
            p += 4
            var out: [String] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard p + 4 <= end else { return nil }
                let n = Int(load(p, as: UInt32.self))
                p += 4
                guard p + n <= end else { return nil }
                out.append(String(decoding: UnsafeRawBufferPointer(start: base + p, count: n), as: UTF8.self))
                p += n
            }
            return out
        }

        /// The strings of `kind` at the indices `only`, by index.
        func strings(_ kind: Kind, only: Set<Int32>) -> [Int32: String]? {
            guard verify(kind), let s = sections[kind], s.length >= 4 else { return nil }
            var p = s.offset
            let end = s.offset + s.length
            let count = Int(load(p, as: UInt32.self))
            p += 4
            var out: [Int32: String] = [:]
            guard !only.isEmpty else { return out }
            var wanted = [Bool](repeating: false, count: count)
            for i in only where i >= 0 && Int(i) < count { wanted[Int(i)] = true }
            for i in 0..<count {
                guard p + 4 <= end else { return nil }
                let n = Int(load(p, as: UInt32.self))
                p += 4
                guard p + n <= end else { return nil }
                if wanted[i] {
                    out[Int32(i)] = String(decoding: UnsafeRawBufferPointer(start: base + p, count: n), as: UTF8.self)
                }
                p += n
            }
            return out
        }

        func interner(_ kind: Kind) -> Interner? {
            guard let names = strings(kind) else { return nil }
            var i = Interner()
            for n in names { _ = i.intern(n) }
            return i
        }
    }

    /// The snapshot index of the cache, if it is valid for `head`.
    static func snapshotIndex(_ m: Mapping) -> SnapshotIndex? {
        guard let s = m.sections[.memberSpans], s.length % MemoryLayout<MemberSpan>.stride == 0,
              let unitSpans = m.array(.unitSpans, of: UnitSpan.self), let merges = m.array(.merges, of: UnitMerge.self),
              let units = m.interner(.unitNames), let eth = m.interner(.ethnicities), let rel = m.interner(.religions),
              let count = m.array(.memberCount, of: Int64.self)?.first,
              let offsets = m.array(.partyOffsets, of: Int32.self), let records = m.array(.partyRecords, of: PartyRecord.self),
              offsets.count == Int(count) + 1, Int(offsets.last!) == records.count,
              let daily = m.array(.dailyFlows, of: Int32.self), daily.count >= 1 + DailyFlows.keys.count,
              (daily.count - 1) % DailyFlows.keys.count == 0 else { return nil }
        var names = Vocabularies()
        names.units = units
        names.ethnicities = eth
        names.religions = rel
        names.members = Interner(placeholderCount: Int(count))
        let spans = UnsafeBufferPointer(start: (m.base + s.offset).assumingMemoryBound(to: MemberSpan.self),
                                        count: s.length / MemoryLayout<MemberSpan>.stride)
        // A snapshot checks the blocks it reads before reading them.
        var index = SnapshotIndex(memberSpans: spans, unitSpans: unitSpans, merges: merges, names: names,
                                  party: PartyRecords(offsets: offsets, records: records),
                                  dailyFlows: DailyFlows(firstDay: daily[0], totals: Array(daily[1...])), owner: m,
                                  checkPrefix: { m.verify(.memberSpans, prefix: $0) },
                                  releasePrefix: { m.drop(.memberSpans, prefix: $0) })
        if let lists = mergeLists(m) { index.flowIndex = flowIndex(m, units: units, mergeLists: lists) }
        return index
    }

    /// Writes the `FlowIndex` sections (empty ones when there is none: a
    /// reader then replays).
    static func addFlows(_ w: inout Writer, _ flows: FlowIndex?) throws {
        guard let f = flows, let records = f.records.elements, let checkpoints = f.checkpoints.elements,
              let ratings = f.ratings.elements else {
            for kind in [Kind.flowRecords, .flowUnitFacts, .flowUnitPositions, .flowCheckpoints, .ratingRecords, .seqBlockMinimum] {
                try w.add(kind, [UInt8]())
            }
            try w.add(.flowShape, [Int64]())
            return
        }
        try w.add(.flowRecords, records)
        try w.add(.flowUnitFacts, f.unitFacts)
        try w.add(.flowUnitPositions, f.unitPositions)
        try w.add(.flowCheckpoints, checkpoints)
        try w.add(.ratingRecords, ratings)
        try w.add(.seqBlockMinimum, f.blockMinimum)
        try w.add(.flowShape, [Int64(f.interval), Int64(f.unitCount)])
    }

    /// The `FlowIndex` of the cache: the records, checkpoints and ratings
    /// mapped (each window checked as it is read), the small arrays copied.
    /// Nil when absent or inconsistent.
    static func flowIndex(_ m: Mapping, units: Interner, mergeLists: [[Int32]]) -> FlowIndex? {
        guard let shape = m.array(.flowShape, of: Int64.self), shape.count == 2, shape[0] > 0,
              Int(shape[1]) == units.count,
              let records = m.mapped(.flowRecords, of: FlowRecord.self),
              let unitFacts = m.array(.flowUnitFacts, of: Fact.self),
              let positions = m.array(.flowUnitPositions, of: Int32.self), positions.count == unitFacts.count,
              let checkpoints = m.mapped(.flowCheckpoints, of: Int32.self),
              checkpoints.count % (2 + 2 * units.count) == 0,
              let ratings = m.mapped(.ratingRecords, of: RatingRecord.self),
              let lows = m.array(.seqBlockMinimum, of: Int32.self),
              let places = m.sections[.placeIDs], places.length >= 4 else { return nil }
        var side = FactTable()
        side.mergeLists = mergeLists
        side.names.units = units
        side.names.places = Interner(placeholderCount: Int(m.load(places.offset, as: UInt32.self)))
        return FlowIndex(records: records, unitFacts: unitFacts, unitPositions: positions, checkpoints: checkpoints,
                         interval: Int(shape[0]), unitCount: Int(shape[1]), ratings: ratings, blockMinimum: lows, table: side)
    }

    /// The number of events recorded by `knownAt`: recorded times never
    /// decrease, so a binary search (reading a few blocks of the section).
    /// Nil when a block it reads fails its check.
    static func prefixLength(_ recorded: MappedArray<Int64>, knownAt: Timestamp) -> Int? {
        let t = knownAt.seconds &* 1_000_000_000 &+ Int64(knownAt.nanos)
        var lo = 0, hi = recorded.count
        while lo < hi {
            let mid = (lo + hi) / 2
            guard let r = recorded.element(mid) else { return nil }
            if r <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// What a `--known-at` reporter over the first `limit` of `seqs` events
    /// needs to answer from the index (`Reporter.KnownPrefix`): the index,
    /// and the earliest effective day among the events recorded after the
    /// prefix, from the per-block minimums and the facts of the one block
    /// the prefix ends in.
    static func knownPrefix(_ m: Mapping, limit: Int64, seqs: Int64) -> Reporter.KnownPrefix? {
        guard let index = snapshotIndex(m), let fi = index.flowIndex, let facts = m.mapped(.facts, of: Fact.self),
              Int64(facts.count) == seqs,
              let after = fi.recordedAfter(limit: limit, seqs: seqs, facts: { range in
                  var out: [(day: Int32, retraction: Bool)] = []
                  let ok: Bool? = facts.with(range) { block in
                      for f in block {
                          guard let day = FlowIndex.touchedDay(f, retracted: { facts.element(Int($0 - 1)) }) else { return false }
                          out.append((day, f.type == .eventRetracted))
                      }
                      return true
                  }
                  return ok == true ? out : nil
              }) else { return nil }
        return Reporter.KnownPrefix(limit: limit, earliestAfter: after.earliest, retractionAfter: after.retraction, index: index)
    }

    /// The unit directory of the log prefix up to seq `limit` (all when nil).
    static func unitDirectory(_ m: Mapping, limit: Int64?) -> UnitDirectory? {
        guard let records = m.strings(.unitDirectory).flatMap(DirectoryCodec.decode) else { return nil }
        return UnitDirectory(records: records, limit: limit ?? .max)
    }

    /// The merge lists of the cache (flat: count, then per list its length and units).
    static func mergeLists(_ m: Mapping) -> [[Int32]]? {
        guard let flat = m.array(.mergeLists, of: Int32.self), !flat.isEmpty else { return nil }
        var lists: [[Int32]] = []
        var p = 1
        for _ in 0..<Int(flat[0]) {
            guard p < flat.count else { return nil }
            let n = Int(flat[p])
            guard n >= 0, p + 1 + n <= flat.count else { return nil }
            lists.append(Array(flat[(p + 1)..<(p + 1 + n)]))
            p += 1 + n
        }
        return lists
    }

    /// The facts of the cache, if it is valid. The member interner knows
    /// only the count unless `memberIDs`, which reads the ids themselves.
    static func table(_ m: Mapping, memberIDs: Bool = false) -> FactTable? {
        guard let facts = m.array(.facts, of: Fact.self), let attributes = m.array(.attributes, of: Attributes.self),
              let updates = m.array(.updates, of: AttributeUpdate.self), let flat = m.array(.mergeLists, of: Int32.self),
              let attributeNames = m.array(.attributeNames, of: Int32.self), attributeNames.count == attributes.count,
              let updateNames = m.array(.updateNames, of: Int32.self), updateNames.count == updates.count,
              let units = m.interner(.unitNames), let eth = m.interner(.ethnicities), let rel = m.interner(.religions),
              let count = m.array(.memberCount, of: Int64.self)?.first,
              let places = m.interner(.placeIDs), let plans = m.interner(.planIDs),
              let placeNames = m.strings(.placeNames), let planFlat = m.strings(.plans),
              let planRecords = PlanCodec.decode(planFlat),
              let directory = m.strings(.unitDirectory).flatMap(DirectoryCodec.decode) else { return nil }
        var table = FactTable()
        table.unitEventNames = UnitDirectory.eventNames(directory)
        table.names.places = places
        table.names.plans = plans
        table.placeNames = placeNames
        table.plans = planRecords
        table.facts = facts
        table.attributes = attributes
        table.updates = updates
        table.attributeNames = attributeNames
        table.updateNames = updateNames
        var p = 1
        guard !flat.isEmpty else { return nil }
        for _ in 0..<Int(flat[0]) {
            guard p < flat.count else { return nil }
            let n = Int(flat[p])
            guard p + 1 + n <= flat.count else { return nil }
            table.mergeLists.append(Array(flat[(p + 1)..<(p + 1 + n)]))
            p += 1 + n
        }
        table.names.units = units
        table.names.ethnicities = eth
        table.names.religions = rel
        if memberIDs {
            guard let ids = m.strings(.memberIDs), ids.count == Int(count),
                  let members = Interner(uniqueNames: ids),
                  let people = m.strings(.people), let peopleInterner = Interner(uniqueNames: people) else { return nil }
            table.names.members = members
            table.names.people = peopleInterner
        } else {
            table.names.members = Interner(placeholderCount: Int(count))
        }
        return table
    }

    /// Everything a full read of the log (`load(keepChain: true)`) would
    /// return at `head`, rebuilt from the cache without reading the log; nil
    /// when any section fails its checks or the sections disagree. Every
    /// section is checked, the spans too (the append rebuilds them): a cache
    /// with damage anywhere is not a base to continue from. Each section's
    /// pages are dropped once read.
    static func loadedLedger(_ m: Mapping, head: LedgerHead) -> LoadedLedger? {
        m.dropsAfterReading = true
        guard let table = table(m, memberIDs: true), Int64(table.facts.count) == head.seq,
              let recorded = m.array(.recorded, of: Int64.self), recorded.count == table.facts.count,
              let hashes = m.array(.hashes, of: Digest32.self),
              Int64(hashes.count) == head.seq / Ledger.chainCheckpointInterval,
              let bytes = m.array(.eventIDBytes, of: UInt8.self), let ends = m.array(.eventIDEnds, of: UInt32.self),
              let slots = m.array(.eventIDSlots, of: UInt64.self),
              let ids = EventIDTable(utf8: bytes, ends: ends, slots: slots), ids.count == table.facts.count,
              let last = m.strings(.lastRecorded), last.count <= 1,
              Kind.allCases.allSatisfy({ m.check($0) }) else { return nil }
        var loaded = LoadedLedger()
        var lastRecorded: Timestamp? = nil
        if let text = last.first {
            // The text as the event gave it: messages quote it.
            guard let t = Timestamp(rfc3339: text), t.seconds &* 1_000_000_000 &+ Int64(t.nanos) == recorded.last else { return nil }
            lastRecorded = t
        }
        // The cache is written only after the whole log passed both deciders
        // (an append's, or a full read's): its retractions are trusted as is.
        var retractions: [(retraction: Int64, target: Int64)] = []
        for f in table.facts where f.type == .eventRetracted {
            retractions.append((f.seq, f.retractedSeq))
        }
        loaded.table = table
        loaded.knowledge = KnowledgeState(ids: ids, retractionTargets: retractions, lastRecorded: lastRecorded)
        loaded.recorded = recorded
        loaded.hashes = hashes
        loaded.head = head
        loaded.knownHead = head
        loaded.knownLimit = head.seq
        return loaded
    }
}
