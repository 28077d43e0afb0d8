import Foundation
import PorticoCore
import PorticoTestSupport
import Proto
import Synchronization
import Testing

@Suite("RPC client: replicas found by dns: names")
struct ClientDNSDiscoveryTests {
    @Test("a hosts file answers every address of a name, in file order, ignoring comments and other names")
    func hostsFileAnswers() {
        let text = """
        # replicas
        127.0.0.2 cache other
        127.0.0.9 auth
        127.0.0.3\tCACHE # second
        127.0.0.2 cache
        """
        #expect(HostsFileResolver.addresses(of: "cache", inHostsText: text) == ["127.0.0.2", "127.0.0.3"])
        #expect(HostsFileResolver.addresses(of: "missing", inHostsText: text).isEmpty)
    }

    @Test("the system resolver answers localhost with a loopback address")
    func systemResolver() async throws {
        let addresses = try await SystemNameResolver().addresses(of: "localhost")
        #expect(addresses.contains { $0 == "127.0.0.1" || $0 == "::1" })
    }

    @Test("an address added to the name's answer receives calls within the refresh interval; one removed loses no call")
    func addsAndDrainsReplicas() async throws {
        let hosts = FileManager.default.temporaryDirectory.appendingPathComponent("portico-hosts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: hosts) }
        let a = try await RunningRPCServer.start(
            router: EchoMethods.router(name: "A"),
            configuration: .init(listen: HostPort(host: "127.0.0.2", port: 0)))
        let b = try await RunningRPCServer.start(
            router: EchoMethods.router(name: "B"),
            configuration: .init(listen: HostPort(host: "127.0.0.3", port: a.port)))
        defer { Task { await a.stop(); await b.stop() } }
        try "127.0.0.2 cache.portico.test\n".write(toFile: hosts, atomically: true, encoding: .utf8)
        let name = HostPort(host: "cache.portico.test", port: a.port)
        try await withRPCClient(endpoints: [], configure: { configuration in
            configuration.dnsNames = [name]
            configuration.resolution = RPCClient.Resolution(
                interval: .milliseconds(200), minimumInterval: .milliseconds(100), drainTimeout: .seconds(30),
                resolver: HostsFileResolver(path: hosts))
        }) { client in
            #expect(try await client.call(EchoMethods.whoami, TextMessage("")).text == "A")

            try "127.0.0.2 cache.portico.test\n127.0.0.3 cache.portico.test\n".write(toFile: hosts, atomically: true, encoding: .utf8)
            try await awaitCondition("the added replica answering calls") {
                try await client.call(EchoMethods.whoami, TextMessage("")).text == "B"
            }

            // Calls run without pause while A leaves the answer: none may fail.
            let tally = CallTally()
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            while !tally.stop.load(ordering: .relaxed) {
                                do { _ = try await client.call(EchoMethods.sayOnce, TextMessage("x")) } catch {
                                    tally.failures.add(1, ordering: .relaxed)
                                }
                            }
                        }
                    }
                }
            }
            try "127.0.0.3 cache.portico.test\n".write(toFile: hosts, atomically: true, encoding: .utf8)
            try await awaitCondition("the removed replica out of the client's endpoints") {
                client.endpointStatuses.map(\.endpoint) == [HostPort(host: "127.0.0.3", port: a.port)]
            }
            tally.stop.store(true, ordering: .relaxed)
            await load.value
            #expect(tally.failures.load(ordering: .relaxed) == 0)
            for _ in 0..<5 { #expect(try await client.call(EchoMethods.whoami, TextMessage("")).text == "B") }
        }
    }
}

/// Calls failed while a load runs, and the load's stop switch.
private final class CallTally: Sendable {
    let failures = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}
