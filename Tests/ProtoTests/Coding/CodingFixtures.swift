import Foundation
import PorticoTestSupport
import Proto

/// Shared inputs for the Coding tests: a message with every field kind set, a builder for
/// hand-crafted wire bytes, and a runner for protoc and the scripts.
enum CodingFixtures {
    /// An EchoRequest with every field kind populated, non-default values throughout.
    static var fullEchoRequest: EchoRequest {
        EchoRequest(
            payload: [0, 1, 2, 0xFF, 0],
            text: "héllo wörld ✓ 👋🏽",
            tags: ["alpha", "", "γάμμα"],
            metadata: ["trace": "abc-123", "": "empty key", "ключ": "значение"],
            sequence: Int64.min,
            repeatCount: UInt32.max,
            uppercase: true,
            weight: -1234.5e-7,
            priority: .high,
            priorities: [.low, .unspecified, .high, .unrecognized(42), .unrecognized(-7)],
            origin: EchoRequest.Origin(host: "gateway.internal", port: 8080),
            hops: [
                EchoRequest.Hop(service: "gateway", unixNanos: 1_700_000_000_000_000_000, labels: ["zone": "a"]),
                EchoRequest.Hop(),
                EchoRequest.Hop(service: "auth", unixNanos: -1, labels: [:]),
            ],
            numbers: EchoRequest.Numbers(
                int32Value: Int32.min, int64Value: Int64.max, uint32Value: 7, uint64Value: UInt64.max,
                sint32Value: -2, sint64Value: Int64.min, fixed32Value: UInt32.max, fixed64Value: 1 << 60,
                sfixed32Value: -3, sfixed64Value: -(1 << 50), floatValue: 3.25, doubleValue: .infinity,
                int32Values: [-1, 0, 1, Int32.max], uint64Values: [0, UInt64.max], sint64Values: [Int64.min, -1, 5],
                doubleValues: [-0.5, 1e300, -.infinity], boolValues: [true, false, true], bytesValues: [[], [0], [1, 2]]),
            caller: Principal(user: "alice@example.com", groups: ["admins", "engineering"]),
            note: "a note",
            limit: 25,
            verbose: false,
            buckets: [0: StringList(values: ["x"]), 7: StringList(), UInt32.max: StringList(values: ["y", "z"])])
    }

    /// Builds protobuf wire bytes by hand, to craft inputs the encoder would never produce.
    struct Wire {
        private(set) var bytes: [UInt8] = []

        static func varint(_ value: UInt64) -> [UInt8] {
            var value = value
            var bytes: [UInt8] = []
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
            return bytes
        }

        func varintField(_ number: UInt64, _ value: UInt64) -> Wire {
            appending(Self.varint(number << 3) + Self.varint(value))
        }

        func bytesField(_ number: UInt64, _ value: [UInt8]) -> Wire {
            appending(Self.varint(number << 3 | 2) + Self.varint(UInt64(value.count)) + value)
        }

        func fixed32Field(_ number: UInt64, _ value: UInt32) -> Wire {
            appending(Self.varint(number << 3 | 5) + withUnsafeBytes(of: value.littleEndian) { Array($0) })
        }

        func raw(_ bytes: [UInt8]) -> Wire { appending(bytes) }

        private func appending(_ more: [UInt8]) -> Wire {
            var copy = self
            copy.bytes += more
            return copy
        }
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// protoc-gen-portico as built beside the test binary by `swift build --build-tests`, or
    /// `PROTOC_GEN_PORTICO` when set.
    static var plugin: String {
        if let path = ProcessInfo.processInfo.environment["PROTOC_GEN_PORTICO"] { return path }
        let products = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        return products.appendingPathComponent("protoc-gen-portico").path
    }

    struct ToolResult {
        var status: Int32
        var output: [UInt8]
        var errorOutput: String
    }

    /// Runs a tool to completion with `input` on stdin, waiting on a thread of its own (see
    /// `runBlocking`) so the test pool keeps running other tests meanwhile.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8] = [],
                    environment: [String: String] = [:], directory: URL? = nil) async throws -> ToolResult
    {
        try await runBlocking {
            try runToCompletion(executable, arguments, input: input, environment: environment, directory: directory)
        }
    }

    private static func runToCompletion(_ executable: String, _ arguments: [String], input: [UInt8],
                                        environment: [String: String], directory: URL?) throws -> ToolResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Drain stderr on another thread while stdout is read here, so neither pipe fills up.
        let errorData = LockedData()
        let errorDrained = DispatchGroup()
        errorDrained.enter()
        DispatchQueue.global().async {
            errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
            errorDrained.leave()
        }
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorDrained.wait()
        return ToolResult(
            status: process.terminationStatus, output: Array(output),
            errorOutput: String(decoding: errorData.value, as: UTF8.self))
    }

    static func locate(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Data handed from a reader thread to the test.
private final class LockedData: @unchecked Sendable {
    // Safe: every access goes through `lock`.
    private let lock = NSLock()
    private var data: Data?

    func set(_ data: Data) { lock.withLock { self.data = data } }
    var value: Data { lock.withLock { data ?? Data() } }
}
