import NIOCore
import Proto
import Testing

@Suite("RPC server: calls and statuses")
struct ServerCallTests {
    @Test("a typed call is answered with the handler's response")
    func typedEcho() async throws {
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let reply = try await client.call(EchoMethods.say, TextMessage("héllo"))
                #expect(reply.text == "héllo")
            }
        }
    }

    @Test("the handler sees the caller's identity, request id and metadata")
    func contextCarriesCallerAndMetadata() async throws {
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let options = CallOptions(requestID: "req-42", metadata: ["tenant": "acme"])
                let reply = try await client.call(EchoMethods.caller, TextMessage(""), options: options)
                #expect(reply.text == "gateway|internalService|req-42|acme")
            }
        }
    }

    @Test("an unknown method is UNIMPLEMENTED")
    func unknownMethod() async throws {
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.call(method: "portico.test.Echo/Nope", request: ByteBuffer(), isIdempotent: true)
                }
                #expect(error?.code == .unimplemented)
            }
        }
    }

    @Test("a request that does not decode is INVALID_ARGUMENT")
    func undecodableRequest() async throws {
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let error = await #expect(throws: RPCError.self) {
                    try await client.call(method: EchoMethods.say.name, request: ByteBuffer(bytes: [0xC3, 0x28]), isIdempotent: true)
                }
                #expect(error?.code == .invalidArgument)
            }
        }
    }

    @Test("handler errors keep their status through RPCErrorConvertible; others become a generic INTERNAL")
    func errorMapping() async throws {
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let convertible = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.fail, TextMessage("convertible")) }
                #expect(convertible == RPCError(.resourceExhausted, "quota exceeded for the test"))
                let direct = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.fail, TextMessage("rpc-error")) }
                #expect(direct == RPCError(.notFound, "no such thing"))
                let other = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.fail, TextMessage("other")) }
                #expect(other == RPCError(.internal, "internal error"))
                #expect(other.map { !"\($0)".contains("hunter2") } ?? false)
            }
        }
    }

    @Test("a malformed CALL envelope gets INVALID_ARGUMENT on its stream and the connection lives on")
    func malformedCallEnvelope() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            // CALL on stream 5 whose method length (200) runs past the payload.
            try await raw.send(bytes: [1, 0x01, 0, 0, 0, 0, 0, 5, 0, 0, 0, 8, 0, 0, 0, 0, 0, 200, 0x61, 0x62])
            let reply = try #require(try await raw.nextReply())
            #expect(reply.streamID == 5)
            #expect(reply.status == .invalidArgument)
            try await raw.send(RawRPCConnection.call(streamID: 7, method: EchoMethods.echo, tokens: try RPCTestFixtures.issuer()))
            let echoed = try #require(try await raw.nextReply())
            #expect(echoed.streamID == 7)
            #expect(echoed.message == ByteBuffer(string: "hello"))
            await raw.close()
        }
    }

    @Test("PING is answered with PONG carrying the same bytes")
    func pingPong() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await raw.send(.ping(0xDEAD_BEEF_0BAD_F00D))
            var pong: UInt64?
            while let frame = try await raw.next() {
                if case .pong(let data) = frame {
                    pong = data
                    break
                }
            }
            #expect(pong == 0xDEAD_BEEF_0BAD_F00D)
            await raw.close()
        }
    }

    @Test("the server answers the preface with its own and its SETTINGS")
    func prefaceAndSettings() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(maxFrameSize: 65536, maxConcurrentStreams: 77)) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            #expect(try await raw.next() == .preface(version: 1))
            #expect(try await raw.next() == .settings(RPCSettings(maxFrameSize: 65536, maxConcurrentStreams: 77)))
            await raw.close()
        }
    }

    @Test("a peer that is not a Portico client gets GOAWAY and is disconnected")
    func garbageOverTheWire() async throws {
        try await withRPCServer { server in
            let raw = try await RawRPCConnection.connect(port: server.port, sendPreface: false)
            try await raw.send(bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8))
            var frames: [RPCFrame] = []
            while let frame = try await raw.next() { frames.append(frame) }
            #expect(frames.count == 2)
            guard case .goAway(let goAway) = frames.last else {
                Issue.record("expected GOAWAY, got \(frames)")
                return
            }
            #expect(goAway.code == .protocolError)
        }
    }
}
