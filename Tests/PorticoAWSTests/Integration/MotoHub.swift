import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import PorticoAWS

/// One moto server with signature checking on (`SeededMoto`), bootstrapped as a hub account and
/// three spokes, shared by every test of the suite that carries the `.motoHub` trait.
struct MotoHub: SuiteFixture {
    static let hubAccount = SeededMoto.hubAccount
    static let spokeAccounts = ["111111111111", "222222222222", "333333333333"]
    static let spokeRoleName = "PorticoSpoke"

    let moto: MotoServer
    let http: HTTPClient
    let logger: Logger
    /// The hub IAM user's access key: every call after the bootstrap is signed with it.
    let hubKey: AWSCredentials

    var configuration: AWSConfiguration {
        AWSConfiguration(region: "us-east-1", endpointURL: moto.endpoint, maxAttempts: 2)
    }

    /// An engine signing with `credentials` (the hub key by default).
    func client(_ credentials: AWSCredentials? = nil, runtime: AWSRuntime = .live) -> AWSClient {
        AWSClient(
            configuration: configuration, credentials: StaticCredentialProvider(credentials ?? hubKey), http: http,
            logger: logger, runtime: runtime)
    }

    /// Spoke sessions assumed with the hub key.
    func spokeSessions() -> SpokeSessions {
        SpokeSessions(hub: client(), roleName: Self.spokeRoleName, sessionName: "portico-tests")
    }

    static func start() async throws -> MotoHub {
        let logger = Logger(label: "portico.aws.tests")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        do {
            let seeded = try await SeededMoto.start(
                SeededMoto.Estate(spokeRoleName: spokeRoleName, spokeAccounts: spokeAccounts), http: http, logger: logger)
            return MotoHub(moto: seeded.server, http: http, logger: logger, hubKey: seeded.hubKey)
        } catch {
            await http.shutdown()
            throw error
        }
    }

    func stop() async {
        await http.shutdown()
        moto.stop()
    }
}

extension Trait where Self == SuiteFixtureTrait<MotoHub> {
    /// A moto server with signature checking, bootstrapped with a hub user and three spoke roles.
    static var motoHub: Self { Self() }
}

/// The suite every signed-moto test lives in (as nested suites, one per area), so they share
/// one moto server.
@Suite(.motoHub) struct MotoIntegrationTests {
    static func hub() throws -> MotoHub {
        try MotoHub.require()
    }

    /// A name no other test uses, so parallel tests never collide in the shared server.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
