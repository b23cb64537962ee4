/// The compact form the rules and the reports work on: every id interned to
/// a dense `Int32`, every vocabulary value a small integer, every date a day
/// number. A national ledger (25 million events) is a few hundred megabytes
/// of `Fact`s instead of gigabytes of strings.

/// Interns strings to dense indices 0, 1, 2, …
public struct Interner: Sendable {
    public private(set) var names: [String] = []
    /// Open addressing: `slots[h & mask]` holds index + 1 of a name (0 is
    /// empty); linear probing; at most half full. Names are hashed and
    /// compared by their UTF-8 bytes (ids are the same when their bytes are).
    private var slots: [Int32] = []

    public init() {}

    /// An interner that knows only how many names there are (the index needs
    /// the count of members, not their ids); `self[i]` is then `#i`.
    public init(placeholderCount: Int) {
        placeholders = placeholderCount
    }
    private var placeholders = 0

    /// An interner holding `names` at indices 0, 1, 2, … (as interning them
    /// in order would), or nil when a name repeats.
    public init?(uniqueNames: [String]) {
        var capacity = 64
        while capacity < uniqueNames.count * 2 { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        names.reserveCapacity(uniqueNames.count)
        for name in uniqueNames {
            let (found, slot) = find(name)
            guard found == nil else { return nil }
            names.append(name)
            slots[slot] = Int32(names.count)
        }
    }

    /// Finds `s`: its index, or the empty slot where it would go.
    @inline(__always)
    private func find(_ s: String) -> (index: Int32?, slot: Int) {
        withUTF8Bytes(s) { key in
            let mask = slots.count &- 1
            var i = Int(truncatingIfNeeded: Interner.hash(UnsafeRawBufferPointer(key))) & mask
            while true {
                let v = slots[i]
                if v == 0 { return (nil, i) }
                let name = names[Int(v &- 1)]
                if name.utf8.count == key.count && withUTF8Bytes(name, { $0.elementsEqual(key) }) { return (v &- 1, i) }
                i = (i &+ 1) & mask
            }
        }
    }

    public mutating func intern(_ s: String) -> Int32 {
        if slots.isEmpty { slots = [Int32](repeating: 0, count: 64) }
        let (found, slot) = find(s)
        if let found { return found }
        let i = Int32(names.count)
        names.append(s)
        slots[slot] = i &+ 1
        if names.count * 2 > slots.count { grow() }
        return i
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count &- 1
        for (n, name) in names.enumerated() {
            var i = withUTF8Bytes(name) { Int(truncatingIfNeeded: Interner.hash(UnsafeRawBufferPointer($0))) } & mask
            while slots[i] != 0 { i = (i &+ 1) & mask }
            slots[i] = Int32(n &+ 1)
        }
    }

    public func index(of s: String) -> Int32? { slots.isEmpty ? nil : find(s).index }

    /// Touches the memory that looking up each of `keys` will read (its slot
    /// and the name there) and returns a value that depends on it. Done for
    /// many names in a row before looking them up one by one, the cache
    /// misses overlap instead of following each other: tables of millions of
    /// names are far larger than the caches, and a miss costs about 200 ns
    /// here. (No reference counting inside the loop: a locked instruction
    /// would wait for every outstanding miss.)
    public func warm(_ hashes: UnsafeBufferPointer<UInt64>) -> UInt64 {
        guard !slots.isEmpty else { return 0 }
        return slots.withUnsafeBufferPointer { slots in
            names.withUnsafeBufferPointer { names in
                let raw = UnsafeRawPointer(names.baseAddress!)
                let mask = slots.count &- 1
                var sink: UInt64 = 0
                for h in hashes {
                    let v = slots[Int(truncatingIfNeeded: h) & mask]
                    if v > 0 { sink &+= raw.load(fromByteOffset: Int(v &- 1) &* MemoryLayout<String>.stride, as: UInt64.self) }
                }
                return sink
            }
        }
    }

    /// The hash `warm` takes for `s`.
    public static func hash(of s: String) -> UInt64 {
        withUTF8Bytes(s) { Interner.hash(UnsafeRawBufferPointer($0)) }
    }

    public subscript(i: Int32) -> String { Int(i) < names.count ? names[Int(i)] : "#\(i)" }
    public var count: Int { max(names.count, placeholders) }

    /// The hash of a name's bytes: the one event ids use.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 { EventIDTable.hash(bytes) }
}

/// The attributes reports break members down by. `-1` means unknown.
public struct Attributes: Equatable, Sendable {
    public var birth: Day = Day(number: 0)
    public var gender: Int8 = -1        // Gender.allCases index
    public var education: Int8 = -1     // Education.allCases index
    public var theory: Int8 = -1        // Theory.allCases index
    public var ethnicity: Int32 = -1    // Vocabularies.ethnicities index
    public var religion: Int32 = -1     // Vocabularies.religions index

