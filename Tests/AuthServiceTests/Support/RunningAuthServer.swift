import AuthService
import Logging
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Proto

/// `AuthServer` — what `portico-server auth` runs — serving on a free loopback port against the
/// test's own Google stand-in and redis-server, with an RPC client that calls it as a Portico
/// service (`rpc.secret`) and one that calls it as a named client.
struct RunningAuthServer {
    static let rpcSecret = "auth-tests-shared-rpc-secret-0123456789"
    static let clientName = "billing-svc"
    static let clientSecret = "auth-tests-billing-client-secret-0123456789"

    let google: GoogleStandIn
    let port: Int
    /// Calls as the gateway (shared secret).
    let gateway: RPCClient
    /// Calls as the named client `billing-svc`.
    let namedClient: RPCClient

    /// The configuration the server runs with: Google at `google`, Redis at `redis`, listening
    /// on a free port.
    static func configuration(google: GoogleStandIn, redis: RedisServer, keyFile: String) -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.listen.auth = HostPort(host: "127.0.0.1", port: 0)
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.rpc.secret = Secret(rpcSecret)
        configuration.rpc.clients = [clientName: .init(secret: Secret(clientSecret), roles: [])]
        configuration.groups.canAdmin = ["portico-admins@example.com"]
        configuration.groups.groupsToAddForAllUsers = ["all-staff"]
        configuration.environment = .dev // the Google stand-in is plain http on loopback
        configuration.google.enabled = true
        configuration.google.serviceKeyFile = keyFile
        configuration.google.credentialSubject = TestServiceAccount.subject
        configuration.google.tokenURL = google.tokenURL
        configuration.google.directoryURL = google.directoryURL
        return configuration
    }

    /// Starts the stand-in, redis-server and the server; runs `body`; stops everything.
    static func with<T>(memberships: [String: [String]], _ body: (RunningAuthServer) async throws -> T) async throws -> T {
        let google = try await GoogleStandIn.start(memberships: memberships, clock: ManualClock())
        let redis: RedisServer
        do {
            redis = try await RedisServer.start()
        } catch {
            await google.shutdown()
            throw error
        }
        let logs = LogRecorder()
        let configuration = configuration(google: google, redis: redis, keyFile: try TestServiceAccount.writeKeyFile())
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            defer { portContinuation.finish() }
            try await AuthServer(configuration: configuration, logger: logs.logger) { portContinuation.yield($0) }.run()
        }
        func stop() async {
            server.cancel()
            _ = try? await server.value
            _ = try? await runBlocking { redis.stop() }
            await google.shutdown()
        }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else {
            await stop()
            _ = try await server.value
            throw TestServerError.notReady("auth server", seconds: 0)
        }
        let endpoint = HostPort(host: "127.0.0.1", port: port)
        let gateway = try RPCClient(
            configuration: .init(endpoints: [endpoint]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: rpcSecret), logger: logs.logger)
        let namedClient = try RPCClient(
            configuration: .init(endpoints: [endpoint]),
            tokens: try ServiceTokenIssuer(identity: clientName, secret: clientSecret), logger: logs.logger)
        let running = RunningAuthServer(google: google, port: port, gateway: gateway, namedClient: namedClient)
        do {
            let result = try await body(running)
            await gateway.close()
            await namedClient.close()
            await stop()
            return result
        } catch {
            await gateway.close()
            await namedClient.close()
            await stop()
            throw error
        }
    }

    /// The status `client` gets for `request`, or nil when the call succeeds.
    func status(of request: AuthorizeRequest, from client: RPCClient) async -> RPCError? {
        do {
            _ = try await AuthClient(rpc: client).authorize(request)
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return RPCError(.unknown, "\(error)")
        }
    }
}
