import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP/1.1 listener of `portico serve` (SwiftNIO): each request is read whole, answered by
/// `MetadataRoutes` in a task (gateway calls go through libcurl's own thread, never the event
/// loop), and the connection is closed after the answer.
enum MetadataHTTPServer {
    static func start(host: String, port: Int, routes: MetadataRoutes, group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(MetadataHTTPHandler(routes: routes))
                }
            }
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port)
            .get()
    }
}

final class MetadataHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: MetadataRoutes
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    init(routes: MetadataRoutes) { self.routes = routes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodyBytes = 0
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > 64 * 1024 { context.close(promise: nil) }
        case .end:
            guard let head else { return }
            self.head = nil
            let rawPath = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let request = MetadataRequest(
                method: head.method.rawValue, path: rawPath.removingPercentEncoding ?? rawPath,
                headers: head.headers.map { ($0.name, $0.value) })
            let routes = self.routes
            let isHead = head.method == .HEAD
            let version = head.version
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let promise = context.eventLoop.makePromise(of: MetadataResponse.self)
            promise.completeWithTask { await routes.answer(request) }
            promise.futureResult.whenSuccess { response in
                Self.write(response, version: version, omitBody: isHead, context: bound.value)
            }
        }
    }

    private static func write(_ response: MetadataResponse, version: HTTPVersion, omitBody: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.utf8.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Server", value: "EC2ws")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if !omitBody {
            var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
            buffer.writeString(response.body)
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
