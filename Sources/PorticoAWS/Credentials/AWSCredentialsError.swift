/// Why no credentials could be had. Descriptions name the source and the reason, never a key,
/// a token or the body of a credentials answer.
public enum AWSCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No source in the chain was configured.
    case noCredentials(tried: [String])
    /// The selected profile exists in neither file.
    case profileNotFound(String)
    /// `source_profile` links lead back to a profile already on the path.
    case profileCycle([String])
    /// A profile is present but unusable (the reason says what is missing or wrong).
    case invalidProfile(profile: String, reason: String)
    /// A configured source failed (endpoint error, malformed answer, unreadable token file…).
    case sourceFailed(source: String, reason: String)
    /// The credentials have expired and could not be refreshed.
    case expired(source: String)

    public var description: String {
        switch self {
        case .noCredentials(let tried):
            "no AWS credentials found (tried: \(tried.joined(separator: ", ")))"
        case .profileNotFound(let name): "AWS profile \"\(name)\" is not in the shared config or credentials file"
        case .profileCycle(let path): "AWS profile source_profile cycle: \(path.joined(separator: " -> "))"
        case .invalidProfile(let profile, let reason): "AWS profile \"\(profile)\" is unusable: \(reason)"
        case .sourceFailed(let source, let reason): "AWS credentials from \(source) failed: \(reason)"
        case .expired(let source): "AWS credentials from \(source) have expired"
        }
    }
}
