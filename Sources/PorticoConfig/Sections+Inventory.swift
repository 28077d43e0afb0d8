extension PorticoConfiguration {
    /// Which roles the inventory shows to people without `can_admin` (`roles:`, ConsoleMe's
    /// `roles.allowed_tags` / `allowed_arns`): with neither set, every role; otherwise only the
    /// roles carrying every tag of `allowed_tags` (key → value) and the roles in `allowed_arns`.
    /// A hidden role is absent from the policies table and answers 404 on every route.
    public struct Roles: Sendable {
        public var allowedTags: [String: String] = [:]
        public var allowedARNs: [String] = []

        public init(allowedTags: [String: String] = [:], allowedARNs: [String] = []) {
            self.allowedTags = allowedTags
            self.allowedARNs = allowedARNs
        }

        init(reading r: ConfigReader) throws(ConfigError) {
            allowedTags = try r.stringMap("allowed_tags")
            allowedARNs = try r.strings("allowed_arns")
        }
    }
}
