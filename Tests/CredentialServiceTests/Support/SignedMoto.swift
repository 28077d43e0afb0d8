import Logging
import PorticoHTTP
import PorticoTestSupport

/// The AWS estate the broker and the cache tests see, in a `SeededMoto` with signature checking
/// on: the spoke role in each of two accounts (`prod` and `staging`), and the roles people and
/// internal clients are given, tagged with who may use them.
enum SignedMoto {
    static let hubAccount = SeededMoto.hubAccount
    static let prod = "111111111111"
    static let staging = "222222222222"
    static let accountNames = [prod: "prod", staging: "staging"]
    static let spokeRoleName = "PorticoSpoke"

    /// Engineers may use three roles from anywhere (`consoleme-authorized`) and the pipeline
    /// role from the CLI only; nobody is tagged onto the internal client's role.
    static let roles: [SeededMoto.Role] = [
        .init(arn: Roles.prodAdmin, maxSessionDuration: 43_200, tags: ["consoleme-authorized": "engineering:oncall"]),
        .init(arn: Roles.prodReadOnly, maxSessionDuration: 3600, tags: ["consoleme-authorized": "engineering"]),
        .init(arn: Roles.stagingAdmin, maxSessionDuration: 43_200, tags: ["consoleme-authorized": "engineering"]),
        .init(arn: Roles.stagingPipeline, maxSessionDuration: 43_200, tags: ["consoleme-authorized-cli-only": "engineering"]),
        .init(arn: Roles.billingReports, maxSessionDuration: 7200, tags: [:]),
    ]

    static let estate = SeededMoto.Estate(
        spokeRoleName: spokeRoleName, spokeAccounts: accountNames.keys.sorted(), roles: roles)

    static func start(http: HTTPClient, logger: Logger) async throws -> SeededMoto {
        try await SeededMoto.start(estate, http: http, logger: logger)
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
