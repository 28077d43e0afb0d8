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
/// The unsigned-call budget is spent exactly on that bootstrap (3 calls for the hub user, 2
/// per spoke role, 1 per tagged role); every call after it must be signed, and AssumeRole into
/// a role gives credentials that act in its account.
struct MotoHubAndSpokes: Sendable {
    static let hubAccount = "123456789012"
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

        static let tagged: [(arn: String, tags: [String: String])] = [
            (prodAdmin, ["consoleme-authorized": "engineering@example.com"]),
            (prodReadOnly, ["consoleme-authorized": "engineering@example.com:auditors@example.com"]),
            (stagingAdmin, ["consoleme-authorized": "engineering@example.com"]),
            (stagingPipeline, ["consoleme-authorized-cli-only": "engineering@example.com"]),
            (prodBilling, ["consoleme-authorized": "finance@example.com"]),
        ]

        /// What an engineer may use from the console, and from the CLI as well.
        static let engineeringConsole = [prodAdmin, prodReadOnly, stagingAdmin].sorted()
        static let engineeringAll = (engineeringConsole + [stagingPipeline]).sorted()
    }

    static let unsignedBudget = 3 + 2 * accountNames.count + Roles.tagged.count
    static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    static let trustHub = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::"#
        + hubAccount + #":root"},"Action":"sts:AssumeRole"}]}"#

    let server: MotoServer
    /// The hub user's access key: what the cache and the credential service sign with.
    let hubKey: AWSCredentials

    var endpoint: String { server.endpoint }

    static func start(http: HTTPClient, logger: Logger) async throws -> MotoHubAndSpokes {
        let server = try await MotoServer.start(unsignedActionBudget: unsignedBudget)
        do {
            return MotoHubAndSpokes(server: server, hubKey: try await bootstrap(server, http: http, logger: logger))
        } catch {
            server.stop()
            throw error
        }
    }

    func stop() { server.stop() }

    /// STS at moto, signing with `credentials` (to see what issued keys act as).
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
        return sessions.first { $0["access_key_id"] as? String == accessKeyID }?["policy"] as? String
    }

    private static func bootstrap(_ server: MotoServer, http: HTTPClient, logger: Logger) async throws -> AWSCredentials {
        func unsignedIAM(account: String) -> IAMClient {
            // Moto routes by the credential scope of the Authorization header, so the calls inside
            // the budget carry a throwaway signature; none of them is verified.
            let configuration = AWSConfiguration(
                endpointURL: server.endpoint, maxAttempts: 1, additionalHeaders: [HeaderField("x-moto-account-id", account)])
            let throwaway = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap-only")
            return IAMClient(client: AWSClient(
                configuration: configuration, credentials: StaticCredentialProvider(throwaway), http: http, logger: logger))
        }
        let hub = unsignedIAM(account: hubAccount)
        _ = try await hub.createUser(name: "portico-hub")
        let key = try await hub.createAccessKey(userName: "portico-hub")
        try await hub.putUserPolicy(userName: "portico-hub", policyName: "allow-all", document: allowAll)
        for account in accountNames.keys.sorted() {
            let iam = unsignedIAM(account: account)
            _ = try await iam.createRole(name: spokeRoleName, assumeRolePolicyDocument: trustHub)
            try await iam.putRolePolicy(roleName: spokeRoleName, policyName: "allow-all", document: allowAll)
        }
        for (arn, tags) in Roles.tagged {
            let (account, name) = try parts(of: arn)
            _ = try await unsignedIAM(account: account).createRole(
                name: name, assumeRolePolicyDocument: trustHub,
                tags: tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) })
        }
        return key
    }

    private static func parts(of arn: String) throws -> (account: String, name: String) {
        let fields = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 6, let name = fields[5].split(separator: "/").last else {
            throw TestServerError.notReady("bad role ARN \(arn)", seconds: 0)
        }
        return (String(fields[4]), String(name))
    }
}
