import Foundation
import PorticoTestSupport
import Proto
import PorticoTLS
import Testing

/// A throwaway PKI made with the openssl CLI for one test: a CA, a server certificate for
/// 127.0.0.1, a client certificate with CN billing-svc, and a second CA with a client
/// certificate of the same CN that the server must not trust.
struct TestPKI {
    let directory: URL

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func make() async throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: pki.path("server.ext"), atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: pki.path("client.ext"), atomically: true, encoding: .utf8)
        for ca in ["ca", "rogue-ca"] {
            try await pki.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                   "-keyout", pki.path("\(ca).key"), "-out", pki.path("\(ca).pem"), "-days", "2", "-subj", "/CN=\(ca)"])
        }
        try await pki.issue("server", commonName: "rpc-server", by: "ca", extensions: "server.ext")
        try await pki.issue("client", commonName: "billing-svc", by: "ca", extensions: "client.ext")
        try await pki.issue("rogue-client", commonName: "billing-svc", by: "rogue-ca", extensions: "client.ext")
        return pki
    }

    private func issue(_ name: String, commonName: String, by ca: String, extensions: String) async throws {
        try await openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                           "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(commonName)"])
        try await openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
                           "-CAcreateserial", "-out", path("\(name).pem"), "-days", "2", "-extfile", path(extensions)])
    }

    private func openssl(_ arguments: [String]) async throws {
        let result = try await ProcessRun.run("/usr/bin/openssl", arguments)
        guard result.status == 0 else { throw TLSError.configuration("openssl \(arguments.first ?? ""): \(result.output)") }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    func serverContext(verifyingClients: Bool = false) throws -> TLSContext {
        try TLSContext.server(
            certificatePath: path("server.pem"), keyPath: path("server.key"),
            clientCAPath: verifyingClients ? path("ca.pem") : nil)
    }
}

@Suite("RPC over TLS")
struct TransportTLSTests {
    static func withPKI(_ body: (TestPKI) async throws -> Void) async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        try await body(pki)
    }

    @Test("a client trusting the server's CA calls over TLS; a plain client gets nowhere")
    func callOverTLS() async throws {
        try await Self.withPKI { pki in
            let configuration = RPCServer.Configuration(tls: try pki.serverContext())
            try await withRPCServer(configuration: configuration) { server in
                let trusting = try TLSContext.client(caPath: pki.path("ca.pem"))
                try await withRPCClient(endpoints: [server.endpoint], configure: { $0.tls = trusting }) { client in
                    let reply = try await client.call(EchoMethods.caller, TextMessage(""), options: CallOptions(requestID: "r1"))
                    #expect(reply.text == "gateway|internalService|r1|")
                }
                try await withRPCClient(endpoints: [server.endpoint], configure: { $0.connectTimeout = .seconds(5) }) { client in
                    let error = await #expect(throws: RPCError.self) {
                        try await client.call(EchoMethods.say, TextMessage("hi"), options: CallOptions(timeout: .seconds(10)))
                    }
                    #expect(error?.code == .unavailable || error?.code == .deadlineExceeded)
                }
            }
        }
    }

    @Test("a client that does not trust the server's certificate refuses it")
    func untrustedServer() async throws {
        try await Self.withPKI { pki in
            try await withRPCServer(configuration: RPCServer.Configuration(tls: try pki.serverContext())) { server in
                let distrusting = try TLSContext.client(caPath: pki.path("rogue-ca.pem"))
                try await withRPCClient(endpoints: [server.endpoint], configure: {
                    $0.tls = distrusting
                    $0.connectTimeout = .seconds(5)
                }) { client in
                    let error = await #expect(throws: RPCError.self) {
                        try await client.call(EchoMethods.say, TextMessage("hi"), options: CallOptions(timeout: .seconds(10)))
                    }
                    #expect(error?.code == .unavailable || error?.code == .deadlineExceeded)
                }
            }
        }
    }

    @Test("mutual TLS: a named client's certificate identifies it without a token, and cannot vouch for another identity")
    func clientCertificateIdentity() async throws {
        try await Self.withPKI { pki in
            let verifier = try ServiceTokenVerifier(
                sharedSecret: RPCTestFixtures.sharedSecret, clients: ["billing-svc": "billing-secret"],
                certificateSubjects: ["billing-svc": "billing-svc"])
            let configuration = RPCServer.Configuration(tls: try pki.serverContext(verifyingClients: true))
            try await withRPCServer(configuration: configuration, verifier: verifier) { server in
                let certified = try TLSContext.client(
                    caPath: pki.path("ca.pem"), certificatePath: pki.path("client.pem"), keyPath: pki.path("client.key"))
                try await withTokenlessClient(server, tls: certified) { client in
                    let reply = try await client.call(EchoMethods.caller, TextMessage(""), options: CallOptions(requestID: "r2"))
                    #expect(reply.text == "billing-svc|namedClient|r2|")
                }
                // The same certificate with a token naming someone else is refused.
                try await withRPCClient(endpoints: [server.endpoint], configure: { $0.tls = certified }) { client in
                    let error = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.say, TextMessage("hi")) }
                    #expect(error == RPCError(.unauthenticated, "service token names another identity than the client certificate"))
                }
                // Without a certificate, a call needs a token as always.
                let anonymous = try TLSContext.client(caPath: pki.path("ca.pem"))
                try await withTokenlessClient(server, tls: anonymous) { client in
                    let error = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.say, TextMessage("hi")) }
                    #expect(error == RPCError(.unauthenticated, "missing service token"))
                }
                // A certificate with the right CN from another CA fails the handshake.
                let rogue = try TLSContext.client(
                    caPath: pki.path("ca.pem"), certificatePath: pki.path("rogue-client.pem"), keyPath: pki.path("rogue-client.key"))
                try await withTokenlessClient(server, tls: rogue) { client in
                    let error = await #expect(throws: RPCError.self) {
                        try await client.call(EchoMethods.say, TextMessage("hi"), options: CallOptions(timeout: .seconds(10)))
                    }
                    #expect(error?.code == .unavailable || error?.code == .deadlineExceeded)
                }
            }
        }
    }

    @Test("missing or mismatched certificate files are refused with the file named")
    func badFiles() async throws {
        try await Self.withPKI { pki in
            #expect {
                try TLSContext.server(certificatePath: pki.path("nope.pem"), keyPath: pki.path("server.key"))
            } throws: { "\($0)".contains("nope.pem") }
            #expect {
                try TLSContext.server(certificatePath: pki.path("server.pem"), keyPath: pki.path("client.key"))
            } throws: { "\($0)".contains("client.key") }
        }
    }

    @Test("loopback hosts are told apart from others for the plain-listener warning")
    func loopbackHosts() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1"] { #expect(RPCServer.isLoopback(host)) }
        for host in ["0.0.0.0", "10.0.0.5", "::", "auth.internal"] { #expect(!RPCServer.isLoopback(host)) }
    }
}

/// A client that sends no service tokens (identified by its TLS certificate alone).
func withTokenlessClient<T>(_ server: RunningRPCServer, tls: TLSContext, _ body: (RPCClient) async throws -> T) async throws -> T {
    var configuration = RPCClient.Configuration(endpoints: [server.endpoint], connectTimeout: .seconds(10))
    configuration.tls = tls
    let client = try RPCClient(configuration: configuration, tokens: nil, logger: RPCTestFixtures.logger)
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}
