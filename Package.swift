// swift-tools-version:6.1
import PackageDescription

// One target per folder under Modules/ and Plugins/, one Swift Testing target each.
// Graph (see docs/architecture.md): Domain <- PluginKit <- {Config, Storage, Server, core modules, plugins} <- Host.

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ocop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ocop", targets: ["OCOPHost"]),
        .library(name: "OCOPPluginKit", targets: ["OCOPPluginKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Debian's libyaml (libyaml-dev), found through pkg-config.
        .systemLibrary(
            name: "CYAML",
            path: "Modules/CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "OCOPDomain",
            path: "Modules/OCOPDomain",
            resources: [.copy("Resources/admin-units.txt")],
            swiftSettings: strict
        ),
        .target(
            name: "OCOPPluginKit",
            dependencies: [
                "OCOPDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/OCOPPluginKit",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPConfig",
            dependencies: ["CYAML", "OCOPPluginKit"],
            path: "Modules/OCOPConfig",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPStorage",
            dependencies: [
                "OCOPPluginKit",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Modules/OCOPStorage",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPServer",
            dependencies: [
                "OCOPPluginKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/OCOPServer",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPAccounts",
            dependencies: [
                "OCOPPluginKit",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Modules/OCOPAccounts",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPCSV",
            path: "Modules/OCOPCSV",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPSampleData",
            dependencies: ["OCOPDomain", "OCOPCSV"],
            path: "Modules/OCOPSampleData",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPRegistry",
            dependencies: ["OCOPPluginKit", "OCOPCSV", .product(name: "Crypto", package: "swift-crypto")],
            path: "Modules/OCOPRegistry",
            swiftSettings: strict
        ),
        .target(
            name: "HaNoi",
            dependencies: ["OCOPPluginKit"],
            path: "Plugins/HaNoi",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "OCOPHost",
            dependencies: [
                "OCOPConfig", "OCOPStorage", "OCOPServer", "OCOPAccounts", "OCOPRegistry", "OCOPSampleData", "HaNoi",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/OCOPHost",
            swiftSettings: strict
        ),
        // Hello-world anchor for scripts/bench (throughput bar).
        .executableTarget(name: "BenchHello", dependencies: [.product(name: "Hummingbird", package: "hummingbird")], path: "Benchmarks/BenchHello"),
        // Shared by the test targets: real temporary databases for both engines.
        .target(name: "OCOPTestSupport", dependencies: ["OCOPStorage", "OCOPPluginKit", "OCOPServer", .product(name: "Hummingbird", package: "hummingbird")], path: "Tests/OCOPTestSupport"),
        .testTarget(name: "OCOPDomainTests", dependencies: ["OCOPDomain"], path: "Tests/OCOPDomainTests"),
        .testTarget(name: "OCOPPluginKitTests", dependencies: ["OCOPPluginKit", "OCOPTestSupport"], path: "Tests/OCOPPluginKitTests"),
        .testTarget(name: "OCOPConfigTests", dependencies: ["OCOPConfig"], path: "Tests/OCOPConfigTests"),
        .testTarget(name: "OCOPStorageTests", dependencies: ["OCOPStorage", "OCOPTestSupport"], path: "Tests/OCOPStorageTests"),
        .testTarget(name: "OCOPServerTests", dependencies: ["OCOPServer", "OCOPStorage", "OCOPTestSupport", .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Metrics", package: "swift-metrics")], path: "Tests/OCOPServerTests"),
        .testTarget(name: "OCOPCSVTests", dependencies: ["OCOPCSV"], path: "Tests/OCOPCSVTests"),
        .testTarget(name: "OCOPSampleDataTests", dependencies: ["OCOPSampleData", "OCOPCSV"], path: "Tests/OCOPSampleDataTests"),
        .testTarget(name: "OCOPAccountsTests", dependencies: ["OCOPAccounts", "OCOPStorage", "OCOPServer", "OCOPTestSupport"], path: "Tests/OCOPAccountsTests"),
        .testTarget(name: "OCOPRegistryTests", dependencies: ["OCOPRegistry", "OCOPAccounts", "OCOPStorage", "OCOPServer", "OCOPTestSupport"], path: "Tests/OCOPRegistryTests"),
        .testTarget(name: "HaNoiTests", dependencies: ["HaNoi", "OCOPStorage", "OCOPServer", "OCOPTestSupport"], path: "Tests/HaNoiTests"),
        .testTarget(name: "OCOPHostTests", dependencies: ["OCOPHost", "OCOPConfig", "OCOPPluginKit", "OCOPServer", "OCOPTestSupport"], path: "Tests/OCOPHostTests"),
    ]
)
