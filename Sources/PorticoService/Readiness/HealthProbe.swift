public import Logging
public import PorticoConfig
public import PorticoCore
import PorticoHTTP
import Proto

/// What `portico-server health <service>` asks one process: the gateway's `GET /readyz`, or an
/// RPC service's `Health/Check` on its listener, signed for the service's own identity with
/// `rpc.secret` (and over `rpc.tls` when set), as compose's and Kubernetes' probes run it
/// inside the service's container.
public enum HealthProbe {
    /// The probe's outcome: ready or not, and a line saying what answered.
    public struct Answer: Sendable, Equatable {
        public var isReady: Bool
        public var summary: String
    }

    /// The gateway's readiness route (PorticoAPI's `APIPaths.readiness`).
    public static let gatewayReadinessPath = "/readyz"

    /// Where a probe inside the process's own container reaches `service`: its `listen`
    /// address, with a wildcard host (`0.0.0.0`, `::`) replaced by loopback.
    public static func localAddress(of service: PorticoServiceName, in configuration: PorticoConfiguration) -> HostPort {
        var address = service.listenAddress(in: configuration)
        switch address.host {
        case "0.0.0.0", "": address.host = "127.0.0.1"
        case "::", "[::]": address.host = "::1"
        default: break
        }
        return address
    }

    /// Asks `service` at `address` whether it is ready, waiting at most `timeout`.
    /// - Throws: `ServiceStartupError` when `rpc.secret` (or `rpc.tls`) cannot sign the call.
    public static func check(
        _ service: PorticoServiceName, at address: HostPort, configuration: PorticoConfiguration, timeout: Duration,
        logger: Logger
    ) async throws(ServiceStartupError) -> Answer {
        switch service {
        case .gateway: await checkGateway(at: address, timeout: timeout, logger: logger)
        default: try await checkRPC(service, at: address, configuration: configuration, timeout: timeout, logger: logger)
        }
    }

    static func checkRPC(
        _ service: PorticoServiceName, at address: HostPort, configuration: PorticoConfiguration, timeout: Duration,
        logger: Logger
    ) async throws(ServiceStartupError) -> Answer {
        let host = ServiceHost(service, configuration: configuration, logger: logger)
        let tokens = try host.issuer()
        let tls = try host.clientTLSContext()
        let client: RPCClient
        do {
            client = try RPCClient(
                configuration: .init(
                    endpoints: [address], connectTimeout: timeout, retry: .init(maxAttempts: 1), tls: tls),
                tokens: tokens, logger: logger)
        } catch {
            return Answer(isReady: false, summary: "\(service) at \(address): cannot make a client: \(error)")
        }
        client.connect()
        do {
            let answer = try await HealthClient(rpc: client).check(
                HealthCheckRequest(service: ""), options: CallOptions(timeout: timeout))
            await client.close()
            return Answer(isReady: answer.status == .serving, summary: "\(service) at \(address): \(answer.status)")
        } catch {
            await client.close()
            return Answer(isReady: false, summary: "\(service) at \(address): \(error)")
        }
    }

    static func checkGateway(at address: HostPort, timeout: Duration, logger: Logger) async -> Answer {
        let http = HTTPClient(configuration: .init(connectTimeout: timeout, requestTimeout: timeout), logger: logger)
        let url = "http://\(address)\(gatewayReadinessPath)"
        let answer: Answer
        do {
            let response = try await http.execute(HTTPClient.Request(method: "GET", url: url, timeout: timeout))
            answer = Answer(isReady: response.status == 200, summary: "gateway at \(address): \(response.status) \(response.bodyText)")
        } catch {
            answer = Answer(isReady: false, summary: "gateway at \(address): \(error)")
        }
        await http.shutdown()
        return answer
    }
}
