/// Temporary credentials the broker handed out, in the shape ConsoleMe's clients read
/// (`AccessKeyId`, `SecretAccessKey`, `SessionToken`, `Expiration` in epoch seconds), with what
/// they are for.
///
/// Its descriptions (`description`, `debugDescription`, `dump`) show the access key id, role and
/// expiry but never the secret key or the session token.
public struct IssuedCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String
    /// When the credentials stop working, in seconds since 1970.
    public var expiration: Int
    /// The role they act as.
    public var roleARN: String
    /// The STS role session name (the user's email, or the internal client's name).
    public var sessionName: String
    /// The `DurationSeconds` asked of STS.
    public var durationSeconds: Int

    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Int, roleARN: String,
        sessionName: String, durationSeconds: Int
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
    }
}

extension IssuedCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "IssuedCredentials(role: \(roleARN), sessionName: \(sessionName), accessKeyID: \(accessKeyID), "
            + "secretAccessKey: <redacted>, sessionToken: <redacted>, expiration: \(expiration))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": accessKeyID,
            "secretAccessKey": "<redacted>",
            "sessionToken": "<redacted>",
            "expiration": expiration,
            "roleARN": roleARN,
            "sessionName": sessionName,
            "durationSeconds": durationSeconds,
        ], displayStyle: .struct)
    }
}
