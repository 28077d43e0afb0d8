import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import PorticoAWS

/// One moto server with signature checking on, bootstrapped as a hub account and three spokes,
/// shared by every test of the suite that carries the `.motoHub` trait.
///
/// How moto counts unsigned calls (checked against moto 5.2 with curl, and in
/// `MotoIntegrationTests.signatureCheckingIsOnAfterTheBootstrap`): every call that reaches a
/// service action counts against `INITIAL_NO_AUTH_ACTION_COUNT` while the budget lasts, whether or
/// not it is signed, and none is verified; once the count reaches the budget every call is
/// verified. The readiness probe `/moto-api/data.json` goes to moto's own API and does not count.
/// Moto routes a request to a service by the credential scope of its `Authorization` header, so
/// the "unsigned" bootstrap calls carry a throwaway signature; `x-moto-account-id` picks the
/// account they act in.
///
/// `SignedMotoSeed` spends the budget exactly: hub user + access key + allow-all user policy (3),
/// and per spoke account the spoke role trusting the hub plus an allow-all inline policy (2 × 3).
struct MotoHub: SuiteFixture {
    static let hubAccount = SignedMotoSeed.hubAccount
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
            let (moto, hubKey) = try await SignedMotoSeed.start(
                spokeRoleName: spokeRoleName, spokeAccounts: spokeAccounts, roles: [], http: http, logger: logger)
            return MotoHub(moto: moto, http: http, logger: logger, hubKey: hubKey)
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
