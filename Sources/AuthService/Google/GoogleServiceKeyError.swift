/// Why the Google service-account key file (`google.service_key_file`) cannot be used. Each case
/// names the file; none quotes its contents.
public enum GoogleServiceKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `google.enabled` is on but `google.service_key_file` is not set.
    case notConfigured
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is larger than a service-account key can be.
    case tooLarge(path: String, limit: Int)
    /// The file is not a service-account key JSON: not JSON, or a field missing or of the wrong type.
    case malformed(path: String, reason: String)
    /// `private_key` is not a usable RSA private key.
    case invalidPrivateKey(path: String, reason: String)

    public var description: String {
        switch self {
        case .notConfigured:
            "config key 'google.service_key_file' must name the service account's JSON key when google.enabled is true"
        case .unreadable(let path, let reason):
            "cannot read the Google service-account key file \(path) (google.service_key_file): \(reason)"
        case .tooLarge(let path, let limit):
            "the Google service-account key file \(path) (google.service_key_file) is larger than \(limit) bytes"
        case .malformed(let path, let reason):
            "the Google service-account key file \(path) (google.service_key_file) is not a service-account key: \(reason)"
        case .invalidPrivateKey(let path, let reason):
            "the private_key in the Google service-account key file \(path) (google.service_key_file) is unusable: \(reason)"
        }
    }
}
