/// Why a cryptographic operation could not be carried out.
///
/// Every message names what was wrong with the input (its format, type, curve or size) and never
/// contains key material, signatures or secrets, so errors are safe to log and to show.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key could not be read: not PEM, truncated, malformed, or inconsistent.
    case invalidKey(reason: String)
    /// The key is well formed but not one this API works with (wrong algorithm, curve or size).
    case unsupportedKey(reason: String)
    /// OpenSSL refused to produce a signature.
    case signingFailed(reason: String)
    /// The system random generator could not provide bytes.
    case randomFailed
    /// An argument outside the range the operation accepts (such as a negative byte count).
    case invalidArgument(reason: String)

    public var description: String {
        switch self {
        case .invalidKey(let reason): "invalid key: \(reason)"
        case .unsupportedKey(let reason): "unsupported key: \(reason)"
        case .signingFailed(let reason): "signing failed: \(reason)"
        case .randomFailed: "the random generator could not provide bytes"
        case .invalidArgument(let reason): "invalid argument: \(reason)"
        }
    }
}
