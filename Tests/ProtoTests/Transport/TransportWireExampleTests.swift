import Foundation
import PorticoCrypto
import NIOCore
@_spi(Testing) import Proto
import Testing

/// Keeps the worked example in `proto/README.md` ("Wire format") true: its annotated hex must
/// be exactly what the encoder writes for the same call and reply.
@Suite("Wire format worked example")
struct TransportWireExampleTests {
    static let secret = "example-secret"
    /// The example's call id, bytes 00 to 0f (a real one is random).
    static let callID = [UInt8](0..<16)

    /// The Echo call of the example: `/portico.v1.Health/Echo` with `EchoRequest{text: "hi"}`.
    static func exampleCall() throws -> [UInt8] {
        let tokens = try ServiceTokenIssuer(
            identity: "gateway", secret: secret, lifetime: .seconds(30), clock: ServiceTokenClock { 1_700_000_000 })
        let request = ByteBuffer(bytes: try EchoRequest(text: "hi").protobufBytes())
        let digest = ServiceTokenCallDigest.digest(method: HealthMethods.echo.name, requestID: "req-1", message: request)
        let call = RPCCallFrame(
            streamID: 1, method: HealthMethods.echo.name, timeoutMilliseconds: 1500, requestID: "req-1",
            token: tokens.token(callDigest: digest, callID: Self.callID), metadata: ["tenant": "acme"],
            message: request)
        var buffer = ByteBuffer()
        try buffer.writeRPCFrame(.preface(version: 1))
        try buffer.writeRPCFrame(.settings(RPCSettings(maxFrameSize: 4_194_304)))
        try buffer.writeRPCFrame(.call(call))
        return Array(buffer.readableBytesView)
    }

    /// Its reply: OK with `EchoResponse{echo: {text: "hi"}, server: "auth-1"}`.
    static func exampleReply() throws -> [UInt8] {
        let response = try EchoResponse(echo: EchoRequest(text: "hi"), server: "auth-1").protobufBytes()
        var buffer = ByteBuffer()
        try buffer.writeRPCFrame(.preface(version: 1))
        try buffer.writeRPCFrame(.settings(RPCSettings(maxFrameSize: 4_194_304, maxConcurrentStreams: 1024)))
        try buffer.writeRPCFrame(.reply(RPCReplyFrame(streamID: 1, status: .ok, message: ByteBuffer(bytes: response))))
        return Array(buffer.readableBytesView)
    }

    /// The hex bytes of the fenced block after `<!-- wire-example:<name> -->` in proto/README.md
    /// (on each line, the hex pairs before the `|` annotation).
    static func documented(_ name: String) throws -> [UInt8] {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("proto/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- wire-example:\(name) -->"))
        let afterMarker = text[marker.upperBound...]
        let open = try #require(afterMarker.range(of: "```"))
        let body = afterMarker[open.upperBound...]
        let close = try #require(body.range(of: "```"))
        var bytes: [UInt8] = []
        for line in body[..<close.lowerBound].split(separator: "\n").dropFirst() {
            let hex = line.split(separator: "|", maxSplits: 1).first ?? ""
            for pair in hex.split(separator: " ") {
                bytes.append(try #require(UInt8(pair, radix: 16), "not a hex byte: \(pair) in \(line)"))
            }
        }
        return bytes
    }

    @Test("the documented Echo call is byte for byte what the encoder writes")
    func documentedCall() throws {
        #expect(try Self.documented("call") == Self.exampleCall())
    }

    @Test("the documented reply is byte for byte what the encoder writes")
    func documentedReply() throws {
        #expect(try Self.documented("reply") == Self.exampleReply())
    }

    @Test("the documented token verifies with the documented secret")
    func documentedToken() throws {
        let verifier = try ServiceTokenVerifier(
            sharedSecret: Self.secret, clock: ServiceTokenClock { 1_700_000_010 })
        var buffer = ByteBuffer(bytes: try Self.documented("call"))
        var decoder = RPCFrameDecoder()
        var call: RPCCallFrame?
        while let frame = try decoder.decodeFrame(from: &buffer) {
            if case .call(let frame) = frame { call = frame }
        }
        let documented = try #require(call, "the example has no CALL")
        #expect(documented.token?.rawValue == Self.documentedToken)
        let caller = try verifier.verify(
            documented.token, method: documented.method, requestID: documented.requestID, message: documented.message)
        #expect(caller == RPCCaller(identity: "gateway", kind: .internalService))
        // The README's intermediate values are the real ones.
        let digest = ServiceTokenCallDigest.digest(
            method: documented.method, requestID: documented.requestID, message: documented.message)
        #expect(Hex.encode(digest) == Self.documentedDigest)
    }

    static let documentedToken = "v2.Z2F0ZXdheQ.1700000000.1700000030.AAECAwQFBgcICQoLDA0ODw.w2ZPjuJCyJvmZHXzYQHzxLUUj3Ex1ccLktNvcc_KL9E"
    static let documentedDigest = "c06cbfb2d610378c238409440ce79e2f258c2f80c02d33f69075f469cc49677f"

    @Test("print the example's bytes", .disabled("a helper for editing the README"))
    func printExample() throws {
        for bytes in [try Self.exampleCall(), try Self.exampleReply()] {
            print(bytes.map { String(format: "%02x", $0) }.joined(separator: " "))
        }
    }
}
