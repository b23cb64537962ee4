import Testing
import RosterTestSupport
@testable import RosterStore

/// The runs that remember which line each added event came from give back
/// exactly what a plain array of origins would, whatever the gaps (skipped
/// duplicates, blank lines) and the changes of input.
@Suite struct LineOriginsTests {
    @Test(arguments: [1, 2, 3, 42] as [UInt64])
    func runsAnswerAsAnArray(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var plain: [LineOrigin] = []
        var runs = LineOrigins()
        var input: Int32 = 0
        var line: Int32 = 1
        for _ in 0..<5_000 {
            switch random.next() % 10 {
            case 0: line += Int32(1 + random.next() % 5)        // lines skipped
            case 1: input += 1; line = Int32(1 + random.next() % 3)   // the next input
            default: break
            }
            let origin = LineOrigin(input: input, line: line)
            plain.append(origin)
            runs.append(origin)
            line += 1
        }
        #expect(runs.count == plain.count)
        func key(_ o: LineOrigin) -> Int64 { Int64(o.input) << 32 | Int64(o.line) }
        let found = (0..<runs.count).map { key(runs[$0]) }
        #expect(found == plain.map(key))
        #expect(runs.runCount < plain.count / 3)
    }

    @Test func oneInputWithoutGapsIsOneRun() {
        var runs = LineOrigins()
        for line in 1...1_000 { runs.append(LineOrigin(input: 0, line: Int32(line))) }
        #expect(runs.count == 1_000)
        #expect(runs.runCount == 1)
        #expect(runs[999].line == 1_000)
    }
}
