import Proto
import Testing

@Suite("RPC server: connection hygiene")
struct ServerConnectionHygieneTests {
    @Test("a connection that sends no preface is closed after the handshake timeout")
    func handshakeTimeout() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(handshakeTimeout: .milliseconds(200))) { server in
            let raw = try await RawRPCConnection.connect(port: server.port, sendPreface: false)
            #expect(try await raw.next() == nil)
        }
    }
}
