extension SeededMoto {
    /// What a `SeededMoto` holds from the start: the spoke accounts and their spoke role, and the
    /// roles people are given, each in its own account with its tags.
    public struct Estate: Sendable {
        /// moto verifies every call after the bootstrap (a hub user and key are always made).
        public var signatureChecking: Bool
        public var spokeRoleName: String
        public var spokeAccounts: [String]
        public var roles: [Role]

        public init(
            signatureChecking: Bool = true, spokeRoleName: String = "PorticoSpoke", spokeAccounts: [String],
            roles: [Role] = []
        ) {
            self.signatureChecking = signatureChecking
            self.spokeRoleName = spokeRoleName
            self.spokeAccounts = spokeAccounts
            self.roles = roles
        }

        /// No signature checking and nothing but the hub user: a test seeds accounts itself with
        /// `seed(_:accounts:)`.
        public static var unsigned: Estate { Estate(signatureChecking: false, spokeAccounts: []) }

        /// The unsigned calls the bootstrap makes: 3 for the hub user, 2 per spoke role, 1 per role.
        public var unsignedCalls: Int { 3 + 2 * spokeAccounts.count + roles.count }
    }

    /// A role to create in its account.
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

        /// The role `arn` names (`arn:aws:iam::<account>:role/<name>`). A malformed ARN keeps
        /// the whole text as the name, which IAM then refuses when the role is created.
        public init(arn: String, maxSessionDuration: Int? = nil, tags: [String: String] = [:]) {
            let fields = arn.split(separator: ":", omittingEmptySubsequences: false)
            let resource = fields.count == 6 ? fields[5].split(separator: "/") : []
            if resource.count >= 2, resource[0] == "role", let name = resource.last {
                self.init(account: String(fields[4]), name: String(name), maxSessionDuration: maxSessionDuration, tags: tags)
            } else {
                self.init(account: "", name: arn, maxSessionDuration: maxSessionDuration, tags: tags)
            }
        }

        public var arn: String { "arn:aws:iam::\(account):role/\(name)" }
    }
}
