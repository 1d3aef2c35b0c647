// swift-tools-version:6.1
import PackageDescription

// One target per folder under Modules/ and Plugins/, one Swift Testing target each.
// Graph (see docs/architecture.md): Domain; PluginKit <- {Config, Storage, Server, core modules, plugins} <- Runtime <- Host.
// Every target declares exactly the modules it imports (scripts/check-imports, run by .ci/run).

/// Province plugins. Each is `Plugins/<Name>/` (a target whose public `<Name>Plugin` type
/// conforms to `Plugin`) with its tests in `Tests/<Name>Tests/`. Adding one is this one line:
/// the plugin target, its test target and the host's dependency are derived from it, and the
/// host's list of factories is generated at build time (Modules/CompiledPluginsGenerator).
let provincePlugins: [ProvincePlugin] = [
    ProvincePlugin("HaNoi", uses: [.domain, .sqlKit, .logging, .argumentParser], testUses: [.domain]),
    ProvincePlugin("BacNinh", uses: [.domain, .sqlKit, .argumentParser, "OCOPCSV"], testUses: [.sqlKit]),
    ProvincePlugin("HaiPhong", uses: [], testUses: ["OCOPEvents", .domain]),
]

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

extension Target.Dependency {
    static let domain: Target.Dependency = "OCOPDomain"
    static let pluginKit: Target.Dependency = "OCOPPluginKit"
    static let sqlKit = Target.Dependency.product(name: "SQLKit", package: "sql-kit")
    static let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
    static let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
    static let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
    static let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
    static let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
}

