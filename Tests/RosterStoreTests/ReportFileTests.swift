import Foundation
import Glibc
import Testing
@testable import RosterStore

/// `--out FILE`: a report is written whole or not at all.
@Suite struct ReportFileTests {
    func names(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test func replacesWholeAndLeavesNoTemporaryFile() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/report.docx"
        try ReportFile.write(Array("first".utf8), to: path)
        #expect(fileBytes(path) == Array("first".utf8))
        try ReportFile.write(Array("second, longer report".utf8), to: path)
        #expect(fileBytes(path) == Array("second, longer report".utf8))
        #expect(names(temp.path) == ["report.docx"])
    }

    /// The disk fills up in the middle of the report: the earlier report is
    /// untouched, no temporary file is left, and the error names the file.
    @Test func aFailedWriteLeavesTheEarlierReport() throws {
        let temp = TemporaryDirectory()
        let path = temp.path + "/report.html"
        try ReportFile.write(Array("the earlier report".utf8), to: path)
        let faults = FaultInjector()
        faults.spaceLeft = 1000
        let big = [UInt8](repeating: 0x41, count: 50_000)
        do throws(StoreError) {
            try ReportFile.write(big, to: path, io: FileIO(faults: faults))
            Issue.record("the write succeeded on a full disk")
        } catch {
            guard case .diskFull(let message) = error else { Issue.record("expected diskFull, got \(error)"); return }
            #expect(message.hasPrefix("cannot write the report to \(path): "))
            #expect(message.contains("ENOSPC"))
        }
        #expect(fileBytes(path) == Array("the earlier report".utf8))
        #expect(names(temp.path) == ["report.html"])
        // A failing fsync or rename: the same.
        for operation in [FileOperation.sync, .rename] {
            let failing = FaultInjector()
            failing.failure = { op, _ in op == operation ? EIO : nil }
            #expect(throws: StoreError.self) { try ReportFile.write(big, to: path, io: FileIO(faults: failing)) }
            #expect(fileBytes(path) == Array("the earlier report".utf8), "\(operation)")
            #expect(names(temp.path) == ["report.html"], "\(operation)")
        }
    }

    @Test func refusesADirectoryAndAMissingDirectory() {
        let temp = TemporaryDirectory()
        #expect(throws: StoreError.self) { try ReportFile.write([1], to: temp.path) }
        #expect(throws: StoreError.self) { try ReportFile.write([1], to: temp.path + "/missing/report.docx") }
        #expect(names(temp.path).isEmpty)
        #expect(ReportFile.split("report.docx") == (".", "report.docx"))
        #expect(ReportFile.split("/r.docx") == ("/", "r.docx"))
    }
}
