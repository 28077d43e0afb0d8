import PorticoConfig
import Testing

/// The RPC listeners' limits and TLS under `rpc:`.
@Suite struct RPCConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func theListenerLimitsHaveDefaults() throws {
        let rpc = try loader.load(yaml: "environment: dev").configuration.rpc
        #expect(rpc.server.maxConnections == 1024 && rpc.server.maxConcurrentStreams == 1024)
        #expect(rpc.server.prefaceTimeoutSeconds == 10 && rpc.server.frameTimeoutSeconds == 30 && rpc.server.idleTimeoutSeconds == 120)
        #expect(rpc.tls == nil)
    }

    @Test func theListenerLimitsTLSAndClientSubjectsAreRead() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            rpc:
              server:
                max_connections: 50
                max_concurrent_streams: 64
                preface_timeout_seconds: 3
                frame_timeout_seconds: 4
                idle_timeout_seconds: 60
              tls: {certificate: /etc/portico/rpc.pem, key: /etc/portico/rpc.key, client_ca: /etc/portico/ca.pem}
              clients:
                billing-svc: {roles: [arn:aws:iam::123456789012:role/Billing], certificate_subject: billing-svc}
            """)
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
        let rpc = loaded.configuration.rpc
        #expect(rpc.server.maxConnections == 50 && rpc.server.maxConcurrentStreams == 64)
        #expect(rpc.server.prefaceTimeoutSeconds == 3 && rpc.server.frameTimeoutSeconds == 4 && rpc.server.idleTimeoutSeconds == 60)
        #expect(rpc.tls?.certificatePath == "/etc/portico/rpc.pem" && rpc.tls?.keyPath == "/etc/portico/rpc.key")
        #expect(rpc.tls?.clientCAPath == "/etc/portico/ca.pem")
        #expect(rpc.clients["billing-svc"]?.certificateSubject == "billing-svc")
    }

    @Test func aZeroStreamCapAndATLSWithoutKeyAreRefusedWithTheirKeys() {
        #expect {
            _ = try loader.load(yaml: "rpc: {server: {max_concurrent_streams: 0}}")
        } throws: { "\($0)".contains("rpc.server.max_concurrent_streams") }
        #expect {
            _ = try loader.load(yaml: "rpc: {tls: {certificate: /a.pem}}")
        } throws: { "\($0)".contains("rpc.tls.key") }
    }
}
