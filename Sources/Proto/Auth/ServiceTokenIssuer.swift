import Synchronization

/// Signs the service tokens a client puts in its calls, as one identity holding one secret
/// (the shared `rpc.secret` for Portico's services, or a named client's own secret). A token
/// names one method; each is reused until half its lifetime has passed, so signing stays off
/// the per-call path.
public final class ServiceTokenIssuer: Sendable, CustomStringConvertible, CustomReflectable {
    /// The identity every token names.
    public let identity: String
    /// How long a token is valid after it is issued.
    public let lifetime: Duration
    private let secret: [UInt8]
    private let clock: ServiceTokenClock
    private let cache = Mutex<[String: (token: ServiceToken, renewAt: Int64)]>([:])

    /// - Throws: `ServiceTokenConfigurationError` for an empty identity or secret, or a
    ///   lifetime under one second.
    public init(identity: String, secret: String, lifetime: Duration = .seconds(300), clock: ServiceTokenClock = .system) throws {
        guard !identity.isEmpty else { throw ServiceTokenConfigurationError.emptyIdentity }
        guard !secret.isEmpty else { throw ServiceTokenConfigurationError.emptySecret(identity) }
        guard lifetime >= .seconds(1) else { throw ServiceTokenConfigurationError.lifetimeTooShort }
        self.identity = identity
        self.secret = Array(secret.utf8)
        self.lifetime = lifetime
        self.clock = clock
    }

    /// A valid token for calling `method`.
    public func token(for method: String) -> ServiceToken {
        let now = clock.now()
        if let cached = cache.withLock({ $0[method] }), now < cached.renewAt {
            return cached.token
        }
        let seconds = lifetime.components.seconds
        let claims = ServiceTokenClaims(identity: identity, method: method, issuedAt: now, expiresAt: now + seconds)
        let token = claims.signed(with: secret)
        cache.withLock { $0[method] = (token, now + seconds / 2) }
        return token
    }

    public var description: String { "ServiceTokenIssuer(identity: \(identity))" }
    public var customMirror: Mirror { Mirror(self, children: ["identity": identity]) }
}

/// A service-token issuer or verifier configured in a way that cannot be safe.
public enum ServiceTokenConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyIdentity
    case emptySecret(String)
    case lifetimeTooShort

    public var description: String {
        switch self {
        case .emptyIdentity: "a service token identity must not be empty"
        case .emptySecret(let name): "the RPC secret for \(name) is empty"
        case .lifetimeTooShort: "a service token lifetime must be at least one second"
        }
    }
}
