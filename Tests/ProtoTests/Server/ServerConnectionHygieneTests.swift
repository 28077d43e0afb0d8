import NIOCore
import Proto
import Testing

@Suite("RPC server: connection hygiene")
struct ServerConnectionHygieneTests {
    @Test("a connection that sends no preface is closed after the handshake timeout, having been sent nothing")
    func handshakeTimeout() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(handshakeTimeout: .seconds(2))) { server in
            let silent = try await RawRPCConnection.connect(port: server.port, sendPreface: false)
            #expect(try await silent.next() == nil)
            // Half a preface is no better, and still gets no byte back.
            let partial = try await RawRPCConnection.connect(port: server.port, sendPreface: false)
            try await partial.send(bytes: Array("PORT".utf8))
            #expect(try await partial.next() == nil)
        }
    }

    /// Reads the server's preface and SETTINGS.
    static func handshake(_ raw: RawRPCConnection) async throws {
        #expect(try await raw.next() == .preface(version: RPCWireFormat.version))
        guard case .settings = try await raw.next() else {
            Issue.record("no SETTINGS after the preface")
            return
        }
    }

    @Test("a frame left unfinished past the frame timeout ends the connection with GOAWAY PROTOCOL_ERROR")
    func frameTimeout() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(frameTimeout: .milliseconds(300))) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await Self.handshake(raw)
            try await raw.send(bytes: [0x01, 0x04, 0x00, 0x00, 0x00])  // five bytes of a PING header
            guard case .goAway(let goAway) = try await raw.next() else {
                Issue.record("expected GOAWAY")
                return
            }
            #expect(goAway.code == .protocolError)
            #expect(goAway.reason == "a frame was not completed within 300 ms")
            #expect(try await raw.next() == nil)
        }
    }

    @Test("a frame sent in pieces within the frame timeout is served")
    func frameInPieces() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(frameTimeout: .seconds(30))) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await Self.handshake(raw)
            let ping: [UInt8] = [0x01, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]
            try await raw.send(bytes: Array(ping[..<5]))
            try await raw.send(bytes: Array(ping[5..<14]))
            try await raw.send(bytes: Array(ping[14...]))
            #expect(try await raw.next() == .pong(0x0102_0304_0506_0708))
            await raw.close()
        }
    }

    @Test("an idle connection is drained (GOAWAY NO_ERROR, PING) and closed when the PING goes unanswered")
    func idleTimeout() async throws {
        let configuration = RPCServer.Configuration(handshakeTimeout: .seconds(2), idleTimeout: .milliseconds(300))
        try await withRPCServer(configuration: configuration) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await Self.handshake(raw)
            guard case .goAway(let goAway) = try await raw.next() else {
                Issue.record("expected GOAWAY")
                return
            }
            #expect(goAway == RPCGoAway(code: .noError, reason: "the connection is idle"))
            guard case .ping = try await raw.next() else {
                Issue.record("expected the drain's PING")
                return
            }
            #expect(try await raw.next() == nil)
        }
    }

    @Test("a connection with a call running is not idle, however long the call takes")
    func runningCallIsNotIdle() async throws {
        let started = TestSignal()
        let router = EchoMethods.router(started: started)
        // Long enough that the call surely arrives before the connection could count as idle.
        let configuration = RPCServer.Configuration(idleTimeout: .seconds(1))
        try await withRPCServer(router: router, configuration: configuration) { server in
            // The CALL goes right behind the preface, so it is there before any idle timer runs.
            let raw = try await RawRPCConnection.connect(port: server.port, sendPreface: false)
            let tokens = try RPCTestFixtures.issuer()
            try await raw.send(.preface(version: RPCWireFormat.version))
            try await raw.send(RawRPCConnection.call(streamID: 1, method: EchoMethods.hang.name, tokens: tokens))
            try await Self.handshake(raw)
            // Several idle timeouts pass with the call open and nothing read.
            try await Task.sleep(for: .seconds(3))
            try await raw.send(RawRPCConnection.call(streamID: 2, method: EchoMethods.say.name, tokens: tokens))
            // The first answer is the second call's: the hanging one is still running, and the
            // connection was not drained (that would have been a GOAWAY, skipped here, then close).
            let reply = try #require(try await raw.nextReply())
            #expect(reply.streamID == 2 && reply.status == .ok, "\(reply.streamID) \(reply.status) \(reply.statusMessage)")
            #expect(started.hasFired)
            await raw.close()
        }
    }

    @Test("connections beyond the cap are closed at once, without a byte; a freed place is taken again")
    func connectionCap() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(maxConnections: 2)) { server in
            let first = try await RawRPCConnection.connect(port: server.port)
            let second = try await RawRPCConnection.connect(port: server.port)
            try await Self.handshake(first)
            try await Self.handshake(second)
            let third = try await RawRPCConnection.connect(port: server.port, sendPreface: false)
            #expect(try await third.next() == nil)
            #expect(server.server.connectionCount == 2)
            await first.close()
            try await withTimeLimit(30, "the server noticing the closed connection") {
                while server.server.connectionCount > 1 { try await Task.sleep(for: .milliseconds(10)) }
            }
            let fourth = try await RawRPCConnection.connect(port: server.port)
            try await Self.handshake(fourth)
            await second.close()
            await fourth.close()
        }
    }

    @Test("the stream cap is the configured one, advertised in SETTINGS")
    func streamCapSetting() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(maxConcurrentStreams: 7)) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            #expect(try await raw.next() == .preface(version: RPCWireFormat.version))
            guard case .settings(let settings) = try await raw.next() else {
                Issue.record("no SETTINGS")
                return
            }
            #expect(settings.maxConcurrentStreams == 7)
            await raw.close()
        }
    }
}

@Suite("RPC server: frame size floor")
struct ServerFrameSizeFloorTests {
    @Test("a max frame size under 1,024 is advertised and enforced as 1,024, on both sides")
    func floor() async throws {
        try await withRPCServer(configuration: RPCServer.Configuration(maxFrameSize: 100)) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            #expect(try await raw.next() == .preface(version: RPCWireFormat.version))
            guard case .settings(let settings) = try await raw.next() else {
                Issue.record("no SETTINGS")
                return
            }
            #expect(settings.maxFrameSize == 1024)
            // The client claims 10 bytes: a 500-byte answer is still sent, not refused.
            try await raw.send(.settings(RPCSettings(maxFrameSize: 10)))
            let text = String(repeating: "x", count: 500)
            try await raw.send(RawRPCConnection.call(
                streamID: 1, method: EchoMethods.say.name, tokens: try RPCTestFixtures.issuer(), message: text))
            let reply = try #require(try await raw.nextReply())
            #expect(reply.status == .ok)
            #expect(reply.message.readableBytes == 500)
            await raw.close()
        }
    }
}
