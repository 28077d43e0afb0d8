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
            #expect(reply.statusMessage == "service token signature is not valid for this call")
            await raw.close()
        }
    }

    @Test("a CALL frame sent again, token and all, is refused as a replay")
    func replayedFrame() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            let frame = RawRPCConnection.call(streamID: 1, method: EchoMethods.say.name, tokens: try RPCTestFixtures.issuer())
            try await raw.send(frame)
            #expect(try #require(try await raw.nextReply()).status == .ok)
            try await raw.send(frame)
            let replayed = try #require(try await raw.nextReply())
            #expect(replayed.status == .unauthenticated)
            #expect(replayed.statusMessage == "service token was already used")
            await raw.close()
            // On a fresh connection too: the server, not the connection, remembers the call.
            let other = try await RawRPCConnection.connect(port: server.port)
            try await other.send(frame)
            #expect(try #require(try await other.nextReply()).statusMessage == "service token was already used")
            await other.close()
        }
    }

    @Test("a captured token put on a call with another message or request id is refused")
    func capturedTokenOnAnotherCall() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            guard case .call(let captured) = RawRPCConnection.call(
                streamID: 1, method: EchoMethods.say.name, tokens: try RPCTestFixtures.issuer(), message: "alice")
            else { Issue.record("not a CALL"); return }
            var otherMessage = captured
            otherMessage.message = ByteBuffer(string: "mallory")
            var otherRequestID = captured
            otherRequestID.streamID = 2
            otherRequestID.requestID = "req-other"
            for forged in [otherMessage, otherRequestID] {
                try await raw.send(.call(forged))
                let reply = try #require(try await raw.nextReply())
                #expect(reply.status == .unauthenticated)
                #expect(reply.statusMessage == "service token signature is not valid for this call")
            }
            // The genuine call still goes through once: the forgeries did not use up its id.
            var genuine = captured
            genuine.streamID = 3
            try await raw.send(.call(genuine))
            #expect(try #require(try await raw.nextReply()).status == .ok)
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
