import Foundation
public import Logging
public import PorticoAWS
public import PorticoHTTP

/// A moto server seeded as the AWS estate a test needs (`SeededMoto.Estate`: the spoke accounts,
/// the roles people are given with their tags), with signature checking on or off; the one moto
/// fixture of every test target.
///
/// With signature checking on, moto is started with an unsigned-call budget of exactly what the
/// bootstrap spends: a hub IAM user (access key, allow-all policy) in the hub account; in each
/// spoke account the spoke role (trusting the hub, allow-all) the cache sweeps through; each role
/// in its own account with its tags. Every call after that must be signed, and AssumeRole into a
/// role gives credentials that act in its account.
///
/// How moto counts unsigned calls (moto 5.2): every call that reaches a service action counts
/// against `INITIAL_NO_AUTH_ACTION_COUNT` while the budget lasts, signed or not, and none is
/// verified; once the count reaches the budget every call is verified. The readiness probe
/// `/moto-api/data.json` goes to moto's own API and does not count. Moto routes a request to a
/// service by the credential scope of its `Authorization` header, so the bootstrap calls carry a
/// throwaway signature; `x-moto-account-id` picks the account they act in.
///
/// With signature checking off, `seed(_:accounts:)` fills accounts with roles, buckets, queues
/// and topics (`AccountContents`) at any time, through `client(account:)`.
public struct SeededMoto: Sendable {
    /// moto's default account: where the hub user lives.
    public static let hubAccount = "123456789012"
    public static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    /// What the spoke roles and seeded roles trust: the hub account.
    public static let hubTrustPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::"#
        + hubAccount + #":root"},"Action":"sts:AssumeRole"}]}"#

    public let server: MotoServer
    public let estate: Estate
    /// The hub user's access key: what the hub (cache, credential service) signs with.
    public let hubKey: AWSCredentials
    /// The client the fixture seeds through; owned by the caller.
    public let http: HTTPClient
    public let logger: Logger

    public var endpoint: String { server.endpoint }

    /// Starts moto (with the unsigned-call budget of `estate` when it checks signatures) and
    /// seeds it. Stops the server if seeding fails.
    public static func start(_ estate: Estate, http: HTTPClient, logger: Logger) async throws -> SeededMoto {
        let server = try await MotoServer.start(unsignedActionBudget: estate.signatureChecking ? estate.unsignedCalls : nil)
        do {
            let hubKey = try await bootstrap(estate, endpoint: server.endpoint, http: http, logger: logger)
            return SeededMoto(server: server, estate: estate, hubKey: hubKey, http: http, logger: logger)
        } catch {
            server.stop()
            throw error
        }
    }

    public func stop() { server.stop() }

    /// `n` distinct 12-digit account ids starting at `first`.
    public static func accounts(_ n: Int, first: Int = 100_000_000_001) -> [String] {
        (0..<n).map { String(first + $0) }
    }

    /// The hub user, the spoke roles and the estate's roles; returns the hub user's access key.
    private static func bootstrap(_ estate: Estate, endpoint: String, http: HTTPClient, logger: Logger) async throws -> AWSCredentials {
        func iam(account: String) -> IAMClient {
            IAMClient(client: unsignedClient(endpoint: endpoint, account: account, http: http, logger: logger))
        }
        let hub = iam(account: hubAccount)
        _ = try await hub.createUser(name: "portico-hub")
        let key = try await hub.createAccessKey(userName: "portico-hub")
        try await hub.putUserPolicy(userName: "portico-hub", policyName: "allow-all", document: allowAll)
        for account in estate.spokeAccounts {
            let spoke = iam(account: account)
            _ = try await spoke.createRole(name: estate.spokeRoleName, assumeRolePolicyDocument: hubTrustPolicy)
            try await spoke.putRolePolicy(roleName: estate.spokeRoleName, policyName: "allow-all", document: allowAll)
        }
        for role in estate.roles {
            _ = try await iam(account: role.account).createRole(
                name: role.name, assumeRolePolicyDocument: hubTrustPolicy, maxSessionDuration: role.maxSessionDuration,
                tags: role.tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) })
        }
        return key
    }

    /// A client acting in `account` with a throwaway signature: what moto accepts within the
    /// unsigned-call budget, or always when signature checking is off.
    static func unsignedClient(
        endpoint: String, account: String, region: String = "us-east-1", maxAttempts: Int = 1, http: HTTPClient,
        logger: Logger
    ) -> AWSClient {
        let configuration = AWSConfiguration(
            region: region, endpointURL: endpoint, maxAttempts: maxAttempts,
            additionalHeaders: [HeaderField("x-moto-account-id", account)])
        let throwaway = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap-only")
        return AWSClient(configuration: configuration, credentials: StaticCredentialProvider(throwaway), http: http, logger: logger)
    }

    /// STS at moto, signing with `credentials` (to see what issued keys act as).
    public func sts(signingWith credentials: AWSCredentials, http: HTTPClient, logger: Logger) -> STSClient {
        Self.sts(endpoint: endpoint, signingWith: credentials, http: http, logger: logger)
    }

    /// STS at the moto at `endpoint`, signing with `credentials`.
    public static func sts(endpoint: String, signingWith credentials: AWSCredentials, http: HTTPClient, logger: Logger) -> STSClient {
        STSClient(client: AWSClient(
            configuration: AWSConfiguration(endpointURL: endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(credentials), http: http, logger: logger))
    }

    /// IAM in `account`, as the hub acting through the account's spoke role (every call signed).
    public func iam(inAccount account: String, http: HTTPClient, logger: Logger) -> IAMClient {
        let hub = AWSClient(
            configuration: AWSConfiguration(endpointURL: endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(hubKey), http: http, logger: logger)
        return IAMClient(client: SpokeSessions(hub: hub, roleName: estate.spokeRoleName).client(account: account))
    }

    /// The session policy moto recorded for the session of `accessKeyID` (from its model dump),
    /// nil if the session had none.
    public func recordedSessionPolicy(accessKeyID: String, http: HTTPClient) async throws -> String? {
        let response = try await http.execute(HTTPClient.Request(url: endpoint + "/moto-api/data.json"))
        let dump = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let sessions = (dump?["sts"] as? [String: Any])?["AssumedRole"] as? [[String: Any]] ?? []
        return sessions.first { $0["access_key_id"] as? String == accessKeyID }?["policy"] as? String
    }
}
