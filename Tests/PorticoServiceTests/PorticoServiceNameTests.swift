import PorticoConfig
import PorticoCore
import PorticoService
import Testing

/// Where a service listens and where its callers find it: the one `services:` fallback.
@Suite struct PorticoServiceNameTests {
    @Test func callersReachTheListenAddressWhenServicesNamesNoReplica() {
        var configuration = PorticoConfiguration()
        configuration.listen.cache = HostPort(host: "127.0.0.1", port: 7203)
        #expect(PorticoServiceName.cache.replicas(in: configuration) == [HostPort(host: "127.0.0.1", port: 7203)])
    }

    @Test func namedReplicasReplaceTheListenAddress() {
        var configuration = PorticoConfiguration()
        let replicas = [HostPort(host: "10.0.0.1", port: 7101), HostPort(host: "10.0.0.2", port: 7101)]
        configuration.services.auth = replicas
        #expect(PorticoServiceName.auth.replicas(in: configuration) == replicas)
        #expect(PorticoServiceName.credentials.replicas(in: configuration) == [configuration.listen.credentials])
    }

    @Test func aConfigurationFileWithoutServicesFallsBackTheSameWay() throws {
        let loaded = try ConfigLoader().load(yaml: "{environment: dev, listen: {credentials: 127.0.0.1:7302}}")
        #expect(loaded.configuration.services.credentials.isEmpty)
        #expect(PorticoServiceName.credentials.replicas(in: loaded.configuration) == [HostPort(host: "127.0.0.1", port: 7302)])
    }

    @Test func outboundHTTPTimeoutsComeFromHttpClient() throws {
        let loaded = try ConfigLoader().load(yaml: "{environment: dev, http_client: {auth: {connect_timeout_seconds: 7}}}")
        let auth = PorticoServiceName.auth.httpClientSettings(in: loaded.configuration)
        #expect(auth == .init(connectTimeoutSeconds: 7, requestTimeoutSeconds: 15))
        #expect(PorticoServiceName.gateway.httpClientSettings(in: loaded.configuration) == .init(
            connectTimeoutSeconds: 3, requestTimeoutSeconds: 10))
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
    }
}

/// The limits every RPC listener gets from `rpc.server`.
@Suite struct RPCServerSettingsTests {
    @Test func theListenerLimitsAreRead() throws {
        let loaded = try ConfigLoader().load(yaml: """
            {environment: dev, rpc: {server: {max_concurrent_streams: 16, preface_timeout_seconds: 2}}}
            """)
        var expected = PorticoConfiguration.RPCServerSettings()
        expected.maxConcurrentStreams = 16
        expected.prefaceTimeoutSeconds = 2
        #expect(loaded.configuration.rpc.server == expected)
        #expect(PorticoConfiguration.RPCServerSettings().maxFrameSize == 4 * 1024 * 1024)
    }

    @Test func aFrameSizeUnderTheProtocolsMinimumIsRefusedNamingTheKey() {
        #expect {
            try ConfigLoader().load(yaml: "{environment: dev, rpc: {server: {max_frame_size: 100}}}")
        } throws: { error in
            "\(error)".contains("rpc.server.max_frame_size")
        }
    }
}
