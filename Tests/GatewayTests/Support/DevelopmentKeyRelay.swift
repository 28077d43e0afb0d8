import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Synchronization

/// The address a development gateway's configuration gives for its own ALB key endpoint: the
/// dev sign-in fetches its key from `auth.alb.public_key_url`, which must be named before the
/// gateway binds port 0, so it names this loopback relay, which forwards each key request to the
/// gateway once it listens (the key still comes from the gateway's own endpoint).
final class DevelopmentKeyRelay: Sendable {
    private let server: LoopbackHTTPServer
    private let target: Target
    private let http: HTTPClient

    /// Where the relay sends requests: the gateway's port, once known.
    private final class Target: Sendable {
        let port = Mutex<Int?>(nil)
    }

    /// `auth.alb.public_key_url` for the gateway behind the relay.
    var urlTemplate: String { server.baseURL + "/noauth/dev/alb-keys/{kid}" }

    private init(server: LoopbackHTTPServer, target: Target, http: HTTPClient) {
        self.server = server
        self.target = target
        self.http = http
    }

    static func start() async throws -> DevelopmentKeyRelay {
        let target = Target()
        let http = HTTPClient(configuration: .defaults, logger: quietLogger)
        do {
            let server = try await LoopbackHTTPServer.start { request in
                guard let port = target.port.withLock({ $0 }) else { return .text("the gateway is not listening yet", status: 503) }
                guard let answer = try? await http.execute(HTTPClient.Request(url: "http://127.0.0.1:\(port)\(request.path)")) else {
                    return .text("the gateway did not answer", status: 502)
                }
                return LoopbackHTTPServer.Response(
                    status: answer.status, headers: answer.headers["Content-Type"].map { [("Content-Type", $0)] } ?? [],
                    body: answer.body)
            }
            return DevelopmentKeyRelay(server: server, target: target, http: http)
        } catch {
            await http.shutdown()
            throw error
        }
    }

    /// Sends every request from now on to the gateway on `port`.
    func forward(to port: Int) {
        target.port.withLock { $0 = port }
    }

    func stop() async {
        await server.shutdown()
        await http.shutdown()
    }
}

extension RunningGateway {
    /// Runs `body` against a fresh development gateway on a port the kernel picks, its ALB key
    /// URL pointing at a `DevelopmentKeyRelay` to it (`configure` sets the configuration
    /// further); stops both afterwards, even on error.
    static func withDevelopment(
        configure: (inout PorticoConfiguration) -> Void = { _ in }, _ body: (RunningGateway) async throws -> Void
    ) async throws {
        let relay = try await DevelopmentKeyRelay.start()
        var configuration = TestConfiguration.development(port: 0)
        configuration.auth.alb.publicKeyURL = relay.urlTemplate
        configure(&configuration)
        do {
            try await with(configuration) { gateway in
                relay.forward(to: gateway.port)
                try await body(gateway)
            }
        } catch {
            await relay.stop()
            throw error
        }
        await relay.stop()
    }
}
