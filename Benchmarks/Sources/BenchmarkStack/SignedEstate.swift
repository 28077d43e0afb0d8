import BenchmarkSupport
public import Logging
public import PorticoAWS
public import PorticoHTTP

/// What the benchmark's moto holds, seeded while moto still takes unsigned calls (its
/// `INITIAL_NO_AUTH_ACTION_COUNT` budget is exactly `unsignedCalls`); every call after that must
/// carry a valid SigV4 signature.
///
/// The hub: an IAM user with an access key and an allow-all policy in `hubAccount`. Each
/// account: the spoke role `PorticoSpoke` (trusting the hub, allow-all, for the cache's sweep),
/// `roles` roles tagged `consoleme-authorized` for the benchmark user's group, and one
/// `consoleme-authorized-cli-only` role.
public struct SignedEstate: Sendable {
    public static let hubAccount = "123456789012"
    public static let spokeRole = "PorticoSpoke"
    public static let group = "bench-engineers@example.com"
    public static let user = "bench@example.com"
    public static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    public static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::"#
        + hubAccount + #":root"},"Action":["sts:AssumeRole","sts:SetSourceIdentity"]}]}"#

    /// Account id → name (`accounts:` in the configuration).
    public let accounts: [(id: String, name: String)]
    public let roles: Int

    public init(accounts: Int, roles: Int) {
        self.accounts = (0..<accounts).map { (String(500_000_000_001 + $0), "bench-\($0)") }
        self.roles = roles
    }

    /// Hub user, key and policy; per account the spoke role and its policy, the roles, the CLI-only role.
    public var unsignedCalls: Int { 3 + accounts.count * (2 + roles + 1) }

    /// Every role the benchmark user may use, console and CLI.
    public var eligibleRoleCount: Int { accounts.count * (roles + 1) }

    /// The role the credential runs ask for (by exact ARN, as Weep does).
    public var requestedRole: String { "arn:aws:iam::\(accounts[0].id):role/bench-role-0" }

    /// Seeds moto and returns the hub's access key.
    public func seed(endpoint: String, http: HTTPClient, logger: Logger) async throws -> AWSCredentials {
        func unsignedIAM(_ account: String) -> IAMClient {
            // moto routes a call by its Authorization header's scope, so the calls inside the
            // budget carry a signature nobody checks.
            IAMClient(client: AWSClient(
                configuration: AWSConfiguration(
                    endpointURL: endpoint, maxAttempts: 1, additionalHeaders: [HeaderField("x-moto-account-id", account)]),
                credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "seed-only")),
                http: http, logger: logger))
        }
        let hub = unsignedIAM(Self.hubAccount)
        _ = try await hub.createUser(name: "portico-hub")
        let key = try await hub.createAccessKey(userName: "portico-hub")
        try await hub.putUserPolicy(userName: "portico-hub", policyName: "allow-all", document: Self.allowAll)
        for account in accounts {
            let iam = unsignedIAM(account.id)
            _ = try await iam.createRole(name: Self.spokeRole, assumeRolePolicyDocument: Self.trust)
            try await iam.putRolePolicy(roleName: Self.spokeRole, policyName: "allow-all", document: Self.allowAll)
            for index in 0..<roles {
                _ = try await iam.createRole(
                    name: "bench-role-\(index)", assumeRolePolicyDocument: Self.trust, maxSessionDuration: 7200,
                    tags: [AWSTag(key: "consoleme-authorized", value: "\(Self.group):someone-else@example.com")])
            }
            _ = try await iam.createRole(
                name: "bench-cli-only", assumeRolePolicyDocument: Self.trust,
                tags: [AWSTag(key: "consoleme-authorized-cli-only", value: Self.group)])
        }
        return key
    }
}
