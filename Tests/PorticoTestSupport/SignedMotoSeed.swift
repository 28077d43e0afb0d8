import Foundation
public import Logging
public import PorticoAWS
public import PorticoHTTP

/// Seeds a moto started with signature checking on (`MotoServer.start(unsignedActionBudget:)`)
/// as Portico's AWS estate, spending the unsigned-call budget exactly: a hub IAM user with an
/// access key and an allow-all policy in the hub account; in each spoke account the spoke role
/// (trusting the hub, allow-all) the cache sweeps through; and the roles people are given, each
/// in its own account with its tags. Every call after the budget must be signed: AssumeRole
/// into a role gives credentials that act in its account.
public enum SignedMotoSeed {
    /// A role to create.
    public struct Role: Sendable, Hashable {
        public var account: String
        public var name: String
        public var maxSessionDuration: Int?
        public var tags: [String: String]

        public init(account: String, name: String, maxSessionDuration: Int? = nil, tags: [String: String] = [:]) {
            self.account = account
            self.name = name
            self.maxSessionDuration = maxSessionDuration
            self.tags = tags
        }

        public var arn: String { "arn:aws:iam::\(account):role/\(name)" }
    }

    /// moto's default account: where the hub user lives.
    public static let hubAccount = "123456789012"
    public static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// The unsigned calls `seed` makes: 3 for the hub user, 2 per spoke role, 1 per role.
    public static func unsignedCalls(spokeAccounts: Int, roles: Int) -> Int {
        3 + 2 * spokeAccounts + roles
    }

    /// Seeds the estate and returns the hub user's access key.
    public static func seed(
        _ moto: MotoServer, spokeRoleName: String, spokeAccounts: [String], roles: [Role], http: HTTPClient, logger: Logger
    ) async throws -> AWSCredentials {
        func unsignedIAM(account: String) -> IAMClient {
            let configuration = AWSConfiguration(
                endpointURL: moto.endpoint, maxAttempts: 1, additionalHeaders: [HeaderField("x-moto-account-id", account)])
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
        for account in spokeAccounts {
            let iam = unsignedIAM(account: account)
            _ = try await iam.createRole(name: spokeRoleName, assumeRolePolicyDocument: trust)
            try await iam.putRolePolicy(roleName: spokeRoleName, policyName: "allow-all", document: allowAll)
        }
        for role in roles {
            _ = try await unsignedIAM(account: role.account).createRole(
                name: role.name, assumeRolePolicyDocument: trust, maxSessionDuration: role.maxSessionDuration,
                tags: role.tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) })
        }
        return key
    }

    /// STS at `endpoint`, signing with `credentials` (to see what issued keys act as).
    public static func sts(endpoint: String, signingWith credentials: AWSCredentials, http: HTTPClient, logger: Logger) -> STSClient {
        STSClient(client: AWSClient(
            configuration: AWSConfiguration(endpointURL: endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(credentials), http: http, logger: logger))
    }
}
