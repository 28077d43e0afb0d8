import Foundation
import Logging
import PorticoAWS
import PorticoHTTP
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Testing

/// A redis-server and a moto S3 with a bucket for the archive, shared by the audit suites;
/// each test works on streams and an archive prefix of its own.
struct AuditStage: SuiteFixture {
    let redisServer: RedisServer
    let moto: MotoServer
    let redis: RedisClient
    let http: HTTPClient
    let s3: S3Client
    static let bucket = "portico-audit-tests"

    static func start() async throws -> AuditStage {
        let logger = Logger(label: "portico.audit.tests") { _ in SwiftLogNoOpLogHandler() }
        let redisServer = try await RedisServer.start()
        let moto: MotoServer
        do { moto = try await MotoServer.start() } catch {
            redisServer.stop()
            throw error
        }
        let redis = RedisClient(
            configuration: RedisConfiguration(host: redisServer.host, port: redisServer.port, db: 0, password: nil, poolSize: 8),
            logger: logger)
        let http = HTTPClient(configuration: .defaults, logger: logger)
        let client = AWSClient(
            configuration: AWSConfiguration(region: "us-east-1", endpointURL: moto.endpoint, maxAttempts: 2),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")),
            http: http, logger: logger)
        let s3 = S3Client(client: client)
        try await s3.createBucket(bucket: bucket)
        return AuditStage(redisServer: redisServer, moto: moto, redis: redis, http: http, s3: s3)
    }

    func stop() async {
        await redis.shutdown()
        await http.shutdown()
        moto.stop()
        redisServer.stop()
    }

    /// A stream name and archive prefix no other test uses.
    static func unique(_ name: String) -> (stream: String, archive: String) {
        let tag = UUID().uuidString.prefix(8).lowercased()
        return ("portico:audit:\(name):\(tag)", "audit-\(tag)/")
    }

    func archive(prefix: String) -> AuditArchive { AuditArchive(s3: s3, bucket: Self.bucket, prefix: prefix) }

    func trail(_ stream: String, maxLength: Int = 100_000, redis: RedisClient? = nil, archive: AuditArchive? = nil) -> AuditTrail {
        AuditTrail(
            redis: redis ?? self.redis, stream: stream, maxLength: maxLength, archive: archive,
            logger: Logger(label: "portico.audit.tests") { _ in SwiftLogNoOpLogHandler() })
    }

    func archiver(_ stream: String, archive: AuditArchive, maxLength: Int, perObject: Int = 10_000) -> AuditArchiver {
        AuditArchiver(
            redis: redis, archive: archive, streams: [AuditArchiver.Stream(name: stream, maxLength: maxLength)],
            interval: .seconds(1), maxEventsPerObject: perObject, holder: "tests",
            logger: Logger(label: "portico.audit.tests") { _ in SwiftLogNoOpLogHandler() })
    }

    func verify(_ stream: String, archive: AuditArchive?) async throws -> AuditVerification {
        try await AuditVerifier(archive: archive, reader: AuditStreamReader(redis: redis, stream: stream)).verify()
    }

    /// Records `count` events for `user`, each naming a role.
    func record(_ count: Int, on stream: String, user: String = "alice@example.com", role: String = "arn:aws:iam::111111111111:role/dev") async throws {
        let trail = trail(stream)
        for index in 0..<count {
            try await trail.record(AuditEvent(
                summary: "credential credentials issued",
                fields: [AuditField("user", user), AuditField("role", role), AuditField("n", String(index))]))
        }
    }
}

/// The suite every audit test against Redis and moto lives in (nested suites per area).
@Suite(.serialized, SuiteFixtureTrait<AuditStage>()) struct AuditServerTests {}
