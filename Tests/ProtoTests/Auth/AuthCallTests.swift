import NIOCore
import Proto
import Testing

@Suite("Service tokens on calls")
struct AuthCallTests {
    static let clients = ["billing-svc": "billing-secret"]

    @Test("a call signed with a wrong secret is UNAUTHENTICATED")
    func badToken() async throws {
        try await withRPCServer(verifier: try RPCTestFixtures.verifier(clients: Self.clients)) { server in
            let tokens = try ServiceTokenIssuer(identity: "gateway", secret: "not-the-secret")
            try await withRPCClient(endpoints: [server.endpoint], tokens: tokens) { client in
                let error = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.say, TextMessage("hi")) }
                #expect(error?.code == .unauthenticated)
            }
        }
    }

    @Test("a call with an expired token is UNAUTHENTICATED")
    func expiredToken() async throws {
        try await withRPCServer(verifier: try RPCTestFixtures.verifier(clients: Self.clients)) { server in
            let anHourAgo = ServiceTokenClock { ServiceTokenClock.system.now() - 3600 }
            let tokens = try ServiceTokenIssuer(
                identity: "gateway", secret: RPCTestFixtures.sharedSecret, lifetime: .seconds(60), clock: anHourAgo)
            try await withRPCClient(endpoints: [server.endpoint], tokens: tokens) { client in
                let error = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.say, TextMessage("hi")) }
                #expect(error == RPCError(.unauthenticated, "service token has expired"))
            }
        }
    }

    @Test("a named client with its own secret is accepted with its identity")
    func namedClient() async throws {
        try await withRPCServer(verifier: try RPCTestFixtures.verifier(clients: Self.clients)) { server in
            let tokens = try ServiceTokenIssuer(identity: "billing-svc", secret: "billing-secret")
            try await withRPCClient(endpoints: [server.endpoint], tokens: tokens) { client in
                let reply = try await client.call(EchoMethods.caller, TextMessage(""), options: CallOptions(requestID: "r1"))
                #expect(reply.text == "billing-svc|namedClient|r1|")
            }
        }
    }

    @Test("a token for another method is refused")
    func tokenForAnotherMethod() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await raw.send(RawRPCConnection.call(
                streamID: 1, method: EchoMethods.say.name, tokens: try RPCTestFixtures.issuer(), tokenMethod: EchoMethods.whoami.name))
            let reply = try #require(try await raw.nextReply())
            #expect(reply.status == .unauthenticated)
            #expect(reply.statusMessage == "service token is for another method")
            await raw.close()
        }
    }

    @Test("a call without a token is refused before method lookup")
    func missingToken() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await raw.send(RawRPCConnection.call(streamID: 1, method: "portico.test.Echo/DoesNotExist", tokens: nil))
            let reply = try #require(try await raw.nextReply())
            #expect(reply.status == .unauthenticated)
            #expect(reply.statusMessage == "missing service token")
            await raw.close()
        }
    }
}
