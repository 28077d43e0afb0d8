/// Why the gateway refuses to start: configuration it cannot run safely with. Each case names
/// the key at fault; secret values are never included.
public enum GatewayStartupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `auth.session.secret` is unset, or shorter than 32 bytes outside dev.
    case weakSessionSecret(minimumBytes: Int)
    /// `auth.session.cookie_name` is not a valid cookie name.
    case invalidCookieName(String)
    /// `auth.alb.header` is not a valid header name.
    case invalidHeaderName(String)
    /// The development sign-in's key could not be made.
    case developmentKeyUnavailable(String)
    /// `rpc.secret` is unset: the gateway cannot sign its calls to the other services.
    case missingRPCSecret
    /// `rpc.clients` has an entry named like the gateway's own service identity.
    case rpcIdentityTaken(String)
    /// An RPC client of a backend could not be made.
    case backendUnusable(String)

    public var description: String {
        switch self {
        case .weakSessionSecret(let minimum):
            "config key 'auth.session.secret' must be set (at least \(minimum) bytes outside dev) to sign sessions"
        case .invalidCookieName(let name): "config key 'auth.session.cookie_name': '\(name)' is not a valid cookie name"
        case .invalidHeaderName(let name): "config key 'auth.alb.header': '\(name)' is not a valid header name"
        case .developmentKeyUnavailable(let reason): "cannot make the development sign-in key: \(reason)"
        case .missingRPCSecret: "config key 'rpc.secret' must be set: the gateway signs its calls to the other services with it"
        case .rpcIdentityTaken(let name):
            "config key 'rpc.clients.\(name)': '\(name)' is the gateway's own service identity; name the client otherwise"
        case .backendUnusable(let reason): "cannot make the gateway's RPC clients: \(reason)"
        }
    }
}
