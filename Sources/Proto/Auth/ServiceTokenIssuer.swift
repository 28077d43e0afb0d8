public import NIOCore

/// Signs the service tokens a client puts in its calls, as one identity holding one secret
/// (the shared `rpc.secret` for Portico's services, or a named client's own secret). Every
/// token is for one attempt of one call: it binds the method, request id and message, carries
/// a fresh call id, and lives at most `ServiceToken.maxLifetimeSeconds`. Signing costs one
/// SHA-256 of the request and one HMAC.
public final class ServiceTokenIssuer: Sendable, CustomStringConvertible, CustomReflectable {
    /// The identity every token names.
    public let identity: String
    /// How long a token is valid after it is issued.
    public let lifetime: Duration
    private let secret: [UInt8]
    private let clock: ServiceTokenClock

    /// - Throws: `ServiceTokenConfigurationError` for an empty identity or secret, or a
    ///   lifetime under one second or over `ServiceToken.maxLifetimeSeconds`.
    public init(identity: String, secret: String, lifetime: Duration = .seconds(30), clock: ServiceTokenClock = .system) throws {
        guard !identity.isEmpty else { throw ServiceTokenConfigurationError.emptyIdentity }
        guard !secret.isEmpty else { throw ServiceTokenConfigurationError.emptySecret(identity) }
        guard lifetime >= .seconds(1) else { throw ServiceTokenConfigurationError.lifetimeTooShort }
        guard lifetime <= .seconds(ServiceToken.maxLifetimeSeconds) else { throw ServiceTokenConfigurationError.lifetimeTooLong }
        self.identity = identity
        self.secret = Array(secret.utf8)
        self.lifetime = lifetime
        self.clock = clock
    }

    /// A token for one attempt of a call of `method` with `requestID` and the request `message`.
    /// Each attempt (a retry too) needs its own: a server accepts a call id once.
    public func token(method: String, requestID: String, message: ByteBuffer) -> ServiceToken {
        token(callDigest: ServiceTokenCallDigest.digest(method: method, requestID: requestID, message: message))
    }

    /// A token for one attempt of the call whose `ServiceTokenCallDigest` is `callDigest`.
    public func token(callDigest: [UInt8]) -> ServiceToken {
        token(callDigest: callDigest, callID: .random())
    }

    /// The token with a given 16-byte call id (the worked example's fixed one); nil for
    /// another length. Only for tests: a real call id must be random.
    @_spi(Testing) public func token(callDigest: [UInt8], callID: [UInt8]) -> ServiceToken? {
        ServiceTokenCallID(bytes: callID).map { token(callDigest: callDigest, callID: $0) }
    }

    private func token(callDigest: [UInt8], callID: ServiceTokenCallID) -> ServiceToken {
        let now = clock.now()
        let claims = ServiceTokenClaims(
            identity: identity, issuedAt: now, expiresAt: now + lifetime.components.seconds, callID: callID)
        return claims.signed(with: secret, callDigest: callDigest)
    }

    public var description: String { "ServiceTokenIssuer(identity: \(identity))" }
    public var customMirror: Mirror { Mirror(self, children: ["identity": identity]) }
}

/// A service-token issuer or verifier configured in a way that cannot be safe.
public enum ServiceTokenConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyIdentity
    case emptySecret(String)
    case lifetimeTooShort
    case lifetimeTooLong

    public var description: String {
        switch self {
        case .emptyIdentity: "a service token identity must not be empty"
        case .emptySecret(let name): "the RPC secret for \(name) is empty"
        case .lifetimeTooShort: "a service token lifetime must be at least one second"
        case .lifetimeTooLong: "a service token lifetime must be at most \(ServiceToken.maxLifetimeSeconds) seconds"
        }
    }
}
