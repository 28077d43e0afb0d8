/// The answer of `POST /api/v1/get_credentials`: `{"Credentials": {"AccessKeyId",
/// "SecretAccessKey", "SessionToken", "Expiration": <epoch seconds>}}` (ConsoleMe's and Weep's
/// spelling). Holds secrets: never log it.
public struct CredentialsResponse: Codable, Sendable, Hashable {
    public var credentials: Credentials

    public init(credentials: Credentials) {
        self.credentials = credentials
    }

    enum CodingKeys: String, CodingKey {
        case credentials = "Credentials"
    }

    /// Temporary AWS credentials for one role session.
    public struct Credentials: Codable, Sendable, Hashable {
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String
        /// When they stop working, in seconds since 1970.
        public var expiration: Int64

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Int64) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
            self.expiration = expiration
        }

        enum CodingKeys: String, CodingKey {
            case accessKeyID = "AccessKeyId"
            case secretAccessKey = "SecretAccessKey"
            case sessionToken = "SessionToken"
            case expiration = "Expiration"
        }
    }
}
