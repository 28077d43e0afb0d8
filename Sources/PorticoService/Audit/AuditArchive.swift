import Foundation
public import Logging
public import PorticoAWS
public import PorticoConfig
public import PorticoHTTP

/// The S3 archive of the audit streams: one object per stream per archive pass, named
/// `<prefix><stream>/<first seq, 20 digits>-<first at, ms>.jsonl` so S3's key order is chain
/// order, each line one `ChainedAuditEvent` as JSON. Objects are only ever written whole; writing
/// the same first event again (an archiver that died before moving its mark) replaces the object.
public struct AuditArchive: Sendable {
    public let s3: S3Client
    public let bucket: String
    public let prefix: String

    public init(s3: S3Client, bucket: String, prefix: String) {
        self.s3 = s3
        self.bucket = bucket
        self.prefix = prefix
    }

    /// The archive `audit.archive` names, reached with the hub's AWS credentials (the standard
    /// provider chain) at `aws.endpoint_url` when set; nil when no bucket is configured.
    public static func configured(_ configuration: PorticoConfiguration, http: HTTPClient, logger: Logger) -> AuditArchive? {
        guard let bucket = configuration.audit.archive.bucket else { return nil }
        let aws = AWSConfiguration(region: configuration.region, endpointURL: configuration.aws.endpointURL)
        let context = CredentialSourceContext(environment: .process, configuration: aws, http: http, logger: logger)
        let client = AWSClient(configuration: aws, credentials: CredentialProviderChain.hub(context: context), http: http, logger: logger)
        return AuditArchive(s3: S3Client(client: client), bucket: bucket, prefix: configuration.audit.archive.prefix)
    }

    /// One archived object: its key and the chain position and time of its first event.
    public struct Object: Sendable, Hashable {
        public var key: String
        public var firstSeq: Int
        public var firstAt: Int64
    }

    /// One line of an object: an event, or text that is not one (an edit broke the JSON).
    public enum Line: Sendable {
        case event(ChainedAuditEvent)
        case malformed(String)
    }

    func streamPrefix(_ stream: String) -> String { prefix + stream + "/" }

    func key(stream: String, first: ChainedAuditEvent) -> String {
        let seq = String(first.seq)
        return streamPrefix(stream) + String(repeating: "0", count: max(0, 20 - seq.count)) + seq + "-\(first.at).jsonl"
    }

    /// Writes `events` (in chain order, at least one) as one object; returns its key.
    @discardableResult
    public func write(stream: String, events: [ChainedAuditEvent]) async throws -> String {
        guard let first = events.first else { throw AuditArchiveError("no events to archive") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var body: [UInt8] = []
        for event in events {
            body += Array(try encoder.encode(event))
            body.append(UInt8(ascii: "\n"))
        }
        let key = key(stream: stream, first: first)
        try await s3.putObject(bucket: bucket, key: key, body: body, contentType: "application/x-ndjson")
        return key
    }

    /// Every object of `stream`, in chain order.
    public func objects(stream: String) async throws -> [Object] {
        let streamPrefix = streamPrefix(stream)
        return try await s3.listObjectKeys(bucket: bucket, prefix: streamPrefix).compactMap { key -> Object? in
            guard key.hasSuffix(".jsonl") else { return nil }
            let name = key.dropFirst(streamPrefix.count).dropLast(".jsonl".count)
            let parts = name.split(separator: "-")
            guard parts.count == 2, let seq = Int(parts[0]), let at = Int64(parts[1]) else { return nil }
            return Object(key: key, firstSeq: seq, firstAt: at)
        }.sorted { $0.key < $1.key }
    }

    /// The last archived event of `stream` (the last event line of its last object), nil when
    /// nothing is archived: where the chain goes on after Redis lost its head.
    public func lastEvent(stream: String) async throws -> ChainedAuditEvent? {
        for object in try await objects(stream: stream).reversed() {
            for line in try await lines(of: object).reversed() {
                if case .event(let event) = line { return event }
            }
        }
        return nil
    }

    /// The lines of one object, in order.
    public func lines(of object: Object) async throws -> [Line] {
        let body = try await s3.getObject(bucket: bucket, key: object.key)
        let decoder = JSONDecoder()
        return body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { line in
            if let event = try? decoder.decode(ChainedAuditEvent.self, from: Data(line)) { return .event(event) }
            return .malformed(String(decoding: line.prefix(200), as: UTF8.self))
        }
    }
}

/// The archive could not be written or read as asked.
public struct AuditArchiveError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
