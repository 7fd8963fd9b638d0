// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gantry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gantry", targets: ["gantry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // C libraries, wrapped once each.
        .systemLibrary(name: "CLibSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),

        // The commit `gantry --version` prints, written by scripts/setup at build time.
        .target(name: "CBuildInfo"),
        // POSIX shell quoting, the one place Gantry quotes anything for a shell. Depends on nothing.
        .target(name: "GantryShell"),
        // Pure logic: windows, freezes, cron, approval quorums. Depends on nothing of ours.
        .target(name: "GantryGates"),
        // Pipeline files -> validated values with source locations. The only importer of Yams.
        .target(name: "GantryModel", dependencies: [
            "GantryGates", "GantryShell",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The only importer of CLibSSH2.
        .target(name: "GantrySSH", dependencies: [
            "CLibSSH2", "GantryShell",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The only importer of CLibGit2.
        .target(name: "GantryGit", dependencies: ["CLibGit2", "GantryShell"]),
        // The only importer of GRDB.
        .target(name: "GantryStore", dependencies: [
            "GantryShell",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Outgoing HTTP (notification webhooks). The only importer of AsyncHTTPClient and NIO.
        .target(name: "GantryHTTP", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .target(name: "GantryEngine", dependencies: [
            "GantryModel", "GantryGates", "GantryShell", "GantrySSH", "GantryGit", "GantryStore", "GantryHTTP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // HTTP for a team: webhooks, the status page, the JSON API and metrics. Talks only to the engine;
        // the only importer of Hummingbird and Prometheus.
        .target(name: "GantryServer", dependencies: [
            "GantryEngine", "GantryModel", "GantryShell",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // One file per verb. The only importer of ArgumentParser.
        .target(name: "GantryCLI", dependencies: [
            "GantryEngine", "GantryServer", "GantryModel", "GantryGates", "GantryShell", "GantrySSH", "GantryGit", "GantryStore", "CBuildInfo",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "gantry", dependencies: ["GantryCLI"]),

        .target(name: "GantryTestSupport", dependencies: ["GantryShell"], path: "Tests/GantryTestSupport"),
        .testTarget(name: "GantryModelTests", dependencies: ["GantryModel", "GantryGates", "GantryShell", "GantryTestSupport"]),
        .testTarget(name: "GantryGatesTests", dependencies: ["GantryGates", "GantryTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "GantrySSHTests", dependencies: [
            "GantrySSH", "GantryShell", "GantryTestSupport", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "GantryGitTests", dependencies: ["GantryGit", "GantryShell", "GantryTestSupport"]),
        .testTarget(name: "GantryStoreTests", dependencies: ["GantryStore", "GantryTestSupport"]),
        .testTarget(name: "GantryEngineTests", dependencies: ["GantryEngine", "GantryHTTP", "GantryTestSupport"]),
        .testTarget(name: "GantryHTTPTests", dependencies: ["GantryHTTP", "GantryTestSupport"]),
        .testTarget(name: "GantryCLITests", dependencies: ["GantryCLI", "GantryTestSupport"]),
    ]
)
