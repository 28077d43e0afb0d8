// swift-tools-version: 6.0
//
// libFuzzer targets for Portico's wire protocol, kept out of the main build. `scripts/fuzz`
// builds them with `--sanitize fuzzer --sanitize address` and runs them with the seed corpus
// in corpus/<Target>/. Each target is an executable whose only entry point is
// `LLVMFuzzerTestOneInput` (no main: libFuzzer provides it, hence -parse-as-library).
//
//   MessageFuzz  every generated message: decode arbitrary bytes, re-encode, decode again
//   FrameFuzz    the RPC frame decoder: arbitrary bytes alone and through the server's
//                decoder/error-handler pipeline in an EmbeddedChannel, fed in chunks
//
// To add a target (e.g. FrameFuzz for the frame decoder): a folder Sources/<Target>/ with an
// `@_cdecl("LLVMFuzzerTestOneInput")` function, an entry in `fuzzTargets` below and a seed
// folder corpus/<Target>/; scripts/fuzz finds it there.
import Foundation
import PackageDescription

/// The root package's identity is the name of its directory, which differs between checkouts.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("MessageFuzz", [.product(name: "PorticoProto", package: rootPackage)]),
    ("FrameFuzz", [
        .product(name: "PorticoProto", package: rootPackage),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
    ]),
]

let package = Package(
    name: "PorticoFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
    ] + fuzzTargets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport"] + target.dependencies,
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
