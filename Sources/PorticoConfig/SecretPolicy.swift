/// The rule for secrets: production refuses to start without real ones and says which is
/// missing; development falls back to fixed, clearly-labelled development secrets (with a
/// warning) so `make run` works with no setup.
enum SecretPolicy {
    static let developmentRPCSecret = Secret("portico-development-only-rpc-secret")
    static let developmentSessionSecret = Secret("portico-development-only-session-secret")
    /// The shortest secret production accepts for `rpc.secret`, `rpc.clients.*.secret` and
    /// `auth.session.secret` (the gateway's own minimum): the size of the HMAC-SHA256 key.
    static let minimumSecretBytes = 32

    static func apply(to configuration: inout PorticoConfiguration, warnings: inout [String]) throws(ConfigError) {
        switch configuration.environment {
        case .prod:
            try require(configuration.rpc.secret, key: "rpc.secret", variable: "PORTICO_RPC_SECRET")
            try requireLength(configuration.rpc.secret, key: "rpc.secret")
            try require(configuration.auth.session.secret, key: "auth.session.secret", variable: "PORTICO_SESSION_SECRET")
            try requireLength(configuration.auth.session.secret, key: "auth.session.secret")
            for name in configuration.rpc.clients.keys.sorted() {
                let key = "rpc.clients.\(name).secret"
                let secret = configuration.rpc.clients[name]?.secret
                try require(secret, key: key, variable: ConfigLoader.clientSecretVariable(name))
                try requireLength(secret, key: key)
            }
        case .dev:
            if configuration.rpc.secret == nil {
                configuration.rpc.secret = developmentRPCSecret
                warnings.append("rpc.secret is not set: using the development secret (refused when environment is prod)")
            }
            if configuration.auth.session.secret == nil {
                configuration.auth.session.secret = developmentSessionSecret
                warnings.append("auth.session.secret is not set: using the development secret (refused when environment is prod)")
            }
        }
    }

    private static func requireLength(_ secret: Secret?, key: String) throws(ConfigError) {
        guard let secret, secret.bytes.count >= minimumSecretBytes else {
            throw .secretTooShort(key: key, minimumBytes: minimumSecretBytes)
        }
    }

    private static func require(_ secret: Secret?, key: String, variable: String) throws(ConfigError) {
        guard let secret, !secret.exposed.isEmpty,
              secret != developmentRPCSecret, secret != developmentSessionSecret else {
            throw .missingSecret(key: key, environmentVariable: variable)
        }
    }
}
