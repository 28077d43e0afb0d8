import Hummingbird
import PorticoAPI
import PorticoCore

/// A person's eligible roles as `GET /api/v1/get_roles` and `GET /api/v2/get_roles` answer
/// them, encoded once when the roles are fetched: every request until they expire sends the
/// same bytes.
///
/// - v1: a JSON array of role ARNs.
/// - v2: `PorticoAPI.RoleListResponse`, `{"status": "success", "status_code": 200, "data": {"roles": [{"arn", "account_id",
///   "account_friendly_name", "role_name"}]}}`.
///
/// Without `all=true` the roles only the CLI may use are left out (the console's view).
struct RoleListing: Sendable {
    /// One eligible role.
    struct Role: Sendable, Hashable {
        let arn: String
        let cliOnly: Bool
    }

    /// Which answer, by API version and whether CLI-only roles are in it.
    enum Format: Sendable {
        case v1(includeCLIOnly: Bool)
        case v2(includeCLIOnly: Bool)
    }

    let roles: [Role]
    private let v1All: ByteBuffer
    private let v1Console: ByteBuffer
    private let v2All: ByteBuffer
    private let v2Console: ByteBuffer

    /// - Parameter accountNames: account id → friendly name; an account without a name is
    ///   shown by its id.
    init(roles: [Role], accountNames: [String: String]) {
        self.roles = roles
        let console = roles.filter { !$0.cliOnly }
        v1All = Self.v1(roles)
        v1Console = Self.v1(console)
        v2All = Self.v2(roles, accountNames: accountNames)
        v2Console = Self.v2(console, accountNames: accountNames)
    }

    /// The JSON body for `format`.
    func body(_ format: Format) -> ByteBuffer {
        switch format {
        case .v1(let all): all ? v1All : v1Console
        case .v2(let all): all ? v2All : v2Console
        }
    }

    private static func v1(_ roles: [Role]) -> ByteBuffer {
        ByteBuffer(bytes: JSONBody.encode(roles.map(\.arn)))
    }

    private static func v2(_ roles: [Role], accountNames: [String: String]) -> ByteBuffer {
        let entries = roles.map { role in
            let (account, name) = parts(of: role.arn)
            return RoleListResponse.Role(
                arn: role.arn, accountID: account, accountFriendlyName: accountNames[account] ?? account, roleName: name)
        }
        return ByteBuffer(bytes: JSONBody.encode(RoleListResponse(roles: entries)))
    }

    /// The account id and role name of `arn:aws:iam::<account>:role/<path/><name>`; empty
    /// strings for what an unexpected ARN lacks.
    static func parts(of arn: String) -> (account: String, name: String) {
        guard let parsed = ARN(arn) else { return ("", "") }
        let name = parsed.resource.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return (parsed.account, parsed.resource.hasPrefix("role/") ? name : "")
    }
}
