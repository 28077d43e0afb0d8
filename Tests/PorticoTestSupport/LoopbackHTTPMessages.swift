internal import NIOCore
internal import NIOHTTP1

extension LoopbackHTTPServer {
    /// A request as the handler sees it: fully received, body included.
    public struct Request: Sendable {
        public let method: String
        /// The path without the query string, as sent (not percent-decoded).
        public let path: String
        /// The raw query string after `?`, or nil when there is none.
        public let query: String?
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]

        public init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8]) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// Every value of header `name` (case-insensitive), in order.
        public func headerValues(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        /// The query's parameters, percent-decoded (`+` as space), in order.
        public var queryItems: [(name: String, value: String)] {
            guard let query, !query.isEmpty else { return [] }
            return query.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (name: Self.formDecode(parts[0]), value: parts.count > 1 ? Self.formDecode(parts[1]) : "")
            }
        }

        /// The first value of query parameter `name`.
        public func queryValue(_ name: String) -> String? {
            queryItems.first { $0.name == name }?.value
        }

        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        static func formDecode(_ text: Substring) -> String {
            var bytes: [UInt8] = []
            var iterator = text.utf8.makeIterator()
            while let byte = iterator.next() {
                switch byte {
                case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
                case UInt8(ascii: "%"):
                    let high = iterator.next(), low = iterator.next()
                    if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                        bytes.append(value)
                    } else {
                        bytes.append(byte)
                        if let high { bytes.append(high) }
                        if let low { bytes.append(low) }
                    }
                default: bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The handler's answer. A `.bytes` body is sent with `Content-Length`; a `.stream` body is
    /// produced piece by piece with chunked transfer encoding (no `Content-Length`).
    public struct Response: Sendable {
        public enum Body: Sendable {
            case bytes([UInt8])
            case stream(@Sendable (BodyWriter) async throws -> Void)
        }

        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: Body

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = .bytes(body)
        }

        /// A UTF-8 text body (`text/plain` unless `headers` say otherwise).
        public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> Response {
            Response(status: status, headers: withDefault(headers, "Content-Type", "text/plain; charset=utf-8"), body: Array(text.utf8))
        }

        /// A JSON body given as text.
        public static func json(_ json: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> Response {
            Response(status: status, headers: withDefault(headers, "Content-Type", "application/json"), body: Array(json.utf8))
        }

        /// A redirect to `location` (absolute or relative).
        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [(name: "Location", value: location)])
        }

        /// A body written by `produce` through a `BodyWriter`, sent chunked as it is written.
        public static func streaming(
            status: Int = 200, headers: [(name: String, value: String)] = [],
            _ produce: @escaping @Sendable (BodyWriter) async throws -> Void
        ) -> Response {
            var response = Response(status: status, headers: headers)
            response.body = .stream(produce)
            return response
        }

        private static func withDefault(
            _ headers: [(name: String, value: String)], _ name: String, _ value: String
        ) -> [(name: String, value: String)] {
            headers.contains { $0.name.lowercased() == name.lowercased() } ? headers : headers + [(name: name, value: value)]
        }
    }

    /// Writes a streamed response body, one chunk per call.
    public struct BodyWriter: Sendable {
        let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

        /// Sends `bytes` as the next chunk; throws once the client has gone.
        public func write(_ bytes: [UInt8]) async throws {
            guard !bytes.isEmpty else { return }
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
        }
    }
}
