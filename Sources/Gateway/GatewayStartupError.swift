/// Why the gateway's identity layer refuses to start: configuration it cannot run safely with.
/// Each case names the key at fault; secret values are never included. What the service host
/// builds (RPC clients, `rpc.secret`) is refused with `ServiceStartupError`.
public enum GatewayStartupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `auth.session.secret` is unset, or shorter than 32 bytes outside dev.
    case weakSessionSecret(minimumBytes: Int)
    /// `auth.session.cookie_name` is not a valid cookie name.
    case invalidCookieName(String)
    /// `auth.alb.header` is not a valid header name.
    case invalidHeaderName(String)
    /// The development sign-in's key could not be made.
    case developmentKeyUnavailable(String)
    /// `self_service_iam.permissions_map` is not a permissions map; the path at fault and why.
    case invalidPermissionsMap(String)

    public var description: String {
        switch self {
        case .weakSessionSecret(let minimum):
            "config key 'auth.session.secret' must be set (at least \(minimum) bytes outside dev) to sign sessions"
        case .invalidCookieName(let name): "config key 'auth.session.cookie_name': '\(name)' is not a valid cookie name"
        case .invalidHeaderName(let name): "config key 'auth.alb.header': '\(name)' is not a valid header name"
        case .developmentKeyUnavailable(let reason): "cannot make the development sign-in key: \(reason)"
        case .invalidPermissionsMap(let problem): "config key 'self_service_iam.permissions_map': \(problem)"
        }
    }
}
