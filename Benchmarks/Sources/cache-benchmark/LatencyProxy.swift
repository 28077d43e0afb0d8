import BenchmarkSupport
import NIOCore
import NIOHTTP1
import NIOPosix
import PorticoHTTP

/// An HTTP proxy on loopback that holds every request for a fixed delay before forwarding it to
/// moto: the round trip to a real AWS endpoint, which moto on loopback does not have. With it,
/// the benchmark shows what overlapping calls buys when each call waits on the network.
final class LatencyProxy: Sendable {
    let port: Int
    private let channel: any Channel

    static func start(forwardingTo target: String, latency: Duration, http: HTTPClient) async throws -> LatencyProxy {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = listener.channel.localAddress?.port else { throw BenchmarkError("the latency proxy has no port") }
        Task {
            try? await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await serve(connection, target: target, latency: latency, http: http) }
                    }
                }
            }
        }
        return LatencyProxy(port: port, channel: listener.channel)
    }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    func stop() async { try? await channel.close() }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, target: String, latency: Duration,
        http: HTTPClient
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { continue }
                    try await Task.sleep(for: latency)
                    var headers = HTTPClient.Headers()
                    for field in request.headers where !["host", "content-length", "connection"].contains(field.name.lowercased()) {
                        headers.add(name: field.name, value: field.value)
                    }
                    let response = try await http.execute(HTTPClient.Request(
                        method: request.method.rawValue, url: target + request.uri, headers: headers, body: Array(buffer: body),
                        timeout: .seconds(120)))
                    var replyHeaders = HTTPHeaders()
                    for field in response.headers
                    where !["content-length", "transfer-encoding", "connection"].contains(field.name.lowercased()) {
                        replyHeaders.add(name: field.name, value: field.value)
                    }
                    replyHeaders.add(name: "Content-Length", value: String(response.body.count))
                    try await outbound.write(.head(HTTPResponseHead(
                        version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: replyHeaders)))
                    if !response.body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body)))) }
                    try await outbound.write(.end(nil))
                }
            }
        }
    }
}
