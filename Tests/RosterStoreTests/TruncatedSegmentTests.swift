import Foundation
import Testing
@testable import RosterStore

/// A segment before the last one cut short (a copy that stopped early, a
/// careless `truncate`): refused wherever the cut is, naming that segment —
/// never read as a shorter, valid log.
@Suite struct TruncatedSegmentTests {
    @Test func anEarlierSegmentCutAnywhereIsRefused() throws {
        let temp = TemporaryDirectory()
        try makeLedger(temp.ledger, sizes: [4, 4, 4, 4, 4, 4], segmentSize: 600)
        #expect(segmentCount(temp.ledger) >= 4)
        let path = segmentPath(temp.ledger, 2)
        let original = fileBytes(path)
        var cuts = Set([0, 1, 32, 63, 64, 65, original.count / 2, original.count - 9, original.count - 1])
        cuts = cuts.filter { $0 >= 0 && $0 < original.count }
        for cut in cuts.sorted() {
            truncateFile(path, to: cut)
            let error = storeError {
                let log = try SegmentLog.openForReading(directory: temp.ledger)
                defer { log.close() }
                try log.forEachBatch { _ in }
            }
            #expect(error?.isDamage == true, "cut at \(cut): \(String(describing: error))")
            // The cut segment, or the next one, whose start no longer follows.
            #expect(error?.damage?.segment == 2 || error?.damage?.segment == 3, "cut at \(cut): \(String(describing: error))")
            setFileBytes(path, original)
        }
        try expectLedger(temp.ledger, holds: 24)
    }
}
