// swift-tools-version: 6.0
//
// rpc-benchmark: unary echo over loopback, Portico's RPC protocol against grpc-swift-2 on
// HTTP/2, in one run. cache-benchmark: the inventory sweep of a moto estate (30 accounts ×
// 300 roles × 20 buckets, queues and topics, spread over 3 motos at 50 ms per call) by 1 and 3
// cache processes × 4 workers against a sequential baseline, then 100 accounts × 300 roles. credentials-benchmark: Portico's get_credentials and get_roles through a release
// `portico-server all` driven by wrk, against AssumeRole straight at the same moto. Kept out of
// the main build and of `make test`:
//
//   swift build -c release --package-path Benchmarks
//   Benchmarks/.build/release/rpc-benchmark [--duration 5] [--warmup 2] [--payload 256] [--concurrency 1,64]
//   Benchmarks/.build/release/cache-benchmark [--accounts 30] [--roles 300] [--motos 3] [--latency-ms 50]
//   Benchmarks/.build/release/credentials-benchmark [--server .build/release/portico-server] [--connections 32]
//   Benchmarks/.build/release/requests-benchmark [--server .build/release/portico-server] [--requests 10000]
import Foundation
import PackageDescription

/// The root package's identity is the name of its directory, which differs between checkouts.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "PorticoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        .target(name: "BenchmarkSupport", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // Portico whole (`portico-server all`) over a seeded, signature-checking moto.
        .target(
            name: "BenchmarkStack",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PorticoCache", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "rpc-benchmark",
            dependencies: [
                .product(name: "PorticoProto", package: rootPackage),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "cache-benchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PorticoCache", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "credentials-benchmark",
            dependencies: [
                "BenchmarkSupport", "BenchmarkStack",
                .product(name: "PorticoCache", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "requests-benchmark",
            dependencies: [
                "BenchmarkSupport", "BenchmarkStack",
                .product(name: "PorticoCache", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)
