import CredentialService
import Foundation
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Testing

/// One test's broker on the shared stack: its own captured log, its own audit stream, hub
/// credentials from the standard provider chain (environment variables holding the hub key).
struct BrokerBench: Sendable {
    let stack: BrokerStack
    let log: LogRecorder
    let stream: String
    let configuration: PorticoConfiguration
    let audit: CredentialAuditTrail
    let broker: CredentialBroker

    init(
        configure: (inout PorticoConfiguration) -> Void = { _ in },
        eligibleRoles: (any EligibleRoleSource)? = nil,
        hubSecret: String? = nil
    ) throws {
        let stack = try BrokerStack.require()
        var configuration = stack.configuration()
        configure(&configuration)
        let log = LogRecorder()
        let stream = "portico:audit:test:\(UUID().uuidString)"
        let environment = Self.hubEnvironment(stack, secret: hubSecret)
        let audit = CredentialAuditTrail(
            redis: stack.redis, stream: stream, maxLength: configuration.aws.audit.maxLength, logger: log.logger)
        self.stack = stack
        self.log = log
        self.stream = stream
        self.configuration = configuration
        self.audit = audit
        self.broker = CredentialBroker(
            configuration: CredentialBroker.Configuration(configuration), eligibleRoles: eligibleRoles ?? stack.eligibleRoles,
            sts: .hub(configuration: configuration, environment: environment, http: stack.http, logger: log.logger),
            audit: audit, logger: log.logger)
    }

    /// Environment variables holding the hub user's key, for the standard provider chain.
    static func hubEnvironment(_ stack: BrokerStack, secret: String? = nil) -> CredentialEnvironment {
        CredentialEnvironment(
            variables: [
                "AWS_ACCESS_KEY_ID": stack.moto.hubKey.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": secret ?? stack.moto.hubKey.secretAccessKey,
            ],
            homeDirectory: nil)
    }

    /// An engineer no other test uses (so their STS calls can be told apart).
    static func engineer(from address: String? = "10.1.2.3", extraGroups: [String] = []) -> Principal {
        Principal(
            user: "alice.\(UUID().uuidString.prefix(8).lowercased())@example.com",
            groups: ["engineering"] + extraGroups, sourceAddress: address.flatMap { IPAddress($0) })
    }

    /// The AssumeRole calls sent for `principal` (by the session name derived from them).
    func sentAssumeRoles(for principal: Principal) -> [[String: String]] {
        stack.proxy.assumeRoleCalls(sessionName: SessionName.forUser(principal.clientName ?? principal.user))
    }

    func auditEntries() async throws -> [[String: String]] { try await stack.auditEntries(stream: stream) }
}