    public init() {}
}

/// The change a `member.updated` makes; -1 / nil fields are unchanged.
public struct AttributeUpdate: Sendable {
    public var birth: Day?
    public var gender: Int8 = -1
    public var education: Int8 = -1
    public var theory: Int8 = -1
    public var ethnicity: Int32 = -1
    public var religion: Int32 = -1

    public func applied(to a: Attributes) -> Attributes {
        var r = a
        if let b = birth { r.birth = b }
        if gender >= 0 { r.gender = gender }
        if education >= 0 { r.education = education }
        if theory >= 0 { r.theory = theory }
        if ethnicity >= 0 { r.ethnicity = ethnicity }
        if religion >= 0 { r.religion = religion }
        return r
    }
}

/// One event in compact form. What `subject`, `object`, `code` and `extra`
/// mean depends on `type` (see `FactTable.append`).
public struct Fact: Sendable {
    /// Position in the log (1-based), the tie-breaker after `effective`.
    public var seq: Int64
    public var effective: Int32
    public var type: EventType
    /// A vocabulary value: kind, status, reason, penalty or rating (allCases index); -1 none.
    public var code: Int8 = -1
    /// A second vocabulary value: the category of establish/reclassify; -1 none.
    public var code2: Int8 = -1
    /// True when the event names a `decision` (admission over 60 needs one).
    public var hasDecision: Bool = false
    /// The member or unit acted on (or the retracted event's seq for retractions).
    public var subject: Int32 = -1
    /// A unit: the cell joined, the new parent, the merger's target.
    public var object: Int32 = -1
    /// A year, a badge's years, an index into `attributes`/`updates`/`mergeLists`/
    /// `placeNames`/`plans`, the place of a unit event (`names.places`), or -1.
    public var extra: Int32 = -1
    /// A second date: `admitted` of registrations and transfers in; else Int32.min.
    public var date2: Int32 = Int32.min
}

/// The interned names shared by facts, the rules and the reports.
public struct Vocabularies: Sendable {
    public var members = Interner()
    public var units = Interner()
    public var ethnicities = Interner()
    public var religions = Interner()
    /// Person names (`person.name`, `member.updated` names), for the lists
    /// that name members (badge rounds, the members behind a figure).
    public var people = Interner()
    public var places = Interner()
    public var plans = Interner()
    public init() {}
}

/// Facts plus their side tables.
public struct FactTable: Sendable {
    public var facts: [Fact] = []
    public var attributes: [Attributes] = []
    public var updates: [AttributeUpdate] = []
    public var mergeLists: [[Int32]] = []
    /// Beside `attributes`: the person's name (a `names.people` index).
    public var attributeNames: [Int32] = []
    /// Beside `updates`: the new name, or -1 when the update keeps it.
    public var updateNames: [Int32] = []
    /// The names `place.registered` gives (its fact's `extra`).
    public var placeNames: [String] = []
    /// What `plan.adopted` says (its fact's `extra`).
    public var plans: [PlanRecord] = []
    /// The names `unit.established` and `unit.renamed` give, by seq (in seq
    /// order): the rules never read them, the documents that name units do.
    public var unitEventNames: [UnitEventName] = []
    public var names = Vocabularies()

    public init() {}

    public static func index<V: CaseIterable & Equatable>(_ v: V) -> Int8 {
        Int8(V.allCases.firstIndex(of: v).map { V.allCases.distance(from: V.allCases.startIndex, to: $0) }!)
    }
    static func optionalIndex<V: CaseIterable & Equatable>(_ v: V?) -> Int8 { v.map { index($0) } ?? -1 }

    mutating func attributes(_ p: Person, education: Education?, theory: Theory?) -> Int32 {
        var a = Attributes()
        a.birth = p.birthDate
        a.gender = Self.index(p.gender)
        a.education = Self.optionalIndex(education)
        a.theory = Self.optionalIndex(theory)
        a.ethnicity = p.ethnicity.map { names.ethnicities.intern($0) } ?? -1
        a.religion = p.religion.map { names.religions.intern($0) } ?? -1
        attributes.append(a)
        attributeNames.append(names.people.intern(p.name))
        return Int32(attributes.count - 1)
    }

