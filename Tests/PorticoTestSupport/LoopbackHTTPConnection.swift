internal import NIOCore
internal import NIOHTTP1

/// Serves the requests of one connection of a `LoopbackHTTPServer`, one after the other.
struct ConnectionServer: Sendable {
    let handler: LoopbackHTTPServer.Handler
    let state: ServerState
    let maxRequestBodyBytes: Int

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            var bodyTooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                    bodyTooLarge = false
                case .body(var chunk):
                    if body.readableBytes + chunk.readableBytes > maxRequestBodyBytes {
                        bodyTooLarge = true
                    } else if !bodyTooLarge {
                        body.writeBuffer(&chunk)
                    }
                case .end:
                    guard let requestHead = head else { continue }
                    head = nil
                    let request = Self.request(requestHead, body: Array(buffer: body))
                    state.received(request)
                    let response = bodyTooLarge
                        ? LoopbackHTTPServer.Response(status: 413)
                        : await handler(request)
                    let keepAlive = try await write(response, for: requestHead, to: outbound)
                    if !keepAlive { return }
                }
            }
        }
    }

    private static func request(_ head: HTTPRequestHead, body: [UInt8]) -> LoopbackHTTPServer.Request {
        let target = head.uri
        let queryStart = target.firstIndex(of: "?")
        return LoopbackHTTPServer.Request(
            method: head.method.rawValue,
            path: String(target[..<(queryStart ?? target.endIndex)]),
            query: queryStart.map { String(target[target.index(after: $0)...]) },
            headers: head.headers.map { (name: $0.name, value: $0.value) },
            body: body)
    }

    /// Sends `response`; returns whether the connection stays open for another request.
    private func write(
        _ response: LoopbackHTTPServer.Response, for request: HTTPRequestHead,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Bool {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        let keepAlive = request.isKeepAlive && !headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        switch response.body {
        case .bytes(let bytes):
            var fixed = head
            if !fixed.headers.contains(name: "Content-Length") {
                fixed.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            }
            try await outbound.write(.head(fixed))
            if !bytes.isEmpty && request.method != .HEAD {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
            }
        case .stream(let produce):
            try await outbound.write(.head(head))
            try await produce(LoopbackHTTPServer.BodyWriter(outbound: outbound))
        }
        try await outbound.write(.end(nil))
        return keepAlive
    }
}
