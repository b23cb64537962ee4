import Testing
@testable import RosterCore
import RosterTestSupport

@Suite struct InternerTests {
    /// The interner agrees with a dictionary over many random names: short
    /// and long, ASCII and not, names that differ only in their last byte,
    /// and names that are equal as Unicode text but not byte for byte.
    @Test(arguments: [1, 2] as [UInt64])
    func agreesWithADictionary(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var interner = Interner()
        var reference: [[UInt8]: Int32] = [:]
        let alphabet = Array("abcM-0123456789ĐđẢạ".unicodeScalars)
        for _ in 0..<40_000 {
            var name = ""
            let length = Int(rng.next() % 40)
            for _ in 0..<length { name.unicodeScalars.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            if rng.next() % 5 == 0 { name = "M" + String(rng.next() % 3000) }
            let expected = reference[Array(name.utf8)] ?? Int32(reference.count)
            reference[Array(name.utf8)] = expected
            #expect(interner.intern(name) == expected)
            #expect(interner.index(of: name) == expected)
        }
        #expect(interner.names.count == reference.count)
        for (i, name) in interner.names.enumerated() { #expect(reference[Array(name.utf8)] == Int32(i)) }
        #expect(interner.index(of: "not there at all, this one") == nil)
    }

    @Test func comparesBytesNotCanonicalEquivalence() {
        var interner = Interner()
        let composed = "\u{00C5}"          // Å as one scalar
        let decomposed = "A\u{030A}"      // A + combining ring
        #expect(composed == decomposed)   // equal as Swift Strings
        #expect(interner.intern(composed) == 0)
        #expect(interner.intern(decomposed) == 1)
        #expect(interner.index(of: composed) == 0)
        #expect(Interner().index(of: "x") == nil)
    }
}

@Suite struct VocabularyLookupTests {
    @Test func memberEventsAreTheMemberTypes() {
        for type in EventType.allCases {
            #expect(type.isMemberEvent == type.rawValue.hasPrefix("member."), "\(type)")
        }
    }

    @Test func byteVocabularyMatchesRawValuesExactly() {
        let types = ByteVocabulary<EventType>()
        for type in EventType.allCases {
            #expect(Array(type.rawValue.utf8).withUnsafeBytes { types.match($0) } == type)
            #expect(Array((type.rawValue + " ").utf8).withUnsafeBytes { types.match($0) } == nil)
            #expect(Array(type.rawValue.uppercased().utf8).withUnsafeBytes { types.match($0) } == nil)
        }
        #expect(Array("".utf8).withUnsafeBytes { types.match($0) } == nil)
    }
}
