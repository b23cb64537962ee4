import RosterCore

public struct VerifyResult: Sendable {
    public var head: LedgerHead
    public var events: Int
}

extension Ledger {
    /// Writes the log as JSON Lines: each event's canonical JSON with `seq`
    /// and `hash` in front. With `knownAt`, only the events recorded by then.
    /// The chain is recomputed on the way and checked against every commit
    /// record, so an export is also a check (damage throws, exit 3; what was
    /// written before it stays written).
    public func export(knownAt: Timestamp? = nil, write: ([UInt8]) throws -> Void) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var stop = false
        // The chain is checked against every commit record, to the end of
        // the log even after `knownAt` stops the output: an export never
        // launders a forged history into lines with fresh hashes.
        try forEachChainedEntry { seq, payload, location, hash in
            if stop { return }
            if let knownAt {
                // Recorded times never decrease: the first event after T ends the prefix.
                guard case .object(let o) = try JSONParser.parse(payload),
                      case .string(let text)? = o["recorded"], let r = Timestamp(rfc3339: text) else {
                    throw LedgerDamage(seq: Int64(seq), location: location, reason: .noRecordedTime)
                }
                if r > knownAt { stop = true; return }
            }
            buffer.append(contentsOf: Array("{\"seq\":\(seq),\"hash\":\"\(hash.hex)\",".utf8))
            buffer.append(contentsOf: payload.dropFirst())
            buffer.append(10)
            if buffer.count >= 1 << 20 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
    }

    /// Re-reads everything: record checksums (the log), the hash chain,
    /// that every event decodes, that the chain ends at the committed head,
    /// every rule of knowledge time (`load`: the knowledge decider over the
    /// log in seq order) and every rule of valid time (the timeline replayed
    /// through `LedgerState`). Any break is `LedgerDamage` naming the seq,
    /// the event id and the rule.
    public func verify() throws -> VerifyResult {
        var phases = PhaseTimer(label: "verify")
        defer { phases.report() }
        let loaded = try load()
        phases.mark("read, chain, decode, knowledge")
        try checkRules(loaded)
        phases.mark("timeline and rules")
        return VerifyResult(head: loaded.head, events: Int(loaded.head.seq))
    }
}
