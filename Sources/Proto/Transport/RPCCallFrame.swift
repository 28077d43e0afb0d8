public import NIOCore

/// A CALL frame: one request on its own stream of a shared connection.
public struct RPCCallFrame: Sendable, Hashable {
    /// Chosen by the caller, nonzero, unique among the connection's unanswered calls.
    public var streamID: UInt32
    /// The method's wire name, e.g. `portico.credentials.v1.CredentialService/GetCredentials`.
    public var method: String
    /// How long the caller will wait, in milliseconds from when the server reads the frame;
    /// 0 means no deadline.
    public var timeoutMilliseconds: UInt32
    /// The caller's id for tracing this request across services.
    public var requestID: String
    /// The caller's service token; nil when the frame carried none.
    public var token: ServiceToken?
    /// Free-form key/value pairs from the caller.
    public var metadata: RPCMetadata
    /// The protobuf-encoded request message.
    public var message: ByteBuffer

    public init(
        streamID: UInt32, method: String, timeoutMilliseconds: UInt32, requestID: String,
        token: ServiceToken?, metadata: RPCMetadata = [:], message: ByteBuffer
    ) {
        self.streamID = streamID
        self.method = method
        self.timeoutMilliseconds = timeoutMilliseconds
        self.requestID = requestID
        self.token = token
        self.metadata = metadata
        self.message = message
    }
}

/// Key/value pairs a caller attaches to a call (in order; keys may repeat).
public struct RPCMetadata: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One key/value pair.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var entries: [Entry]

    public init() { entries = [] }
    public init(_ entries: [Entry]) { self.entries = entries }
    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.map { Entry(key: $0.0, value: $0.1) }
    }

    /// The first value under `key`, or nil.
    public subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    public mutating func append(_ value: String, forKey key: String) {
        entries.append(Entry(key: key, value: value))
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}
