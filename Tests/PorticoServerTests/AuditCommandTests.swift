import Foundation
import Logging
import PorticoAWS
import PorticoHTTP
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Testing

/// `portico-server audit verify` and `audit search` as an operator runs them: verify exits 0 on
/// a whole chain and 1 naming the first problem; search prints the archived events asked for.
@Suite struct AuditCommandTests {
    @Test func verifyExitsNonZeroAtATamperedArchiveAndSearchAnswersFromTheArchive() async throws {
        let redisServer = try await RedisServer.start()
        defer { redisServer.stop() }
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let logger = Logger(label: "portico.audit.tests") { _ in SwiftLogNoOpLogHandler() }
        let redis = RedisClient(
            configuration: RedisConfiguration(host: redisServer.host, port: redisServer.port, db: 0, password: nil), logger: logger)
        let http = HTTPClient(configuration: .defaults, logger: logger)
        let s3 = S3Client(client: AWSClient(
            configuration: AWSConfiguration(region: "us-east-1", endpointURL: moto.endpoint, maxAttempts: 2),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")),
            http: http, logger: logger))
        let bucket = "portico-audit-cli"
        try await s3.createBucket(bucket: bucket)
        let stream = "portico:audit:cli"
        let sessions = "portico:audit:cli-sessions"
        let archive = AuditArchive(s3: s3, bucket: bucket, prefix: "audit/")
        let archiver = AuditArchiver(
            redis: redis, archive: archive, streams: [AuditArchiver.Stream(name: stream, maxLength: 100)], interval: .seconds(1),
            holder: "tests", logger: logger)
        try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 100))
        let trail = AuditTrail(redis: redis, stream: stream, maxLength: 100, logger: logger)
        for user in ["alice@example.com", "bob@example.com", "alice@example.com", "bob@example.com"] {
            try await trail.record(AuditEvent(summary: "test", fields: [AuditField("user", user), AuditField("role", "arn:aws:iam::1:role/dev")]))
        }
        try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 100))

        let yaml = """
            environment: dev
            redis: {host: 127.0.0.1, port: \(redisServer.port), db: 0}
            aws: {endpoint_url: "\(moto.endpoint)", audit: {stream: "\(stream)"}}
            auth: {session: {audit_stream: "\(sessions)"}}
            audit: {archive: {bucket: \(bucket), prefix: audit/}}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-audit-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"]
        let server = try BuiltProduct.path("portico-server")

        let whole = try await ProcessRun.run(server, ["audit", "verify", "--config", path], environment: environment)
        #expect(whole.status == 0, "\(whole.output)")
        #expect(whole.output.contains("\(stream): whole, seq 1-4"), "\(whole.output)")

        let found = try await ProcessRun.run(
            server, ["audit", "search", "--config", path, "--user", "bob@example.com", "--since", "2020-01-01"], environment: environment)
        #expect(found.status == 0, "\(found.output)")
        let lines = found.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 2, "\(found.output)")
        #expect(lines.allSatisfy { $0.contains("bob@example.com") && !$0.contains("alice@example.com") })

        let badSince = try await ProcessRun.run(server, ["audit", "search", "--config", path, "--since", "yesterday"], environment: environment)
        #expect(badSince.status != 0)
        #expect(badSince.output.contains("--since"), "\(badSince.output)")

        let object = try #require(try await archive.objects(stream: stream).last)
        var body = String(decoding: try await s3.getObject(bucket: bucket, key: object.key), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        body.remove(at: 1)
        try await s3.putObject(bucket: bucket, key: object.key, body: Array((body.joined(separator: "\n") + "\n").utf8))
        let broken = try await ProcessRun.run(server, ["audit", "verify", "--config", path], environment: environment)
        #expect(broken.status == 1, "\(broken.output)")
        #expect(broken.output.contains("gap: seq 2 missing"), "\(broken.output)")

        await redis.shutdown()
        await http.shutdown()
    }
}
