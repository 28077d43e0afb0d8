/// The body of every error answer of the gateway: `{"status": 403, "code": "901", "message":
/// "...", "matching roles": [...]}`. `code` is stable (the HTTP status as text, or one of
/// ConsoleMe's codes in `Code`, or a refusal's reason such as `ip_restrictions_required`);
/// `message` is for people. `matching roles` (with the space, as ConsoleMe and Weep spell it)
/// is present only for an ambiguous role request (`901`).
public struct APIErrorBody: Codable, Sendable, Hashable {
    /// ConsoleMe's codes that Weep and scripts act on.
    public enum Code {
        /// No eligible role matches the request (`403`).
        public static let noMatchingRoles = "900"
        /// Several eligible roles match; they are listed in `matchingRoles` (`403`).
        public static let multipleMatchingRoles = "901"
        /// The request is malformed: its body, role, region or redirect (`400`).
        public static let malformedRequest = "904"
    }

    /// The HTTP status, repeated in the body.
    public var status: Int
    public var code: String
    public var message: String
    /// The roles an ambiguous role request matched (`901` only).
    public var matchingRoles: [String]?

    public init(status: Int, code: String, message: String, matchingRoles: [String]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.matchingRoles = matchingRoles
    }

    enum CodingKeys: String, CodingKey {
        case status, code, message
        case matchingRoles = "matching roles"
    }
}
