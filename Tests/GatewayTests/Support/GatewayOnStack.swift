import Logging
import PorticoConfig
import PorticoTestSupport
import Testing

/// The suite of every test that runs a gateway against the shared `BackendStack` (nested
/// suites per area), so they share one moto, Redis, cache and credential service.
@Suite(.backendStack) struct GatewayBackendTests {}

/// One test's gateway on the shared stack: its own AuthServer, ALB key server, log and metrics.
struct GatewayOnStack {
    let stack: BackendStack
    let gateway: RunningGateway
    let factory: ALBTokenFactory
    let log: LogRecorder

    /// Runs `body` with a fresh gateway on the stack (configured further by `configure`).
    static func with(
        configure: (inout PorticoConfiguration) -> Void = { _ in }, _ body: (GatewayOnStack) async throws -> Void
    ) async throws {
        let stack = try BackendStack.require()
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = stack.gatewayConfiguration(keyServerURL: keys.urlTemplate)
        configure(&configuration)
        let log = LogRecorder()
        do {
            try await RunningGateway.with(configuration, logger: log.logger) { gateway in
                try await body(GatewayOnStack(stack: stack, gateway: gateway, factory: factory, log: log))
            }
        } catch {
            await keys.stop()
            throw error
        }
        await keys.stop()
    }

    /// Signs `email` in through the ALB with the groups their token claims.
    func signIn(_ email: String, groups: [String]) async throws -> SignedInUser {
        try await SignedInUser.signIn(email, groups: groups, factory: factory, at: gateway)
    }

    /// An engineer (token group `engineering@example.com`).
    func engineer(_ name: String = "alice") async throws -> SignedInUser {
        try await signIn("\(name)@example.com", groups: ["engineering@example.com"])
    }

    /// Someone in finance only.
    func financeUser() async throws -> SignedInUser {
        try await signIn("fiona@example.com", groups: ["finance@example.com"])
    }

    /// Everything the gateway logged, one line per event.
    var logText: String { log.lines.joined(separator: "\n") }
}
