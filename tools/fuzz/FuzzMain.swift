// libFuzzer entry point for the harness in Tests/RosterCoreTests/FuzzHarness.swift.
// Built by tools/fuzz.sh (not a SwiftPM target: `swift build` and `swift test`
// do not need a fuzzing toolchain). A broken invariant aborts, so libFuzzer
// saves the input as a crasher.

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size)
    let outcome = FuzzHarness.run(bytes)
    if !outcome.violations.isEmpty {
        for v in outcome.violations { fputs("violation: \(v)\n", stderr) }
        abort()
    }
    return 0
}
