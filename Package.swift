// swift-tools-version: 6.0
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode comes from the tools version;
/// `ExistentialAny` keeps `any` explicit so protocol-typed values are visible in review.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "phoenix-gitops",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "phoenix-gitops", targets: ["phoenix-gitops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already resolved through async-http-client; named so PhoenixNotify may import NIOCore and NIOSSL.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        // Already resolved through hummingbird; named so PhoenixServer may import NIOHTTPTypes.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        // X.509 for the certificates stage (ADR 0048); swift-asn1 for its PEM reader, which takes a chain.
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(
            name: "PhoenixGit",
            dependencies: ["Clibgit2"],
            // InternalImportsByDefault: the compiler refuses any libgit2 type in PhoenixGit's public API.
            swiftSettings: strict + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "PhoenixCore",
            // YAMLBudget also imports CYaml, Yams's libyaml module: it is no product of its own and
            // comes with the Yams product.
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "PhoenixDrivers",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "PhoenixStages",
            dependencies: [
                "PhoenixCore", "PhoenixDrivers",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // The one planner and the one plan (issue #16): change sets, rule matching, render-and-compare,
        // notices; reads a configuration from git by blob id. Touches no host and keeps no state.
        .target(
            name: "PhoenixPlanner",
            dependencies: ["PhoenixGit", "PhoenixCore", "PhoenixStages"],
            swiftSettings: strict
        ),
        .target(
            name: "PhoenixEngine",
            dependencies: [
                "PhoenixGit", "PhoenixCore", "PhoenixStages", "PhoenixDrivers", "PhoenixPlanner",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The run machinery (issue #18): a run as an ordered list of steps over one run in progress, the
        // poller and the timers, drift checks and self-heal, rollback, the run lock and lease. The one
        // writer of the state; the records it writes live in PhoenixEngine.
        .target(
            name: "PhoenixReconciler",
            dependencies: [
                "PhoenixGit", "PhoenixCore", "PhoenixStages", "PhoenixDrivers", "PhoenixPlanner", "PhoenixEngine",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The only importer of Hummingbird: webhooks, health, metrics, status, and the daemon's ServiceGroup.
        .target(
            name: "PhoenixServer",
            dependencies: [
                "PhoenixReconciler", "PhoenixEngine", "PhoenixGit", "PhoenixCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Commit statuses, pull-request comments and outbound notifications (issue 14): the only importer of
        // AsyncHTTPClient. The engine knows it only through the narrow RunEventSink hook.
        .target(
            name: "PhoenixNotify",
            dependencies: [
                "PhoenixReconciler", "PhoenixEngine", "PhoenixGit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The example configuration (top-level config/ and stacks/) bundled as resources, so the
        // executable finds its embedded default from any working directory (see swift-libgit2-notes §7).
        .target(
            name: "PhoenixExample",
            path: ".",
            exclude: [
                "Package.swift", "README.md", "Sources/Clibgit2", "Sources/PhoenixGit", "Sources/PhoenixCore",
                "Sources/PhoenixDrivers", "Sources/PhoenixStages", "Sources/PhoenixPlanner", "Sources/PhoenixEngine", "Sources/PhoenixReconciler",
                "Sources/PhoenixServer", "Sources/PhoenixNotify", "Sources/PhoenixTesting", "Sources/phoenix-gitops", "Sources/phoenix-bench",
                "Sources/CMallocCounter", "Tests", "docs", "hooks", "scripts", "Benchmarks",
            ],
            sources: ["Sources/PhoenixExample/ExampleConfiguration.swift"],
            resources: [.copy("config"), .copy("stacks"), .copy("hooks"), .copy("Sources/PhoenixExample/seed")],
            swiftSettings: strict
        ),
        .target(
            name: "PhoenixTesting",
            dependencies: ["PhoenixGit", "PhoenixCore", "PhoenixDrivers"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "phoenix-gitops",
            dependencies: [
                "PhoenixGit", "PhoenixCore", "PhoenixStages", "PhoenixPlanner", "PhoenixEngine", "PhoenixReconciler",
                "PhoenixExample", "PhoenixServer", "PhoenixNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The benchmarks (docs/benchmarks.md): synthetic configurations, baselines, ratios.
        .executableTarget(
            name: "phoenix-bench",
            dependencies: [
                "PhoenixGit", "PhoenixCore", "PhoenixDrivers", "PhoenixStages", "PhoenixPlanner", "PhoenixEngine",
                "PhoenixExample", "PhoenixTesting", "CMallocCounter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // phoenix-bench's allocation counter (interposes malloc in that executable only).
        .target(name: "CMallocCounter"),
        .testTarget(name: "PhoenixGitTests", dependencies: ["PhoenixGit", "PhoenixTesting"], swiftSettings: strict),
        .testTarget(
            name: "PhoenixCoreTests", dependencies: ["PhoenixCore", "PhoenixTesting"], swiftSettings: strict),
        .testTarget(
            name: "PhoenixDriversTests", dependencies: ["PhoenixDrivers", "PhoenixTesting"], swiftSettings: strict),
        .testTarget(
            name: "PhoenixStagesTests",
            dependencies: [
                "PhoenixStages", "PhoenixCore", "PhoenixDrivers", "PhoenixTesting",
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhoenixEngineTests",
            dependencies: [
                "PhoenixEngine", "PhoenixPlanner", "PhoenixReconciler", "PhoenixStages", "PhoenixGit", "PhoenixCore",
                "PhoenixDrivers", "PhoenixTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhoenixServerTests",
            dependencies: [
                "PhoenixServer", "PhoenixEngine", "PhoenixReconciler", "PhoenixStages", "PhoenixCore", "PhoenixTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["FuzzCrashes"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhoenixNotifyTests",
            dependencies: [
                "PhoenixNotify", "PhoenixEngine", "PhoenixTesting", "PhoenixGit", "PhoenixCore", "PhoenixStages",
                "PhoenixDrivers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhoenixCLITests",
            dependencies: [
                "phoenix-gitops", "PhoenixEngine", "PhoenixReconciler", "PhoenixStages", "PhoenixGit", "PhoenixCore", "PhoenixTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
    ]
)
