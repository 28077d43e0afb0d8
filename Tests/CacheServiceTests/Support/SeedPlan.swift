import PorticoHTTP
import PorticoTestSupport

/// What the cache's tests put into each moto account, and the ARNs it makes.
typealias SeedPlan = SeededMoto.AccountContents

extension SeededMoto.AccountContents {
    /// Three roles carrying the authorization tags, two buckets, queues and topics.
    static let standard = SeedPlan(
        roles: [
            Role(name: "admin", tags: ["consoleme-authorized": "team-admins:Alice@example.com", "env": "prod"]),
            Role(name: "readonly", tags: [
                "consoleme-authorized-cli-only": "team-readers", "consoleme-authorized": "bob@example.com", "env": "dev",
            ]),
            Role(name: "service", tags: ["env": "prod"]),
        ],
        buckets: 2, queues: 2, topics: 2)
}

extension SeededMoto {
    /// moto without signature checking, with an HTTP client of its own: the cache's tests seed
    /// their accounts themselves (`seed(_:accounts:)`).
    static func startUnsigned() async throws -> SeededMoto {
        let logger = TestLogging.logger("portico.tests.moto")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        do {
            return try await start(.unsigned, http: http, logger: logger)
        } catch {
            await http.shutdown()
            throw error
        }
    }

    /// Stops moto and closes the client `startUnsigned` made.
    func stopWithClient() async {
        stop()
        await http.shutdown()
    }
}
