import Foundation
import Logging
import PorticoAWS
import PorticoHTTP
import PorticoTestSupport

/// A moto server with signature checking on, laid out as Portico expects AWS to be: a hub IAM
/// user (access key, allow-all policy) in the hub account; in each of two accounts (`prod`,
/// `staging`) the spoke role the cache sweeps through, and the roles people get, tagged with
/// the groups that may use them.
///
/// `SignedMotoSeed` spends the unsigned-call budget exactly on that bootstrap; every call after
/// it must be signed, and AssumeRole into a role gives credentials that act in its account.
struct MotoHubAndSpokes: Sendable {
    static let hubAccount = SignedMotoSeed.hubAccount
    static let prod = "111111111111"
    static let staging = "222222222222"
    static let accountNames = [prod: "prod", staging: "staging"]
    static let spokeRoleName = "PorticoSpoke"

    /// The roles people may use, and the tags that say who.
    enum Roles {
        static let prodAdmin = "arn:aws:iam::\(prod):role/engineering-admin"
        static let prodReadOnly = "arn:aws:iam::\(prod):role/engineering-readonly"
        static let stagingAdmin = "arn:aws:iam::\(staging):role/engineering-admin"
        /// Engineers may use it from the CLI only.
        static let stagingPipeline = "arn:aws:iam::\(staging):role/data-pipeline"
        /// Finance's, not engineering's.
        static let prodBilling = "arn:aws:iam::\(prod):role/billing"

        static let tagged: [SignedMotoSeed.Role] = [
            .init(arn: prodAdmin, tags: ["consoleme-authorized": "engineering@example.com"]),
            .init(arn: prodReadOnly, tags: ["consoleme-authorized": "engineering@example.com:auditors@example.com"]),
            .init(arn: stagingAdmin, tags: ["consoleme-authorized": "engineering@example.com"]),
            .init(arn: stagingPipeline, tags: ["consoleme-authorized-cli-only": "engineering@example.com"]),
            .init(arn: prodBilling, tags: ["consoleme-authorized": "finance@example.com"]),
        ]

        /// What an engineer may use from the console, and from the CLI as well.
        static let engineeringConsole = [prodAdmin, prodReadOnly, stagingAdmin].sorted()
        static let engineeringAll = (engineeringConsole + [stagingPipeline]).sorted()
    }

    let server: MotoServer
    /// The hub user's access key: what the cache and the credential service sign with.
    let hubKey: AWSCredentials

    var endpoint: String { server.endpoint }

    static func start(http: HTTPClient, logger: Logger) async throws -> MotoHubAndSpokes {
        let (server, hubKey) = try await SignedMotoSeed.start(
            spokeRoleName: spokeRoleName, spokeAccounts: accountNames.keys.sorted(), roles: Roles.tagged, http: http,
            logger: logger)
        return MotoHubAndSpokes(server: server, hubKey: hubKey)
    }

    func stop() { server.stop() }

    /// STS at moto, signing with `credentials` (to see what issued keys act as).
    func sts(signingWith credentials: AWSCredentials, http: HTTPClient, logger: Logger) -> STSClient {
        SignedMotoSeed.sts(endpoint: endpoint, signingWith: credentials, http: http, logger: logger)
    }

    /// The session policy moto recorded for the session of `accessKeyID` (from its model dump).
    func recordedSessionPolicy(accessKeyID: String, http: HTTPClient) async throws -> String? {
        try await SignedMotoSeed.recordedSessionPolicy(endpoint: endpoint, accessKeyID: accessKeyID, http: http)
    }
}
