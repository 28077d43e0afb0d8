import NIOCore
import PorticoCore
import PorticoTestSupport
import Proto
import Synchronization
import Testing

@Suite("RPC client: balancing and retries")
struct ClientBalancingTests {
    @Test("a call goes to the endpoint with the fewest outstanding calls")
    func fewestOutstanding() async throws {
        let startedA = TestSignal(), startedB = TestSignal(), release = TestSignal()
        let a = try await RunningRPCServer.start(router: EchoMethods.router(name: "A", started: startedA, release: release))
        let b = try await RunningRPCServer.start(router: EchoMethods.router(name: "B", started: startedB, release: release))
        defer { release.fire() }
        do {
            try await withRPCClient(endpoints: [a.endpoint, b.endpoint]) { client in
                try await awaitCondition("both endpoints ready") {
                    client.connect()
                    return client.readyEndpoints.count == 2
                }
                let first = Task { try await client.call(EchoMethods.slow, TextMessage("1"), options: CallOptions(timeout: .seconds(300))) }
                try await withTimeLimit(120, "the first slow call starting") {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { await startedA.wait() }
                        group.addTask { await startedB.wait() }
                        await group.next()
                        group.cancelAll()
                    }
                }
                // One endpoint has a call outstanding, so the next call must go to the other.
                let second = Task { try await client.call(EchoMethods.slow, TextMessage("2"), options: CallOptions(timeout: .seconds(300))) }
                try await withTimeLimit(120, "the second slow call starting on the other endpoint") {
                    await startedA.wait()
                    await startedB.wait()
                }
                release.fire()
                #expect(try await first.value.text == "1")
                #expect(try await second.value.text == "2")
            }
        } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await a.stop()
        await b.stop()
    }

    @Test("an idempotent call failing UNAVAILABLE is retried on the other endpoint; a non-idempotent one is not")
    func retriesIdempotentCalls() async throws {
        let refusals = Atomic<Int>(0)
        var failing = RPCRouter()
        for method in [EchoMethods.say, EchoMethods.sayOnce] {
            failing.register(method) { _, _ in
                refusals.add(1, ordering: .relaxed)
                throw RPCError(.unavailable, "overloaded")
            }
        }
        let a = try await RunningRPCServer.start(router: failing)
        let b = try await RunningRPCServer.start(router: EchoMethods.router(name: "B"))
        do {
            try await withRPCClient(endpoints: [a.endpoint, b.endpoint]) { client in
                try await awaitCondition("both endpoints ready") {
                    client.connect()
                    return client.readyEndpoints.count == 2
                }
                for index in 0..<20 {
                    #expect(try await client.call(EchoMethods.say, TextMessage("\(index)")).text == "\(index)")
                }
                #expect(refusals.load(ordering: .relaxed) > 0)
                let before = refusals.load(ordering: .relaxed)
                var failures = 0
                for index in 0..<20 {
                    do {
                        _ = try await client.call(EchoMethods.sayOnce, TextMessage("\(index)"))
                    } catch let error as RPCError {
                        #expect(error == RPCError(.unavailable, "overloaded"))
                        failures += 1
                    }
                }
                // Every refusal of the non-idempotent call reached its caller.
                #expect(failures == refusals.load(ordering: .relaxed) - before)
                #expect(failures > 0)
            }
        } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await a.stop()
        await b.stop()
    }

    @Test("an endpoint that refuses connections is skipped and probed back in once it serves")
    func refusedEndpointIsEjectedAndProbedBack() async throws {
        let b = try await RunningRPCServer.start(router: EchoMethods.router(name: "B"))
        // Refused (bound, never listening) until the revived server takes the port.
        let deadPort = try ClosedPort()
        defer { deadPort.close() }
        let dead = HostPort(host: "127.0.0.1", port: deadPort.port)
        do {
            try await withRPCClient(endpoints: [dead, b.endpoint], configure: Self.fastRecovery) { client in
                for _ in 0..<20 {
                    #expect(try await client.call(EchoMethods.whoami, TextMessage("")).text == "B")
                }
                #expect(client.readyEndpoints == [b.endpoint])
                try await awaitCondition("the refusing endpoint ejected") {
                    client.endpointStatuses.first { $0.endpoint == dead }?.isEjected == true
                }
                deadPort.close()
                // The client keeps reconnecting to the port meanwhile, and a connect can land on
                // the port itself (a self-connect) until it gives up: bind again until it is free.
                var started: RunningRPCServer?
                try await awaitCondition("the dead endpoint's port bound again") {
                    started = try await RunningRPCServer.start(
                        router: EchoMethods.router(name: "A"),
                        configuration: RPCServer.Configuration(listen: dead))
                    return true
                }
                let revived = try #require(started)
                try await awaitCondition("the revived endpoint probed back into rotation") {
                    client.readyEndpoints.count == 2
                }
                #expect(client.endpointStatuses.allSatisfy { !$0.isEjected })
                var served: Set<String> = []
                for _ in 0..<20 { served.insert(try await client.call(EchoMethods.whoami, TextMessage("")).text) }
                #expect(served == ["A", "B"])
                await revived.stop()
            }
        } catch {
            await b.stop()
            throw error
        }
        await b.stop()
    }

    @Test("with every endpoint down a call fails UNAVAILABLE at once")
    func allEndpointsDown() async throws {
        let closed = try (0..<2).map { _ in try ClosedPort() }
        defer { for port in closed { port.close() } }
        let endpoints = closed.map { HostPort(host: "127.0.0.1", port: $0.port) }
        try await withRPCClient(endpoints: endpoints, configure: Self.fastRecovery) { client in
            let error = await #expect(throws: RPCError.self) {
                try await client.call(EchoMethods.say, TextMessage("x"), options: CallOptions(timeout: .seconds(120)))
            }
            #expect(error?.code == .unavailable)
        }
    }

    static func fastRecovery(_ configuration: inout RPCClient.Configuration) {
        configuration.backoff = RPCClient.Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        configuration.ejection = RPCClient.Ejection(consecutiveFailures: 3, duration: .milliseconds(200), maximumDuration: .seconds(1))
    }
}
