// swift-tools-version:6.0
// Roster — an event-sourced membership ledger. No package dependencies: the
// Swift toolchain only (standard library, Foundation, Dispatch, Glibc, Testing).
import PackageDescription

let package = Package(
    name: "Roster",
    products: [
        .executable(name: "roster", targets: ["roster"]),
        .executable(name: "roster-gen", targets: ["RosterGen"]),
    ],
    targets: [
        // Events, vocabularies, civil dates, JSON, SHA-256, the rules, the
        // temporal index and the numbers of every report. Knows no disk.
        .target(name: "RosterCore"),
        // The log on disk: segments, framing, CRC-32C, commit markers,
        // recovery, the writer lock, the index cache; the Ledger facade.
        .target(name: "RosterStore", dependencies: ["RosterCore"]),
        // Spreadsheets and single decisions in and out: CSV, import plans,
        // member lists, `roster record`. Adapters over the core and the store.
        .target(name: "RosterAdoption", dependencies: ["RosterCore", "RosterStore"]),
        // Rendering of report values: table, JSON, CSV, Markdown, HTML; en/vi.
        .target(name: "RosterReports", dependencies: ["RosterCore"]),
        // The command line: argument parsing and calls into the library.
        .executableTarget(name: "roster", dependencies: ["RosterCore", "RosterStore", "RosterReports", "RosterAdoption"]),
        // Synthetic national-scale histories for benchmarks.
        .executableTarget(name: "RosterGen", path: "tools/RosterGen"),

        // Helpers shared by the test targets: a seeded generator, random valid
        // histories, and a forger of ledgers that break a rule.
        .target(name: "RosterTestSupport", dependencies: ["RosterCore", "RosterStore"], path: "Tests/RosterTestSupport"),
        .testTarget(name: "RosterCoreTests", dependencies: ["RosterCore", "RosterTestSupport"]),
        .testTarget(name: "RosterStoreTests", dependencies: ["RosterStore", "RosterCore", "RosterTestSupport"]),
        .testTarget(name: "RosterAdoptionTests", dependencies: ["RosterAdoption", "RosterCore"]),
        .testTarget(name: "RosterReportsTests", dependencies: ["RosterReports", "RosterCore"]),
        .testTarget(name: "RosterCLITests", dependencies: ["RosterStore", "RosterCore", "RosterReports", "RosterAdoption", "RosterTestSupport"]),
    ]
)
