/// Why the AuthService refuses to start: configuration it cannot run with. Each case names the
/// key (and file) at fault; never a key's or secret's value.
///
/// In `environment: prod` the Google cases stop the start; in `dev` they are logged as warnings
/// and the service runs without Google Directory. RPC configuration (`rpc.secret`) is checked by
/// the service host (`ServiceStartupError`).
public enum AuthServiceStartupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `google.service_key_file` is unset, unreadable or not a usable service-account key.
    case serviceKey(GoogleServiceKeyError)
    /// `google.credential_subject` is unset: domain-wide delegation needs a Workspace user to act as.
    case missingCredentialSubject
    /// `google.token_url` or `google.directory_url` is not an http(s) URL, or not https in prod.
    case invalidURL(key: String, expected: String)

    public var description: String {
        switch self {
        case .serviceKey(let error): error.description
        case .missingCredentialSubject:
            "config key 'google.credential_subject' must name the Workspace admin the service account acts as when google.enabled is true"
        case .invalidURL(let key, let expected): "config key '\(key)' must be \(expected)"
        }
    }
}
