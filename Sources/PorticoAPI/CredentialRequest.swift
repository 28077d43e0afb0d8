/// The body of `POST /api/v1/get_credentials`, as Weep and ConsoleMe's other clients send it:
/// `{"requested_role": ARN-or-fragment, "console_only"?: bool, "no_ip_restrictions"?: bool,
/// "metadata"?: object}`. Absent and `null` flags are false; unknown fields are ignored.
public struct CredentialRequest: Codable, Sendable, Hashable {
    /// A role ARN, or a fragment of one or of an account name (matched case-insensitively).
    public var requestedRole: String
    /// Only roles that may open the console (leaves out CLI-only roles).
    public var consoleOnly: Bool?
    /// Asks for credentials without the IP-restricting session policy (honoured only for
    /// members of `aws.no_ip_restrictions_groups`).
    public var noIPRestrictions: Bool?
    /// Weep's description of the client; the gateway accepts it and reads none of it.
    public var metadata: ClientMetadata?

    public init(requestedRole: String, consoleOnly: Bool? = nil, noIPRestrictions: Bool? = nil, metadata: ClientMetadata? = nil) {
        self.requestedRole = requestedRole
        self.consoleOnly = consoleOnly
        self.noIPRestrictions = noIPRestrictions
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case requestedRole = "requested_role"
        case consoleOnly = "console_only"
        case noIPRestrictions = "no_ip_restrictions"
        case metadata
    }
}

/// Weep's `metadata` object (sent with `feature_flags.consoleme_metadata`): who runs it, where,
/// and how. Any JSON object is accepted: a field of an unexpected type reads as absent, unknown
/// fields are dropped.
public struct ClientMetadata: Codable, Sendable, Hashable {
    public var hostname: String?
    public var username: String?
    public var certAgeSeconds: Int?
    public var certFingerprintSHA256: String?
    public var weepVersion: String?
    public var weepMethod: String?

    public init(
        hostname: String? = nil, username: String? = nil, certAgeSeconds: Int? = nil, certFingerprintSHA256: String? = nil,
        weepVersion: String? = nil, weepMethod: String? = nil
    ) {
        self.hostname = hostname
        self.username = username
        self.certAgeSeconds = certAgeSeconds
        self.certFingerprintSHA256 = certFingerprintSHA256
        self.weepVersion = weepVersion
        self.weepMethod = weepMethod
    }

    enum CodingKeys: String, CodingKey {
        case hostname, username
        case certAgeSeconds = "cert_age_seconds"
        case certFingerprintSHA256 = "cert_fingerprint_sha256"
        case weepVersion = "weep_version"
        case weepMethod = "weep_method"
    }

    /// Reads any JSON object; only a value that is not an object is an error.
    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        hostname = try? fields.decodeIfPresent(String.self, forKey: .hostname)
        username = try? fields.decodeIfPresent(String.self, forKey: .username)
        certAgeSeconds = try? fields.decodeIfPresent(Int.self, forKey: .certAgeSeconds)
        certFingerprintSHA256 = try? fields.decodeIfPresent(String.self, forKey: .certFingerprintSHA256)
        weepVersion = try? fields.decodeIfPresent(String.self, forKey: .weepVersion)
        weepMethod = try? fields.decodeIfPresent(String.self, forKey: .weepMethod)
    }
}
