import CredentialService
import Proto

/// The credential service's eligible roles read from the cache over RPC (`Cache.EligibleRoles`),
/// so the roles the gateway lists and the roles the credential service issues come from the
/// same swept role tags. Maximum session durations are left to `aws.session_duration`.
struct CacheEligibleRoles: EligibleRoleSource {
    let client: RPCClient

    func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole] {
        let response = try await client.call(
            CacheMethods.eligibleRoles, CacheEligibleRolesRequest(principal: Principal(user: user, groups: groups)))
        return response.roles.map { EligibleRole(arn: $0.arn, cliOnly: $0.cliOnly) }
    }

    func maxSessionDuration(roleARN: String) async throws -> Int? { nil }
}
