import Logging
import PorticoHTTP
import PorticoTestSupport

/// The AWS estate the gateway's REST tests see, in a `SeededMoto` with signature checking on:
/// in each of two accounts (`prod`, `staging`) the spoke role the cache sweeps through, and the
/// roles people get, tagged with the groups that may use them.
enum MotoHubAndSpokes {
    static let hubAccount = SeededMoto.hubAccount
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

        static let tagged: [SeededMoto.Role] = [
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

    static let estate = SeededMoto.Estate(
        spokeRoleName: spokeRoleName, spokeAccounts: accountNames.keys.sorted(), roles: Roles.tagged)

    static func start(http: HTTPClient, logger: Logger) async throws -> SeededMoto {
        try await SeededMoto.start(estate, http: http, logger: logger)
    }
}
