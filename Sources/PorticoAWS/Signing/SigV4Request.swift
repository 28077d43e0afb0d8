/// One name/value pair of a query string, unencoded.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String = "") {
        self.name = name
        self.value = value
    }
}

/// One HTTP header, as written (names are compared case-insensitively when signing).
public struct HeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The parts of an HTTP request that SigV4 covers.
public struct SigV4Request: Sendable {
    public var method: String
    /// The `Host` header value: the host name, plus `:port` when it is not the scheme's default.
    public var host: String
    /// The path exactly as it goes on the wire (already percent-encoded, once).
    public var path: String
    /// The query parameters, unencoded; the signer encodes and orders them.
    public var query: [QueryItem]
    /// Headers to send and sign (besides `host` and the `x-amz-*` headers the signer adds).
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(
        method: String, host: String, path: String = "/", query: [QueryItem] = [],
        headers: [HeaderField] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// What signing produced: the headers to send and the intermediate strings (for tests and for
/// comparing with a server's complaint). The signature and the `Authorization` value are secret
/// enough not to log, so the description leaves them out.
public struct SigV4SignedRequest: Sendable, CustomStringConvertible {
    /// Every header to send, `Authorization` included, in a stable order.
    public var headers: [HeaderField]
    /// The query string to put on the URL: the canonical one (encoded and ordered).
    public var canonicalQuery: String
    public var canonicalRequest: String
    public var stringToSign: String
    /// The hex signature.
    public var signature: String
    /// The `Authorization` header value.
    public var authorization: String

    public var description: String {
        "SigV4SignedRequest(headers: \(headers.map(\.name).joined(separator: ",")), signature: <redacted>)"
    }
}
