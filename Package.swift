// swift-tools-version: 6.0
//
// Portico: a self-hosted AWS access broker. See README.md and proto/README.md.
//
// Layout (one concept per target):
//   C system libraries ........ CProtobufC, CHiredis, CCurl, COpenSSL (module map + shim header)
//   C shims ................... CPorticoShims (typed wrappers for variadic / macro C APIs)
//   Shared core ............... PorticoCore (value types and in-memory primitives; no NIO, no C)
//   Platform .................. PorticoConfig, PorticoTelemetry, PorticoRedis, PorticoHTTP,
//                               PorticoCrypto, PorticoAWS
//   REST contract ............. PorticoAPI (the gateway's bodies as Codable types, Foundation only)
//   Wire protocol ............. CPorticoProto (protoc-c output, generated), Proto (Swift)
//   Code generation ........... protoc-gen-portico (our protoc plugin) + CProtocPlugin
//   Service host .............. PorticoService (clients, verifier, RPC listener, Health, from config)
//   Services .................. Gateway, AuthService, CredentialService, CacheService, RequestService
//   Executables ............... portico-server (every service + `all`), portico (user CLI)
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Portico",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portico-server", targets: ["PorticoServer"]),
        .executable(name: "portico", targets: ["PorticoCLI"]),
        .executable(name: "protoc-gen-portico", targets: ["ProtocGenPortico"]),
        // For the fuzz package in Fuzz/ and the RPC benchmark (a path dependency can only use products).
        .library(name: "PorticoProto", targets: ["Proto", "PorticoCore"]),
        // For the cache benchmark in Benchmarks/ (seeds moto with PorticoAWS, sweeps with CacheService).
        .library(name: "PorticoCache", targets: ["CacheService", "PorticoCore", "PorticoAWS", "PorticoRedis", "PorticoConfig", "PorticoHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    ],
    targets: [
        // MARK: C libraries (Debian packages, found through pkg-config)
        systemLibrary("CProtobufC", pkgConfig: "libprotobuf-c", apt: "libprotobuf-c-dev"),
        systemLibrary("CHiredis", pkgConfig: "hiredis", apt: "libhiredis-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: "libssl-dev"),
        .target(name: "CPorticoShims", dependencies: ["CCurl", "COpenSSL"]),

        // MARK: Platform
        // Shared value types and in-memory primitives every other module builds on (no NIO, no C).
        .target(name: "PorticoCore", swiftSettings: swiftSettings),
        .target(
            name: "PorticoConfig",
            dependencies: [
                "PorticoCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PorticoTelemetry",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PorticoRedis",
            dependencies: [
                "CHiredis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PorticoHTTP",
            dependencies: [
                "CCurl", "CPorticoShims",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PorticoCrypto",
            dependencies: ["COpenSSL", "CPorticoShims"],
            swiftSettings: swiftSettings),
        .target(
            name: "PorticoAWS",
            dependencies: [
                "PorticoCore", "PorticoHTTP", "PorticoCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // MARK: IAM policies (documents, the action catalog, generation, checks; see Sources/IAMPolicy)
        .target(
            name: "IAMPolicy", dependencies: ["PorticoCore"],
            // The IAM action catalog, generated by scripts/generate-iam-catalog.
            resources: [.copy("Catalog/iam-catalog.tsv")], swiftSettings: swiftSettings),

        // MARK: REST contract (shared by the gateway, the `portico` CLI and the tests)
        .target(name: "PorticoAPI", dependencies: ["PorticoCore"], swiftSettings: swiftSettings),

        // MARK: Wire protocol
        .target(
            name: "PorticoTLS",
            dependencies: ["COpenSSL", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .target(name: "CPorticoProto", dependencies: ["CProtobufC"]),
        .target(
            name: "Proto",
            dependencies: [
                "CPorticoProto", "CProtobufC", "PorticoCore", "PorticoCrypto", "PorticoTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: swiftSettings),
        .target(name: "CProtocPlugin", dependencies: ["CProtobufC"]),
        .executableTarget(
            name: "ProtocGenPortico",
            dependencies: ["CProtocPlugin", "CProtobufC"],
            swiftSettings: swiftSettings),

        // MARK: Service host (what every service starts on)
        .target(
            name: "PorticoService",
            dependencies: [
                "Proto", "PorticoCore", "PorticoConfig", "PorticoRedis", "PorticoHTTP", "PorticoTelemetry", "PorticoTLS",
                "PorticoAWS", "PorticoCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),

        // MARK: Services
        .target(
            name: "Gateway",
            dependencies: [
                "Proto", "PorticoAPI", "PorticoCore", "PorticoService", "PorticoConfig", "PorticoTelemetry", "PorticoCrypto",
                "PorticoHTTP", "PorticoRedis", "IAMPolicy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The web UI (also reachable as `web/` at the top), served from memory; see WebAssets.
            resources: [.copy("Web")],
            swiftSettings: swiftSettings),
        .target(
            name: "AuthService",
            dependencies: serviceDependencies + [
                "PorticoRedis", "PorticoHTTP", "PorticoCrypto",
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "CredentialService",
            dependencies: serviceDependencies + ["PorticoAWS", "PorticoRedis", "PorticoHTTP", "PorticoCrypto"],
            swiftSettings: swiftSettings),
        .target(
            name: "CacheService",
            dependencies: serviceDependencies + [
                "PorticoRedis", "PorticoAWS", "PorticoHTTP", "PorticoCrypto",
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "RequestService",
            dependencies: serviceDependencies + [
                "PorticoAPI", "PorticoAWS", "PorticoRedis", "PorticoHTTP", "PorticoCrypto", "IAMPolicy",
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),

        // MARK: Executables
        .executableTarget(
            name: "PorticoServer",
            dependencies: [
                "Gateway", "AuthService", "CredentialService", "CacheService", "RequestService",
                "PorticoCore", "PorticoService", "PorticoConfig", "PorticoTelemetry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "PorticoCLI",
            dependencies: [
                "PorticoCore", "PorticoConfig", "PorticoHTTP", "PorticoAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // `portico serve`: the ECS and instance-metadata endpoints.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),

        // MARK: Tests
        .target(
            name: "PorticoTestSupport",
            dependencies: [
                "PorticoCore", "PorticoAWS", "PorticoHTTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/PorticoTestSupport",
            swiftSettings: swiftSettings),
        // The whole of Portico as a process (`portico-server all`) for end-to-end suites.
        .target(
            name: "PorticoStackSupport",
            dependencies: [
                "PorticoTestSupport", "PorticoAPI", "PorticoCore", "PorticoAWS", "PorticoHTTP", "Proto",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PorticoStackSupport",
            swiftSettings: swiftSettings),
        .testTarget(name: "PorticoCoreTests", dependencies: ["PorticoCore", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PorticoConfigTests", dependencies: ["PorticoConfig", "PorticoCore", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PorticoTelemetryTests", dependencies: ["PorticoTelemetry", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PorticoRedisTests", dependencies: ["PorticoRedis", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PorticoHTTPTests", dependencies: ["PorticoHTTP", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PorticoCryptoTests", dependencies: ["PorticoCrypto", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IAMPolicyTests", dependencies: ["IAMPolicy", "PorticoCore", "PorticoCrypto", "PorticoTestSupport"],
            exclude: ["Corpus"], swiftSettings: swiftSettings),
        .testTarget(name: "PorticoAPITests", dependencies: ["PorticoAPI"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PorticoServiceTests",
            dependencies: [
                "PorticoService", "PorticoCore", "PorticoConfig", "PorticoRedis", "Proto", "PorticoTestSupport", "PorticoAWS", "PorticoHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "PorticoAWSTests", dependencies: ["PorticoAWS", "PorticoCore", "PorticoTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProtoTests",
            dependencies: [
                "Proto", "PorticoCore", "PorticoTestSupport", "PorticoCrypto", "PorticoTLS",
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CacheServiceTests",
            dependencies: [
                "CacheService", "PorticoCore", "PorticoService", "PorticoTestSupport", "PorticoRedis", "PorticoAWS", "PorticoHTTP", "PorticoConfig", "Proto",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        // An Echo RPC server in its own process, so ProtoTests can kill a real server mid-load.
        // Test-only: not a product; `swift build --build-tests` builds it next to the tests.
        .executableTarget(
            name: "rpc-echo-server",
            dependencies: [
                "Proto", "PorticoCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/RPCEchoServer",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "PorticoAPI", "PorticoCore", "PorticoService", "PorticoTestSupport", "PorticoConfig", "PorticoCrypto",
                "PorticoHTTP",
                "PorticoTelemetry",
                // The backends the gateway calls, run in-process for its REST tests.
                "AuthService", "CredentialService", "CacheService", "RequestService", "Proto", "PorticoAWS", "PorticoRedis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AuthServiceTests",
            dependencies: [
                "AuthService", "Proto", "PorticoCore", "PorticoService", "PorticoTestSupport", "PorticoConfig", "PorticoCrypto", "PorticoHTTP", "PorticoRedis",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CredentialServiceTests",
            dependencies: [
                "CredentialService", "CacheService", "Proto", "PorticoCore", "PorticoService", "PorticoTestSupport", "PorticoConfig", "PorticoAWS", "PorticoRedis",
                "PorticoHTTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        // Issue 18's fault suite (`make faults`): a multi-process topology under load, one fault at a time.
        .testTarget(
            name: "FaultSuiteTests",
            dependencies: [
                "PorticoAPI", "PorticoCore", "PorticoTestSupport", "PorticoStackSupport", "PorticoHTTP", "PorticoRedis", "Proto",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PorticoServerTests",
            dependencies: [
                "PorticoAPI", "PorticoConfig", "PorticoCore", "PorticoTestSupport", "PorticoStackSupport", "PorticoAWS", "PorticoHTTP", "Proto",
                "PorticoService", "PorticoRedis",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // The `portico` CLI as a real process against `portico-server all`, checked with the AWS CLI and boto3.
        .testTarget(
            name: "PorticoCLITests",
            dependencies: [
                "PorticoAPI", "PorticoCore", "PorticoTestSupport", "PorticoStackSupport", "PorticoAWS", "PorticoHTTP", "Proto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RequestServiceTests",
            dependencies: [
                "RequestService", "CacheService", "PorticoAPI", "Proto", "PorticoCore", "PorticoService", "PorticoTestSupport",
                "PorticoConfig", "PorticoAWS", "PorticoRedis", "PorticoHTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // The test support's own tests: its servers and fixtures come up and go away.
        .testTarget(
            name: "PorticoTestSupportTests",
            dependencies: [
                "PorticoTestSupport", "PorticoAWS", "PorticoHTTP", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
    ]
)

/// What every RPC-serving service module builds on.
var serviceDependencies: [Target.Dependency] {
    [
        "Proto", "PorticoCore", "PorticoService", "PorticoConfig", "PorticoTelemetry",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]
}