    /// Appends the compact form of `event`, recorded at log position `seq`.
    /// A retraction's `subject` is the seq of its target, which the caller
    /// resolves (`retractedSeq`).
    public mutating func append(_ event: Event, seq: Int64, retractedSeq: Int64 = -1) {
        var f = Fact(seq: seq, effective: event.effective.number, type: event.type)
        f.hasDecision = event.decision != nil
        func unit(_ s: String) -> Int32 { names.units.intern(s) }
        func member(_ s: String) -> Int32 { names.members.intern(s) }
        switch event.body {
        case .unitEstablished(let u, let name, let kind, let category, let parent, let place):
            unitEventNames.append(UnitEventName(seq: seq, name: name))
            f.subject = unit(u); f.code = Self.index(kind); f.code2 = Self.optionalIndex(category)
            f.object = parent.map(unit) ?? -1
            f.extra = place.map { names.places.intern($0) } ?? -1
        case .unitRenamed(let u, let name):
            unitEventNames.append(UnitEventName(seq: seq, name: name))
            f.subject = unit(u)
        case .unitDissolved(let u):
            f.subject = unit(u)
        case .unitReclassified(let u, let kind, let category, let place):
            f.subject = unit(u); f.code = Self.optionalIndex(kind); f.code2 = Self.optionalIndex(category)
            f.extra = place.map { names.places.intern($0) } ?? -1
        case .unitMoved(let u, let p):
            f.subject = unit(u); f.object = unit(p)
        case .unitMerged(let us, let into):
            mergeLists.append(us.map(unit))
            f.extra = Int32(mergeLists.count - 1); f.object = unit(into)
            f.subject = mergeLists[mergeLists.count - 1][0]
        case .unitRated(let u, let year, let rating):
            f.subject = unit(u); f.extra = Int32(year); f.code = Self.index(rating)
        case .memberRegistered(let m, let u, let p, let status, let admitted, let edu, let theory):
            f.subject = member(m); f.object = unit(u); f.code = Self.index(status)
            f.extra = attributes(p, education: edu, theory: theory); f.date2 = admitted?.number ?? Int32.min
        case .memberAdmitted(let m, let u, let p, let edu, let theory):
            f.subject = member(m); f.object = unit(u)
            f.extra = attributes(p, education: edu, theory: theory)
        case .memberReadmitted(let m, let u), .memberTransferred(let m, let u):
            f.subject = member(m); f.object = unit(u)
        case .memberTransferredIn(let m, let u, let p, let status, let admitted, _, let edu, let theory):
            f.subject = member(m); f.object = unit(u); f.code = Self.index(status)
            f.extra = attributes(p, education: edu, theory: theory); f.date2 = admitted?.number ?? Int32.min
        case .memberConfirmed(let m), .memberTransferredOut(let m, _), .memberExpelled(let m),
             .memberResigned(let m), .memberDied(let m), .memberExempted(let m), .memberExemptionEnded(let m):
            f.subject = member(m)
        case .memberStruckOff(let m, let reason):
            f.subject = member(m); f.code = Self.index(reason)
        case .memberDisciplined(let m, let penalty):
            f.subject = member(m); f.code = Self.index(penalty)
        case .memberRated(let m, let year, let rating):
            f.subject = member(m); f.extra = Int32(year); f.code = Self.index(rating)
        case .memberUpdated(let m, let up):
            f.subject = member(m)
            var u = AttributeUpdate()
            u.birth = up.birthDate
            u.gender = Self.optionalIndex(up.gender)
            u.education = Self.optionalIndex(up.education)
            u.theory = Self.optionalIndex(up.theory)
            u.ethnicity = up.ethnicity.map { names.ethnicities.intern($0) } ?? -1
            u.religion = up.religion.map { names.religions.intern($0) } ?? -1
            updates.append(u)
            updateNames.append(up.name.map { names.people.intern($0) } ?? -1)
            f.extra = Int32(updates.count - 1)
        case .memberAwarded(let m, let badge):
            f.subject = member(m); f.extra = Int32(badge)
        case .placeRegistered(let p, let name, let kind, let u):
            f.subject = names.places.intern(p); f.object = unit(u); f.code = Self.index(kind)
            placeNames.append(name)
            f.extra = Int32(placeNames.count - 1)
        case .placeClosed(let p):
            f.subject = names.places.intern(p)
        case .planAdopted(let p, let u, let name, let from, let to, let targets):
            f.subject = names.plans.intern(p); f.object = unit(u)
            plans.append(PlanRecord(name: name, from: from, to: to, targets: targets))
            f.extra = Int32(plans.count - 1)
        case .eventRetracted:
            f.subject = Int32(truncatingIfNeeded: retractedSeq)
            f.extra = Int32(truncatingIfNeeded: retractedSeq >> 32)
        }
        facts.append(f)
    }
}

/// A unit's name as an event gave it.
public struct UnitEventName: Sendable, Equatable {
    public var seq: Int64
    public var name: String
    public init(seq: Int64, name: String) { self.seq = seq; self.name = name }
}

extension Fact {
    /// For a retraction: the seq of the retracted event.
    public var retractedSeq: Int64 { (Int64(extra) << 32) | Int64(UInt32(bitPattern: subject)) }
}
