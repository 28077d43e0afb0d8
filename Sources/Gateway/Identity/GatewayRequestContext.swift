public import Hummingbird
import PorticoConfig
public import PorticoCore

/// The per-request state of the gateway: Hummingbird's core context plus where the request came
/// from and, on authenticated routes, who made it.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer's address (the ALB or the last proxy when behind one).
    public let socketPeer: String?
    /// The client's address from `ClientAddress.resolve` (trusted X-Forwarded-For hops); set for
    /// every request by `ClientAddressMiddleware`, nil when it cannot be determined.
    public var clientAddress: IPAddress?
    /// The authenticated caller; set by `AuthenticationMiddleware` on authenticated routes.
    public var identity: Identity?
    /// The caller's merged groups and rights, or why AuthService could not say; set by
    /// `AuthorizationMiddleware` on the routes that need them (read with `requireAuthorization()`).
    var authorization: Result<CallerAuthorization, APIError>?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        socketPeer = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, or a 401 when the route was reached without authentication (a wiring error).
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.unauthorized(AuthenticationFailure.missingCredentials.description) }
        return identity
    }
}
