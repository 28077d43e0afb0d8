public import PorticoTestSupport

/// The AWS estate the end-to-end tests seed into moto: two spoke accounts and four roles
/// people are given through role tags.
public enum E2EEstate {
    public static let alpha = "111111111111"
    public static let beta = "222222222222"
    public static let accountNames = [alpha: "alpha", beta: "beta"]
    public static let spokeRoleName = "PorticoSpoke"

    /// alice's own role: she is named in its tag, and so is her group.
    public static let webAdmin = SeededMoto.Role(
        account: alpha, name: "web-admin", maxSessionDuration: 7200, tags: ["consoleme-authorized": "groupA:alice@example.com"])
    /// Two roles of groupA whose names share `analytics`.
    public static let analyticsReader = SeededMoto.Role(
        account: alpha, name: "analytics-reader", tags: ["consoleme-authorized": "groupA"])
    public static let analyticsWriter = SeededMoto.Role(
        account: beta, name: "analytics-writer", tags: ["consoleme-authorized": "groupA"])
    /// For the command line only.
    public static let deployPipeline = SeededMoto.Role(
        account: beta, name: "deploy-pipeline", tags: ["consoleme-authorized-cli-only": "groupA:alice@example.com"])

    public static let roles = [webAdmin, analyticsReader, analyticsWriter, deployPipeline]

    public static let estate = SeededMoto.Estate(
        spokeRoleName: spokeRoleName, spokeAccounts: accountNames.keys.sorted(), roles: roles)

    /// The demo users of the development sign-in.
    public static let alice = "alice@example.com"
    public static let bob = "bob@example.com"
}
