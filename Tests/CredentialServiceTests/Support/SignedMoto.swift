import CredentialService
import Foundation
import Logging
import PorticoAWS
import PorticoHTTP
import PorticoTestSupport

/// A moto server with signature checking on, bootstrapped as the broker expects AWS to look: a
/// hub IAM user with an access key and an allow-all policy, and the roles people and internal
/// clients are given, in two accounts (`prod` and `staging`).
///
/// The unsigned-call budget is spent exactly (3 calls for the hub user, 1 per role); every call
/// after it must be signed. Roles live in their own accounts (`x-moto-account-id` during the
/// bootstrap), so AssumeRole into them gives credentials that act there.
struct SignedMoto: Sendable {
    static let hubAccount = "123456789012"
    static let prod = "111111111111"
    static let staging = "222222222222"
    static let accountNames = [prod: "prod", staging: "staging"]

    /// The roles created, with their `MaxSessionDuration`.
    static let roles: [(arn: String, maxSessionDuration: Int)] = [
        (Roles.prodAdmin, 43_200), (Roles.prodReadOnly, 3600), (Roles.stagingAdmin, 43_200),
        (Roles.stagingPipeline, 43_200), (Roles.billingReports, 7200),
    ]
    static let unsignedBudget = 3 + roles.count
    static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    let server: MotoServer
    /// The hub user's access key: what the hub signs with.
    let hubKey: AWSCredentials

    var endpoint: String { server.endpoint }

    static func start(http: HTTPClient, logger: Logger) async throws -> SignedMoto {
        let server = try await MotoServer.start(unsignedActionBudget: unsignedBudget)
        do {
            return SignedMoto(server: server, hubKey: try await bootstrap(server, http: http, logger: logger))
        } catch {
            server.stop()
            throw error
        }
    }

    func stop() { server.stop() }

    /// STS at moto, signing with `credentials` (for checking what issued keys act as).
    func sts(signingWith credentials: AWSCredentials, http: HTTPClient, logger: Logger) -> STSClient {
        STSClient(client: AWSClient(
            configuration: AWSConfiguration(endpointURL: endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(credentials), http: http, logger: logger))
    }

    /// The session policy moto recorded for the session of `accessKeyID` (from its model dump).
    func recordedSessionPolicy(accessKeyID: String, http: HTTPClient) async throws -> String? {
        let response = try await http.execute(HTTPClient.Request(url: endpoint + "/moto-api/data.json"))
        let dump = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let sessions = (dump?["sts"] as? [String: Any])?["AssumedRole"] as? [[String: Any]] ?? []
        let session = sessions.first { $0["access_key_id"] as? String == accessKeyID }
        return session?["policy"] as? String
    }

    private static func bootstrap(_ server: MotoServer, http: HTTPClient, logger: Logger) async throws -> AWSCredentials {
        func unsignedIAM(account: String) -> IAMClient {
            let configuration = AWSConfiguration(
                endpointURL: server.endpoint, maxAttempts: 1,
                additionalHeaders: [HeaderField("x-moto-account-id", account)])
            // Moto routes by the credential scope of the Authorization header, so the calls inside
            // the budget carry a throwaway signature; none of them is verified.
            let throwaway = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap-only")
            return IAMClient(client: AWSClient(
                configuration: configuration, credentials: StaticCredentialProvider(throwaway), http: http, logger: logger))
        }
        let hub = unsignedIAM(account: hubAccount)
        _ = try await hub.createUser(name: "portico-hub")
        let key = try await hub.createAccessKey(userName: "portico-hub")
        try await hub.putUserPolicy(userName: "portico-hub", policyName: "allow-all", document: allowAll)

        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::"#
            + hubAccount + #":root"},"Action":"sts:AssumeRole"}]}"#
        for (arn, maximum) in roles {
            guard let role = RoleARN(arn) else { throw TestServerError.notReady("bad role ARN \(arn)", seconds: 0) }
            _ = try await unsignedIAM(account: role.accountID).createRole(
                name: role.name, assumeRolePolicyDocument: trust, maxSessionDuration: maximum)
        }
        return key
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
