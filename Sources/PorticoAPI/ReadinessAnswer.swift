/// `GET /readyz` (public): the gateway's readiness, for load balancers and Kubernetes readiness
/// probes — `200` with `status` `ready` while Redis and every backend service (auth,
/// credentials, cache, requests) answer their health check and the gateway is not draining,
/// `503` with `not_ready` otherwise. `checks` says `ok` or `failing` per dependency and nothing
/// more (the answer is public; the reasons are in the gateway's log). `/healthcheck` stays the
/// liveness answer ConsoleMe's deployments probe.
public struct ReadinessAnswer: Codable, Sendable, Equatable {
    public static let ready = "ready"
    public static let notReady = "not_ready"
    public static let ok = "ok"
    public static let failing = "failing"

    public var status: String
    /// True once graceful shutdown has begun (the gateway still serves until the drain ends).
    public var draining: Bool
    /// Each dependency's name and `ok` or `failing`.
    public var checks: [String: String]

    public init(status: String, draining: Bool, checks: [String: String]) {
        self.status = status
        self.draining = draining
        self.checks = checks
    }
}
