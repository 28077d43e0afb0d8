import Foundation
import PorticoTestSupport
import Testing

/// `portico-server check-config` as an operator runs it before a deploy: exit 78 naming the key
/// for every configuration a production start would refuse, 0 for a safe one.
@Suite struct CheckConfigTests {
    static let strong = String(repeating: "k", count: 32)
    static let secrets = "rpc: {secret: \(strong)}\nauth: {session: {secret: \(strong)}}\naudit: {archive: {bucket: audit-archive}}"

    /// An unsafe production configuration and the key the refusal must name.
    struct Unsafe: CustomTestStringConvertible, Sendable {
        let yaml: String
        let key: String
        var testDescription: String { key }
    }

    static let unsafe: [Unsafe] = [
        Unsafe(yaml: "region: us-east-1", key: "rpc.secret"),
        Unsafe(yaml: "rpc: {secret: \(strong)}\nauth: {session: {secret: \(strong)}}", key: "audit.archive.bucket"),
        Unsafe(yaml: "environment: prod\nrpc: {secret: \(strong)}", key: "auth.session.secret"),
        Unsafe(yaml: "rpc: {secret: too-short}\nauth: {session: {secret: \(strong)}}", key: "rpc.secret"),
        Unsafe(yaml: "rpc: {secret: \(strong)}\nauth: {session: {secret: too-short}}", key: "auth.session.secret"),
        Unsafe(
            yaml: "rpc: {secret: \(strong), clients: {billing-svc: {secret: too-short, roles: []}}}\nauth: {session: {secret: \(strong)}}",
            key: "rpc.clients.billing-svc.secret"),
        Unsafe(
            yaml: "rpc: {secret: \(strong), clients: {credentials: {secret: \(strong), roles: []}}}\nauth: {session: {secret: \(strong)}}",
            key: "rpc.clients.credentials"),
        Unsafe(
            yaml: "rpc: {secret: \(strong)}\nauth: {session: {secret: \(strong)}, alb: {public_key_url: \"http://keys.example.com/{kid}\"}}",
            key: "auth.alb.public_key_url"),
        Unsafe(yaml: secrets + "\naws: {federation_url: http://signin.example.com/federation}", key: "aws.federation_url"),
        Unsafe(yaml: secrets + "\ngoogle: {token_url: http://oauth2.example.com/token}", key: "google.token_url"),
        Unsafe(yaml: secrets + "\ngoogle: {directory_url: http://admin.example.com/dir}", key: "google.directory_url"),
        Unsafe(yaml: secrets + "\nslack: {webhook_url: http://hooks.example.com/T/B/x}", key: "slack.webhook_url"),
        Unsafe(yaml: secrets + "\ngoogle: {enabled: true, credential_subject: a@example.com}", key: "google.service_key_file"),
        Unsafe(
            yaml: "rpc: {secret: \(strong)}\nauth: {session: {secret: \(strong), cookie_name: \"a;b\"}}",
            key: "auth.session.cookie_name"),
    ]

    func checkConfig(_ yaml: String) async throws -> ProcessRun.Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-check-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["check-config", "--config", path])
    }

    @Test(arguments: unsafe)
    func anUnsafeProductionConfigurationFailsNamingTheKey(_ unsafe: Unsafe) async throws {
        let result = try await checkConfig(unsafe.yaml)
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("'\(unsafe.key)'"), "\(result.output)")
        #expect(!result.output.contains("is valid"))
    }

    @Test func aSafeProductionConfigurationPassesAndSaysItIsProduction() async throws {
        let result = try await checkConfig(Self.secrets)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("environment prod"), "\(result.output)")
    }

    @Test func aDevelopmentConfigurationPassesWithItsWarnings() async throws {
        let result = try await checkConfig("environment: dev\naws: {federation_url: http://127.0.0.1:9/federation}")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("environment dev"))
        #expect(result.output.contains("warning: rpc.secret is not set"))
    }
}
