public import PorticoConfig

/// Tuning of the gateway's identity layer and backend calls, from the `gateway:` section of the
/// configuration (today's values are its defaults); tests shorten or tighten it.
public struct GatewayLimits: Sendable {
    /// How many CLI login challenges one client address may open per challenge TTL.
    public var maxChallengesPerAddress = 30
    /// How long a failed ALB key fetch is remembered before the key is asked for again.
    public var albKeyFailureRetention: Duration = .seconds(5)
    /// Clock skew tolerated on an ALB token's `exp`.
    public var albExpiryLeeway: Duration = .seconds(30)
    /// How long one call to AuthService, the credential service or the cache may take.
    public var backendCallTimeout: Duration = .seconds(30)

    public init() {}

    /// The limits `gateway:` sets.
    public init(_ gateway: PorticoConfiguration.Gateway) {
        maxChallengesPerAddress = gateway.maxChallengesPerAddress
        albKeyFailureRetention = .seconds(gateway.albKeyFailureRetentionSeconds)
        albExpiryLeeway = .seconds(gateway.albExpiryLeewaySeconds)
        backendCallTimeout = .seconds(gateway.backendCallTimeoutSeconds)
    }

    /// The defaults of `gateway:`.
    public static var defaults: GatewayLimits { GatewayLimits() }
}
