import PorticoTestSupport

/// The AWS estate the end-to-end tests seed into moto: two spoke accounts and four roles
/// people are given through role tags.
enum E2EEstate {
    static let alpha = "111111111111"
    static let beta = "222222222222"
    static let accountNames = [alpha: "alpha", beta: "beta"]
    static let spokeRoleName = "PorticoSpoke"

    /// alice's own role: she is named in its tag, and so is her group.
    static let webAdmin = SeededMoto.Role(
        account: alpha, name: "web-admin", maxSessionDuration: 7200, tags: ["consoleme-authorized": "groupA:alice@example.com"])
    /// Two roles of groupA whose names share `analytics`.
    static let analyticsReader = SeededMoto.Role(
        account: alpha, name: "analytics-reader", tags: ["consoleme-authorized": "groupA"])
    static let analyticsWriter = SeededMoto.Role(
        account: beta, name: "analytics-writer", tags: ["consoleme-authorized": "groupA"])
    /// For the command line only.
    static let deployPipeline = SeededMoto.Role(
        account: beta, name: "deploy-pipeline", tags: ["consoleme-authorized-cli-only": "groupA:alice@example.com"])

    static let roles = [webAdmin, analyticsReader, analyticsWriter, deployPipeline]

    static let estate = SeededMoto.Estate(
        spokeRoleName: spokeRoleName, spokeAccounts: accountNames.keys.sorted(), roles: roles)

    /// The demo users of the development sign-in.
    static let alice = "alice@example.com"
    static let bob = "bob@example.com"
}
