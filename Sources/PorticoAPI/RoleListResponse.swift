/// The answer of `GET /api/v2/get_roles[?all=true]` (ConsoleMe's `WebResponse`): `{"status":
/// "success", "status_code": 200, "data": {"roles": [{"arn", "account_id",
/// "account_friendly_name", "role_name"}]}}`. (`GET /api/v1/get_roles` answers a plain JSON
/// array of the ARNs, `[String]`.)
public struct RoleListResponse: Codable, Sendable, Hashable {
    public var status: String
    public var statusCode: Int
    public var data: Data

    /// A successful listing of `roles`.
    public init(roles: [Role]) {
        status = "success"
        statusCode = 200
        data = Data(roles: roles)
    }

    enum CodingKeys: String, CodingKey {
        case status
        case statusCode = "status_code"
        case data
    }

    /// The listing itself.
    public struct Data: Codable, Sendable, Hashable {
        public var roles: [Role]

        public init(roles: [Role]) {
            self.roles = roles
        }
    }

    /// One role the caller may use.
    public struct Role: Codable, Sendable, Hashable {
        public var arn: String
        public var accountID: String
        /// The account's name (from the configuration's `accounts`, the cache or AWS
        /// Organizations), or its id when it has none.
        public var accountFriendlyName: String
        public var roleName: String

        public init(arn: String, accountID: String, accountFriendlyName: String, roleName: String) {
            self.arn = arn
            self.accountID = accountID
            self.accountFriendlyName = accountFriendlyName
            self.roleName = roleName
        }

        enum CodingKeys: String, CodingKey {
            case arn
            case accountID = "account_id"
            case accountFriendlyName = "account_friendly_name"
            case roleName = "role_name"
        }
    }
}
