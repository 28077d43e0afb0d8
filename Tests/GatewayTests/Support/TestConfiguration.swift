import Gateway
import PorticoConfig
import PorticoCore

/// Configurations for gateway tests: loopback, port 0, a 32-byte session secret, Redis, the
/// credential service and the cache on a port nobody listens on unless a test starts them
/// (`RunningGateway` starts an AuthServer itself).
enum TestConfiguration {
    static let signer = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/portico-test/50dc6c495c0c9188"
    static let sessionSecret = Secret("test-session-secret-0123456789abcdef")
    static let rpcSecret = Secret("gateway-tests-rpc-secret-0123456789abcdef")
    /// Where nothing listens (the discard port): a backend that is down.
    static let nowhere = HostPort(host: "127.0.0.1", port: 9)

    /// Points the gateway's RPC clients at nothing but AuthService (started by `RunningGateway`).
    private static func withoutBackends(_ configuration: inout PorticoConfiguration) {
        configuration.rpc.secret = rpcSecret
        configuration.services.credentials = [nowhere]
        configuration.services.cache = [nowhere]
        configuration.services.requests = [nowhere]
    }

    /// A production gateway that trusts `signer` and fetches keys from `keyServerURL`.
    static func production(keyServerURL: String = "http://127.0.0.1:9/{kid}", redisPort: Int = 9) -> PorticoConfiguration {
        var configuration = PorticoConfiguration.defaults
        configuration.environment = .prod
        configuration.url = "https://portico.example.com"
        configuration.listen.gateway = HostPort(host: "127.0.0.1", port: 0)
        configuration.redis.port = redisPort
        configuration.auth.alb.publicKeyURL = keyServerURL
        configuration.auth.alb.region = "eu-west-1"
        configuration.auth.alb.signerARNs = [signer]
        configuration.auth.session.secret = sessionSecret
        withoutBackends(&configuration)
        return configuration
    }

    /// A development gateway on `port` whose ALB key URL is its own development key endpoint.
    /// With port 0 that URL names no port yet: a test that signs in through it runs the gateway
    /// with `RunningGateway.withDevelopment`, which points the URL at a relay to the gateway.
    static func development(port: Int, redisPort: Int = 9) -> PorticoConfiguration {
        var configuration = PorticoConfiguration.defaults
        configuration.environment = .dev
        configuration.url = "http://127.0.0.1:\(port)"
        configuration.listen.gateway = HostPort(host: "127.0.0.1", port: port)
        configuration.redis.port = redisPort
        configuration.auth.alb.publicKeyURL = "http://127.0.0.1:\(port)/noauth/dev/alb-keys/{kid}"
        configuration.auth.session.secret = Secret("portico-development-only-session-secret")
        withoutBackends(&configuration)
        return configuration
    }
}
