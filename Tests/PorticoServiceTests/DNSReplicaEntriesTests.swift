import PorticoConfig
import PorticoCore
import PorticoService
import Testing

/// `services.<name>` entries written `dns:HOST:PORT`, and how `rpc.dns` is read.
@Suite struct DNSReplicaEntriesTests {
    @Test func dnsEntriesAreNamesNotAddressesAndReplaceTheListenFallback() throws {
        let loaded = try ConfigLoader().load(yaml: """
            {environment: dev, services: {cache: ["dns:cache:7103", "10.0.0.5:7103"], auth: ["dns:auth:7101"]},
             rpc: {dns: {refresh_seconds: 3, hosts_file: /tmp/hosts}}}
            """)
        let configuration = loaded.configuration
        #expect(PorticoServiceName.cache.dnsNames(in: configuration) == [HostPort(host: "cache", port: 7103)])
        #expect(PorticoServiceName.cache.replicas(in: configuration) == [HostPort(host: "10.0.0.5", port: 7103)])
        #expect(PorticoServiceName.auth.dnsNames(in: configuration) == [HostPort(host: "auth", port: 7101)])
        #expect(PorticoServiceName.auth.replicas(in: configuration).isEmpty)
        #expect(PorticoServiceName.credentials.replicas(in: configuration) == [configuration.listen.credentials])
        #expect(configuration.rpc.dns.refreshSeconds == 3)
        #expect(configuration.rpc.dns.hostsFile == "/tmp/hosts")
    }

    @Test func aDNSEntryWithoutAPortNamesTheEntry() {
        #expect {
            _ = try ConfigLoader().load(yaml: "{environment: dev, services: {cache: [\"127.0.0.1:7103\", \"dns:cache\"]}}")
        } throws: { error in
            "\(error)".contains("services.cache[1]") && "\(error)".contains("dns:HOST:PORT")
        }
    }
}
