import BenchmarkSupport
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PorticoHTTP
import Synchronization

/// An HTTP proxy on loopback that holds every request for a fixed delay (the round trip to a
/// real AWS endpoint, which moto on loopback does not have) and forwards it to the moto process
/// its `ProxyRouter` names, so several Python processes share the AWS side.
final class LatencyProxy: Sendable {
    let port: Int
    private let channel: any Channel

    /// Routes by account, for the swept APIs:
    ///
    /// - `AssumeRole` goes to the moto of the account in its `RoleArn`; the access key it answers
    ///   with is remembered as that moto's.
    /// - A call signed with a remembered access key goes to the moto that issued it.
    /// - A call naming `x-moto-account-id` (the seeder) goes to that account's moto.
    /// - Anything else (the hub's own calls) goes to the first moto.
    final class Routes: ProxyRouter {
        let upstreams: [String]
        let accountUpstream: [String: Int]
        private let keys = Mutex<[String: Int]>([:])

        init(upstreams: [String], accountUpstream: [String: Int]) {
            self.upstreams = upstreams
            self.accountUpstream = accountUpstream
        }

        func route(headers: HTTPHeaders, body: [UInt8]) -> ProxyRoute {
            if let account = headers.first(name: "x-moto-account-id"), let index = accountUpstream[account] {
                return ProxyRoute(upstreams: [index])
            }
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            if text.contains("Action=AssumeRole"), let range = text.range(of: "RoleArn=arn%3Aaws%3Aiam%3A%3A") {
                let account = String(text[range.upperBound...].prefix(12))
                if let index = accountUpstream[account] { return ProxyRoute(upstreams: [index], learnsAccessKey: true) }
            }
            if let authorization = headers.first(name: "authorization"), let range = authorization.range(of: "Credential=") {
                let key = String(authorization[range.upperBound...].prefix { $0 != "/" })
                if let index = keys.withLock({ $0[key] }) { return ProxyRoute(upstreams: [index]) }
            }
            return ProxyRoute(upstreams: [0])
        }

        /// Remembers the access key an `AssumeRole` answer carries as `upstream`'s.
        func learn(from response: [UInt8], upstream: Int) {
            let text = String(decoding: response, as: UTF8.self)
            guard let start = text.range(of: "<AccessKeyId>"), let end = text.range(of: "</AccessKeyId>", range: start.upperBound..<text.endIndex)
            else { return }
            let key = String(text[start.upperBound..<end.lowerBound])
            keys.withLock { $0[key] = upstream }
        }
    }

    static func start(routes: any ProxyRouter, latency: Duration, http: HTTPClient) async throws -> LatencyProxy {
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
                        group.addTask { await serve(connection, routes: routes, latency: latency, http: http) }
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
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, routes: any ProxyRouter, latency: Duration,
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
                    if latency > .zero { try await Task.sleep(for: latency) }
                    let bytes = Array(buffer: body)
                    let route = routes.route(headers: request.headers, body: bytes)
                    var headers = HTTPClient.Headers()
                    for field in request.headers where !["host", "content-length", "connection"].contains(field.name.lowercased()) {
                        headers.add(name: field.name, value: field.value)
                    }
                    var answers: [HTTPClient.Response] = []
                    for upstream in route.upstreams {
                        answers.append(try await http.execute(HTTPClient.Request(
                            method: request.method.rawValue, url: routes.upstreams[upstream] + request.uri, headers: headers,
                            body: bytes, timeout: .seconds(120))))
                    }
                    guard let response = answers.first else { throw BenchmarkError("the proxy's router named no upstream") }
                    if route.learnsAccessKey, let upstream = route.upstreams.first { routes.learn(from: response.body, upstream: upstream) }
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
