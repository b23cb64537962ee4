// Event serialisation: the header every line starts with, the `recorded`
// clock, line-order delays (late events) and per-type counts.

enum EventType: Int, CaseIterable {
    case unitEstablished, unitRenamed, unitReclassified, unitMoved, unitMerged, unitDissolved, unitRated
    case registered, admitted, readmitted, confirmed, transferred, transferredIn, transferredOut
    case expelled, struckOff, resigned, died, disciplined, updated, exempted, exemptionEnded
    case retracted

    var text: StaticString {
        switch self {
        case .unitEstablished: return "unit.established"
        case .unitRenamed: return "unit.renamed"
        case .unitReclassified: return "unit.reclassified"
        case .unitMoved: return "unit.moved"
        case .unitMerged: return "unit.merged"
        case .unitDissolved: return "unit.dissolved"
        case .unitRated: return "unit.rated"
        case .registered: return "member.registered"
        case .admitted: return "member.admitted"
        case .readmitted: return "member.readmitted"
        case .confirmed: return "member.confirmed"
        case .transferred: return "member.transferred"
        case .transferredIn: return "member.transferred-in"
        case .transferredOut: return "member.transferred-out"
        case .expelled: return "member.expelled"
        case .struckOff: return "member.struck-off"
        case .resigned: return "member.resigned"
        case .died: return "member.died"
        case .disciplined: return "member.disciplined"
        case .updated: return "member.updated"
        case .exempted: return "member.exempted"
        case .exemptionEnded: return "member.exemption-ended"
        case .retracted: return "event.retracted"
        }
    }

    var name: String { text.description }
}

/// Builds one event at a time in `line`, then either writes it to the output
/// (with `recorded` from the line clock) or parks it until a later day, so
/// that it lands in line order after events that take effect later.
final class Emitter {
    let out: Output
    let line = Bytes(capacity: 1 << 16)
    let dates: DateTable
    let firstDay: Int
    private(set) var nextId = 1
    private(set) var lines = 0
    var counts = [Int](repeating: 0, count: EventType.allCases.count)

    /// Seconds since the epoch of the first line's `recorded`; one second
    /// more every 1000 lines.
    let recordedBase: Int
    private var recordedText = [UInt8](repeating: 0, count: 20)
    private var delayed: [[UInt8]]
    private(set) var delayedCount = 0

    init(out: Output, dates: DateTable, firstDay: Int, lastDay: Int, recordedBase: Int) {
        self.out = out
        self.dates = dates
        self.firstDay = firstDay
        self.recordedBase = recordedBase
        delayed = Array(repeating: [], count: lastDay - firstDay + 2)
        setRecorded()
    }

    @inline(__always)
    func date(_ day: Int) {
        dates.bytes.withUnsafeBufferPointer { b in
            line.bytes(b.baseAddress! + (day - dates.first) * 10, 10)
        }
    }

    /// Starts an event: `{"id":"E…","type":"…","effective":"…"`. Returns the id number.
    @discardableResult
    func begin(_ type: EventType, _ day: Int) -> Int {
        let id = nextId
        nextId += 1
        counts[type.rawValue] += 1
        line.count = 0
        line.raw("{\"id\":\"E")
        line.int(id)
        line.raw("\",\"type\":\"")
        line.raw(type.text)
        line.raw("\",\"effective\":\"")
        date(day)
        line.byte(34)
        return id
    }

    /// Writes the event now.
    func commit() {
        emitLine(line.base, line.count)
    }

    /// Parks the event; it is written at the start of `day` (before that
    /// day's events), or at the very end if `day` is past the last day.
    func commit(releaseOn day: Int) {
        let i = min(day - firstDay, delayed.count - 1)
        delayed[i].append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
        delayed[i].append(10)
        delayedCount += 1
    }

    /// Writes the events parked for `day`.
    func release(_ day: Int) {
        let i = day - firstDay
        guard i >= 0, i < delayed.count, !delayed[i].isEmpty else { return }
        let bucket = delayed[i]
        delayed[i] = []
        bucket.withUnsafeBufferPointer { b in
            let p = b.baseAddress!
            var start = 0
            for j in 0..<b.count where p[j] == 10 {
                emitLine(p + start, j - start)
                start = j + 1
            }
        }
    }

    func releaseAll() {
        for d in firstDay..<(firstDay + delayed.count) { release(d) }
    }

    /// Writes one parked or fresh body (which ends with its closing brace)
    /// with `recorded` added last.
    private func emitLine(_ p: UnsafePointer<UInt8>, _ n: Int) {
        let b = out.buffer
        b.bytes(p, n - 1)
        b.raw(",\"recorded\":\"")
        recordedText.withUnsafeBufferPointer { r in b.bytes(r.baseAddress!, 20) }
        b.raw("\"}\n")
        lines += 1
        if lines % 1000 == 0 { setRecorded() }
        out.maybeDrain()
    }

    private func setRecorded() {
        let t = recordedBase + lines / 1000
        let day = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = t - day * 86_400
        let (y, m, d) = Civil.ymd(day)
        func two(_ v: Int, _ at: Int) {
            recordedText[at] = UInt8(48 + v / 10)
            recordedText[at + 1] = UInt8(48 + v % 10)
        }
        two(y / 100, 0); two(y % 100, 2)
        recordedText[4] = 45; two(m, 5); recordedText[7] = 45; two(d, 8)
        recordedText[10] = 84 // T
        two(secs / 3600, 11); recordedText[13] = 58
        two((secs / 60) % 60, 14); recordedText[16] = 58
        two(secs % 60, 17); recordedText[19] = 90 // Z
    }
}
