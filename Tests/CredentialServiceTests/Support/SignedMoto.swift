import CredentialService
import Foundation
import Logging
import PorticoAWS
import PorticoHTTP
import PorticoTestSupport

/// A moto server with signature checking on, seeded as the broker and the cache expect AWS to
/// look (`SignedMotoSeed`): the hub user, the spoke role in each of two accounts (`prod` and
/// `staging`), and the roles people and internal clients are given, tagged with who may use them.
struct SignedMoto: Sendable {
    static let hubAccount = SignedMotoSeed.hubAccount
    static let prod = "111111111111"
    static let staging = "222222222222"
    static let accountNames = [prod: "prod", staging: "staging"]
    static let spokeRoleName = "PorticoSpoke"

    /// Engineers may use three roles from anywhere (`consoleme-authorized`) and the pipeline
    /// role from the CLI only; nobody is tagged onto the internal client's role.
    static let roles: [SignedMotoSeed.Role] = [
        role(Roles.prodAdmin, 43_200, ["consoleme-authorized": "engineering:oncall"]),
        role(Roles.prodReadOnly, 3600, ["consoleme-authorized": "engineering"]),
        role(Roles.stagingAdmin, 43_200, ["consoleme-authorized": "engineering"]),
        role(Roles.stagingPipeline, 43_200, ["consoleme-authorized-cli-only": "engineering"]),
        role(Roles.billingReports, 7200, [:]),
    ]

    let server: MotoServer
    /// The hub user's access key: what the hub signs with.
    let hubKey: AWSCredentials

    var endpoint: String { server.endpoint }

    static func start(http: HTTPClient, logger: Logger) async throws -> SignedMoto {
        let server = try await MotoServer.start(
            unsignedActionBudget: SignedMotoSeed.unsignedCalls(spokeAccounts: accountNames.count, roles: roles.count))
        do {
            let key = try await SignedMotoSeed.seed(
                server, spokeRoleName: spokeRoleName, spokeAccounts: accountNames.keys.sorted(), roles: roles, http: http,
                logger: logger)
            return SignedMoto(server: server, hubKey: key)
        } catch {
            server.stop()
            throw error
        }
    }

    func stop() { server.stop() }

    /// STS at moto, signing with `credentials` (for checking what issued keys act as).
    func sts(signingWith credentials: AWSCredentials, http: HTTPClient, logger: Logger) -> STSClient {
        SignedMotoSeed.sts(endpoint: endpoint, signingWith: credentials, http: http, logger: logger)
    }

    /// IAM in `account`, as the hub acting through the account's spoke role (every call signed).
    func iam(inAccount account: String, http: HTTPClient, logger: Logger) -> IAMClient {
        let hub = AWSClient(
            configuration: AWSConfiguration(endpointURL: endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(hubKey), http: http, logger: logger)
        return IAMClient(client: SpokeSessions(hub: hub, roleName: Self.spokeRoleName).client(account: account))
    }

    /// The session policy moto recorded for the session of `accessKeyID` (from its model dump).
    func recordedSessionPolicy(accessKeyID: String, http: HTTPClient) async throws -> String? {
        let response = try await http.execute(HTTPClient.Request(url: endpoint + "/moto-api/data.json"))
        let dump = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let sessions = (dump?["sts"] as? [String: Any])?["AssumedRole"] as? [[String: Any]] ?? []
        let session = sessions.first { $0["access_key_id"] as? String == accessKeyID }
        return session?["policy"] as? String
    }

    private static func role(_ arn: String, _ maximum: Int, _ tags: [String: String]) -> SignedMotoSeed.Role {
        let parsed = RoleARN(arn)
        return SignedMotoSeed.Role(
            account: parsed?.accountID ?? "", name: parsed?.name ?? arn, maxSessionDuration: maximum, tags: tags)
    }
}

/// The roles of the test accounts.
enum Roles {
    static let prodAdmin = "arn:aws:iam::\(SignedMoto.prod):role/engineering-admin"
    static let prodReadOnly = "arn:aws:iam::\(SignedMoto.prod):role/engineering-readonly"
    static let stagingAdmin = "arn:aws:iam::\(SignedMoto.staging):role/engineering-admin"
    /// Granted to engineers for the CLI only.
    static let stagingPipeline = "arn:aws:iam::\(SignedMoto.staging):role/data-pipeline"
    /// Configured for the internal client `billing-svc`.
    static let billingReports = "arn:aws:iam::\(SignedMoto.prod):role/billing-reports"
}
