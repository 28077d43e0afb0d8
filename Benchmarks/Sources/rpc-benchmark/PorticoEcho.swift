import Logging
import NIOCore
import PorticoCore
import Proto

/// Portico's side: an RPCServer serving a raw-bytes echo, and a client with one endpoint.
struct PorticoEcho {
    static let method = "/bench.Echo/Echo"
    static let secret = "benchmark-secret"

    let server: RPCServer
    let serverTask: Task<Void, any Error>
    let client: RPCClient

    static func start(logger: Logger) async throws -> PorticoEcho {
        var router = RPCRouter()
        router.register(method) { request, _ in request }
        let server = RPCServer(
            configuration: RPCServer.Configuration(maxConcurrentStreams: 4096), router: router,
            verifier: try ServiceTokenVerifier(sharedSecret: secret), logger: logger)
        let serverTask = Task { try await server.run() }
        let port = try await server.localPort
        let client = try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: "benchmark", secret: secret), logger: logger)
        return PorticoEcho(server: server, serverTask: serverTask, client: client)
    }

    func call(_ payload: ByteBuffer) async throws {
        let reply = try await client.call(method: Self.method, request: payload, isIdempotent: true)
        guard reply.readableBytes == payload.readableBytes else { throw EchoMismatch() }
    }

    func stop() async {
        await client.close()
        server.shutDownGracefully()
        _ = try? await serverTask.value
    }
}

struct EchoMismatch: Error {}