struct ProvincePlugin {
    let name: String
    let uses: [Target.Dependency]
    let testUses: [Target.Dependency]
    init(_ name: String, uses: [Target.Dependency] = [], testUses: [Target.Dependency] = []) {
        self.name = name
        self.uses = uses
        self.testUses = testUses
    }
    var target: Target {
        .target(name: name, dependencies: [.pluginKit] + uses, path: "Plugins/\(name)", swiftSettings: strict)
    }
    var testTarget: Target {
        .testTarget(name: "\(name)Tests", dependencies: [.byName(name: name), .pluginKit, "OCOPTestSupport"] + testUses, path: "Tests/\(name)Tests")
    }
}

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
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Debian's libyaml (libyaml-dev), found through pkg-config.
        .systemLibrary(
            name: "CYAML",
            path: "Modules/CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Debian's libxlsxwriter (libxlsxwriter-dev), for report workbooks.
        .systemLibrary(
            name: "CXLSXWriter",
            path: "Modules/CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Debian's libqrencode (libqrencode-dev), for the QR codes on product labels.
        .systemLibrary(
            name: "CQRencode",
            path: "Modules/CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // glibc's <malloc.h>, for the host's arena limit (no library to link).
        .systemLibrary(name: "CMalloc", path: "Modules/CMalloc"),
        .target(
            name: "OCOPDomain",
            path: "Modules/OCOPDomain",
            resources: [.copy("Resources/admin-units.txt")],
            swiftSettings: strict
        ),
        .target(name: "OCOPPluginKit", dependencies: [.sqlKit, .logging, .argumentParser], path: "Modules/OCOPPluginKit", swiftSettings: strict),
        .target(name: "OCOPConfig", dependencies: ["CYAML"], path: "Modules/OCOPConfig", swiftSettings: strict),
        .target(
            name: "OCOPStorage",
            dependencies: [
                .pluginKit, .sqlKit, .logging, .nioCore,
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Modules/OCOPStorage",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPServer",
            dependencies: [
                .pluginKit, .hummingbird, .logging, .nioCore,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            path: "Modules/OCOPServer",
            swiftSettings: strict
        ),
        .target(
            name: "OCOPAccounts",
            dependencies: [
                .pluginKit, .domain, .sqlKit, .crypto, .argumentParser, .logging,
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            path: "Modules/OCOPAccounts",
            swiftSettings: strict
        ),
        .target(name: "OCOPCSV", path: "Modules/OCOPCSV", swiftSettings: strict),
        .target(name: "OCOPSampleData", dependencies: [.domain, "OCOPCSV"], path: "Modules/OCOPSampleData", swiftSettings: strict),
        .target(
            name: "OCOPRegistry",
            dependencies: [.pluginKit, .domain, .sqlKit, .crypto, .argumentParser, .logging, "OCOPCSV", "OCOPConfig", "OCOPSampleData",
                           .target(name: "CMalloc", condition: .when(platforms: [.linux]))],
            path: "Modules/OCOPRegistry",
            swiftSettings: strict
        ),
        // Criteria sets as data (scripts/gen-criteria.py writes Resources/criteria), scoring, advice.
        .target(
            name: "OCOPRating",
            dependencies: [.pluginKit, .domain, .sqlKit, .crypto, .argumentParser, "OCOPCSV"],
            path: "Modules/OCOPRating",
            resources: [.copy("Resources/criteria")],
            swiftSettings: strict
        ),
        // Promotion (`ocop.events`): fairs, festivals, product weeks, livestreams, points of sale.
        .target(
            name: "OCOPEvents",
            dependencies: [.pluginKit, .domain, .sqlKit, "OCOPCSV"],
            path: "Modules/OCOPEvents",
            swiftSettings: strict
        ),
        // Reporting (`ocop.reporting`): statistics, targets, exports (CSV, XLSX, JSON), charts, national roll-up.
        .target(
            name: "OCOPReporting",
            dependencies: [.pluginKit, .domain, .sqlKit, .crypto, .argumentParser, "OCOPCSV", "CXLSXWriter"],
            path: "Modules/OCOPReporting",
            swiftSettings: strict
        ),
        // Web pages (`ocop.web`): server-rendered HTML over the platform's own endpoints, sessions, i18n.
        .target(
            name: "OCOPWeb",
            dependencies: [.pluginKit, .domain, .sqlKit, .crypto, "CQRencode", .product(name: "Mustache", package: "swift-mustache")],
            path: "Modules/OCOPWeb",
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        // Boot as `serve` performs it, shared by the executable and by tests' real hosts.
        .target(
            name: "OCOPRuntime",
            dependencies: [.pluginKit, .logging, "OCOPConfig", "OCOPStorage", "OCOPServer"],
            path: "Modules/OCOPRuntime",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "OCOPHost",
            dependencies: [
                .pluginKit, .argumentParser, .logging, .hummingbird, "OCOPConfig", "OCOPRuntime", "OCOPServer", "OCOPStorage",
                "OCOPAccounts", "OCOPRegistry", "OCOPRating", "OCOPEvents", "OCOPReporting", "OCOPWeb", .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ] + provincePlugins.map { .byName(name: $0.name) },
            path: "Modules/OCOPHost",
            swiftSettings: strict,
            plugins: [.plugin(name: "CompiledPluginsGenerator")]
        ),
        // Writes the host's list of province plugin factories from its dependencies under Plugins/.
        .plugin(name: "CompiledPluginsGenerator", capability: .buildTool(), dependencies: ["CompiledPluginsTool"],
                path: "Modules/CompiledPluginsGenerator"),
        .executableTarget(name: "CompiledPluginsTool", path: "Modules/CompiledPluginsTool"),
        // Hello-world anchor for scripts/bench (throughput bar).
        .executableTarget(name: "BenchHello", dependencies: [.hummingbird], path: "Benchmarks/BenchHello"),
        // Shared by the test targets: real temporary databases and real hosts for both engines.
        .target(
            name: "OCOPTestSupport",
            dependencies: [.pluginKit, .domain, .hummingbird, .logging, .nioCore, "OCOPStorage", "OCOPServer", "OCOPRuntime", "OCOPAccounts", "OCOPRegistry", "OCOPRating", "OCOPEvents", "OCOPReporting", "OCOPWeb"],
            path: "Tests/OCOPTestSupport"
        ),
        .testTarget(name: "OCOPDomainTests", dependencies: [.domain], path: "Tests/OCOPDomainTests", exclude: ["Fixtures"]),
        .testTarget(name: "OCOPPluginKitTests", dependencies: [.pluginKit, "OCOPTestSupport", "OCOPStorage", .sqlKit, .logging], path: "Tests/OCOPPluginKitTests"),
        .testTarget(name: "OCOPConfigTests", dependencies: ["OCOPConfig"], path: "Tests/OCOPConfigTests"),
        .testTarget(name: "OCOPStorageTests", dependencies: ["OCOPStorage", "OCOPTestSupport", .pluginKit, .sqlKit], path: "Tests/OCOPStorageTests"),
        .testTarget(name: "OCOPServerTests", dependencies: [
            "OCOPServer", "OCOPStorage", "OCOPTestSupport", .pluginKit, .hummingbird, .logging,
            .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Metrics", package: "swift-metrics"),
        ], path: "Tests/OCOPServerTests"),
        .testTarget(name: "OCOPCSVTests", dependencies: ["OCOPCSV"], path: "Tests/OCOPCSVTests"),
        .testTarget(name: "OCOPSampleDataTests", dependencies: ["OCOPSampleData", "OCOPCSV", .domain], path: "Tests/OCOPSampleDataTests"),
        .testTarget(name: "OCOPAccountsTests", dependencies: ["OCOPAccounts", "OCOPStorage", "OCOPServer", "OCOPTestSupport", .pluginKit, .sqlKit, .logging], path: "Tests/OCOPAccountsTests"),
        .testTarget(name: "OCOPRegistryTests", dependencies: ["OCOPRegistry", "OCOPAccounts", "OCOPStorage", "OCOPServer", "OCOPTestSupport", .domain, .pluginKit, .sqlKit, .logging], path: "Tests/OCOPRegistryTests", exclude: ["Fixtures"]),
        .testTarget(name: "OCOPRatingTests", dependencies: ["OCOPRating", .domain, .pluginKit, .sqlKit, "OCOPTestSupport"], path: "Tests/OCOPRatingTests"),
        .testTarget(name: "OCOPEventsTests", dependencies: ["OCOPEvents", "OCOPRegistry", .pluginKit, .sqlKit, "OCOPTestSupport"], path: "Tests/OCOPEventsTests"),
        .testTarget(name: "OCOPReportingTests", dependencies: ["OCOPReporting", .domain, .pluginKit, .sqlKit, .crypto, "OCOPTestSupport", "OCOPCSV"], path: "Tests/OCOPReportingTests"),
        .testTarget(name: "OCOPWebTests", dependencies: ["OCOPWeb", .pluginKit, .sqlKit, "OCOPTestSupport"], path: "Tests/OCOPWebTests"),
        .testTarget(name: "OCOPHostTests", dependencies: ["OCOPHost", "OCOPRuntime", "OCOPConfig", "OCOPPluginKit", "OCOPServer", "OCOPTestSupport"], path: "Tests/OCOPHostTests"),
    ] + provincePlugins.flatMap { [$0.target, $0.testTarget] }
)
