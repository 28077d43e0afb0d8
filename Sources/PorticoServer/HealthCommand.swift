import ArgumentParser
import Logging
import PorticoConfig
import PorticoCore
import PorticoService

/// `portico-server health <service>`: the readiness probe compose and Kubernetes run inside a
/// service's container. Asks the process at `--address` (default: the service's `listen`
/// address, wildcards as loopback) — the gateway's `GET /readyz`, any other service's RPC
/// `Health/Check` signed with `rpc.secret` — and exits 0 when it is ready, 1 when not (with a
/// line saying what answered), 78 on configuration it cannot sign with.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask one running service whether it is ready (exit 0) or not (exit 1).")

    @Argument(help: "The service: gateway, auth, credentials, cache or requests.")
    var service: String

    @Option(name: .long, help: "host:port to ask (default: the service's listen address, 0.0.0.0 as 127.0.0.1).")
    var address: String?

    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeout: Int = 3

    @OptionGroup var options: ServerOptions

    func validate() throws {
        guard PorticoServiceName(rawValue: service) != nil else {
            throw ValidationError(
                "unknown service '\(service)': expected one of \(PorticoServiceName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be 1 to 300 seconds") }
        if let address {
            do { _ = try HostPort(parsing: address) } catch { throw ValidationError("--address: \(error)") }
        }
    }

    func run() async throws {
        let loaded = try Launcher(options: options).loadConfiguration()
        guard let name = PorticoServiceName(rawValue: service) else { throw ExitCode(64) }
        let target = try address.map { try HostPort(parsing: $0) }
            ?? HealthProbe.localAddress(of: name, in: loaded.configuration)
        let logger = Logger(label: "portico.health", factory: { _ in SwiftLogNoOpLogHandler() })
        let answer: HealthProbe.Answer
        do {
            answer = try await HealthProbe.check(
                name, at: target, configuration: loaded.configuration, timeout: .seconds(timeout), logger: logger)
        } catch {
            printError("portico-server: \(error)")
            throw Launcher.configurationExitCode
        }
        print(answer.summary)
        if !answer.isReady { throw ExitCode(1) }
    }
}
