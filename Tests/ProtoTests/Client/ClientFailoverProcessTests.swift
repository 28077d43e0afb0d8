import Foundation
import NIOCore
import PorticoCore
import PorticoTestSupport
import Proto
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two real server processes (`rpc-echo-server`, built next to the tests), one killed with
/// SIGKILL in the middle of a load of idempotent calls.
@Suite("RPC client: failover between server processes")
struct ClientFailoverProcessTests {
    static let secret = "failover-test-secret"

    /// `rpc-echo-server` in the build directory this test binary runs from.
    static func echoServerPath() throws -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // On Linux the tests run from `<bin>/PorticoPackageTests.xctest`; on macOS from inside the bundle.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("rpc-echo-server").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw TestServerError.executableNotFound("rpc-echo-server (build it with `swift build --build-tests`)")
    }

    /// Starts a server on `port` (0: one the kernel picks, which the server reports once it
    /// listens) and waits until it answers; returns the process and its port.
    static func startServer(port: Int = 0, name: String) async throws -> (process: ManagedProcess, port: Int) {
        let process = try ManagedProcess(
            executable: try echoServerPath(), arguments: [String(port), name], environment: ["RPC_SECRET": secret],
            name: "rpc-echo-\(name)")
        try process.start()
        let marker = "rpc-echo-server \(name) serving on port "
        var listening = 0
        try await awaitCondition("rpc-echo-server \(name) listening", timeout: 60) {
            guard process.isRunning else {
                throw TestServerError.notReady("rpc-echo-server \(name) exited: \(process.tail())", seconds: 0)
            }
            guard let line = process.tail().split(separator: "\n").last(where: { $0.hasPrefix(marker) }),
                  let reported = Int(line.dropFirst(marker.count)) else { return false }
            listening = reported
            return (try? await RawRPCConnection.probe(port: reported)) == true
        }
        return (process, listening)
    }

    @Test("killing one of two servers mid-load fails no idempotent call, and the client reconnects when it returns")
    func killOneServerMidLoad() async throws {
        let startedA = try await Self.startServer(name: "A")
        var serverA = startedA.process
        let portA = startedA.port
        let (serverB, portB) = try await Self.startServer(name: "B")
        defer {
            serverA.stop(signal: SIGKILL)
            serverB.stop(signal: SIGKILL)
        }
        let endpointA = HostPort(host: "127.0.0.1", port: portA)
        let tokens = try ServiceTokenIssuer(identity: "failover-test", secret: Self.secret)
        try await withRPCClient(endpoints: [endpointA, HostPort(host: "127.0.0.1", port: portB)], tokens: tokens) { configuration in
            configuration.backoff = RPCClient.Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))
            configuration.ejection = RPCClient.Ejection(consecutiveFailures: 3, duration: .milliseconds(200), maximumDuration: .seconds(1))
        } _: { client in
            let tally = LoadTally()
            let echo = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Echo", isIdempotent: true)
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<16 {
                        group.addTask {
                            var index = 0
                            while !tally.stop.load(ordering: .relaxed) {
                                index += 1
                                let payload = "w\(worker)-\(index)"
                                do {
                                    let reply = try await client.call(echo, TextMessage(payload))
                                    if reply.text == payload {
                                        tally.succeeded.add(1, ordering: .relaxed)
                                    } else {
                                        tally.failures.withLock { $0.append("\(payload) answered \(reply.text)") }
                                    }
                                } catch {
                                    tally.failures.withLock { $0.append("\(payload): \(error)") }
                                }
                            }
                        }
                    }
                }
            }
            try await awaitCondition("load running on both servers", timeout: 120) {
                tally.succeeded.load(ordering: .relaxed) >= 500 && client.readyEndpoints.count == 2
            }
            serverA.stop(signal: SIGKILL)
            let atKill = tally.succeeded.load(ordering: .relaxed)
            try await awaitCondition("load continuing on B", timeout: 120) {
                tally.succeeded.load(ordering: .relaxed) >= atKill + 2000
            }
            #expect(!client.readyEndpoints.contains(endpointA))

            // Back on the port the client knows (free since A was killed).
            serverA = try await Self.startServer(port: portA, name: "A").process
            try await awaitCondition("A back in rotation", timeout: 120) { client.readyEndpoints.contains(endpointA) }
            let whoami = RPCMethod<TextMessage, TextMessage>(name: "portico.test.Echo/Whoami", isIdempotent: true)
            try await awaitCondition("calls reaching A again", timeout: 120) {
                try await client.call(whoami, TextMessage("")).text == "A"
            }
            tally.stop.store(true, ordering: .relaxed)
            await load.value
            let failed = tally.failures.withLock { $0 }
            #expect(failed.isEmpty, "failed calls: \(failed.prefix(5))")
            #expect(tally.succeeded.load(ordering: .relaxed) > atKill)
        }
    }
}

/// What the load workers saw.
private final class LoadTally: Sendable {
    let succeeded = Atomic<Int>(0)
    let failures = Mutex<[String]>([])
    let stop = Atomic<Bool>(false)
}
