import GRPCCore
import GRPCNIOTransportHTTP2

/// Bytes in, bytes out: grpc-swift-2's serializer protocols without protobuf.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

struct RawBytesDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// The same echo as a grpc-swift-2 service.
struct GRPCEchoService: RegistrableRPCService {
    static let descriptor = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Echo")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.descriptor, deserializer: RawBytesDeserializer(), serializer: RawBytesSerializer()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: single.message))
        }
    }
}

/// grpc-swift-2's side: a server and a client over HTTP/2 (grpc-swift-nio-transport, plaintext).
struct GRPCEcho {
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let serverTask: Task<Void, any Error>
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    let clientTask: Task<Void, any Error>

    static func start() async throws -> GRPCEcho {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
        let server = GRPCServer(transport: transport, services: [GRPCEchoService()])
        let serverTask = Task { try await server.serve() }
        guard let port = try await transport.listeningAddress.ipv4?.port else { throw EchoMismatch() }
        let client = GRPCClient(transport: try .http2NIOPosix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext))
        let clientTask = Task { try await client.runConnections() }
        return GRPCEcho(server: server, serverTask: serverTask, client: client, clientTask: clientTask)
    }

    func call(_ payload: [UInt8]) async throws {
        let reply = try await client.unary(
            request: ClientRequest(message: payload), descriptor: GRPCEchoService.descriptor,
            serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(), options: .defaults
        ) { response in try response.message }
        guard reply.count == payload.count else { throw EchoMismatch() }
    }

    func stop() async {
        client.beginGracefulShutdown()
        server.beginGracefulShutdown()
        _ = try? await clientTask.value
        _ = try? await serverTask.value
    }
}
