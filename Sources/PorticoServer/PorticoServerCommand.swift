import ArgumentParser
import PorticoService

/// `portico-server`: runs one Portico service per process (scale each on its own), or `all` of
/// them in one process (each still on its own port, still talking over the wire).
@main
struct PorticoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portico-server",
        abstract: "Run Portico's services.",
        discussion: """
            Configuration: --config FILE, else CONFIG_LOCATION, ./portico.yaml, \
            ~/.config/portico/config.yaml, /etc/portico/config.yaml, else the built-in \
            development example. A file is production unless it says `environment: dev`. Secrets \
            may come from PORTICO_RPC_SECRET and PORTICO_SESSION_SECRET.
            """,
        subcommands: [
            GatewayCommand.self, AuthCommand.self, CredentialsCommand.self, CacheCommand.self,
            RequestsCommand.self, AllCommand.self, CheckConfigCommand.self, AuditCommand.self, HealthCommand.self,
        ])
}

struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gateway", abstract: "The HTTP gateway (REST API and web UI).")
    @OptionGroup var options: ServerOptions
    func run() async throws { try await Launcher(options: options).run(roles: [.gateway]) }
}

struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "auth", abstract: "The identity, groups and rights service.")
    @OptionGroup var options: ServerOptions
    func run() async throws { try await Launcher(options: options).run(roles: [.auth]) }
}

struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credentials", abstract: "The credential brokering service.")
    @OptionGroup var options: ServerOptions
    func run() async throws { try await Launcher(options: options).run(roles: [.credentials]) }
}

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cache", abstract: "The inventory cache service and sweep workers.")
    @OptionGroup var options: ServerOptions
    func run() async throws { try await Launcher(options: options).run(roles: [.cache]) }
}

struct RequestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "requests", abstract: "The policy request service.")
    @OptionGroup var options: ServerOptions
    func run() async throws { try await Launcher(options: options).run(roles: [.requests]) }
}

struct AllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Every service in one process, each on its own port.")
    @OptionGroup var options: ServerOptions
    func run() async throws { try await Launcher(options: options).run(roles: ServiceRole.allCases) }
}

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Load and validate the configuration, print its warnings, and exit.",
        discussion: """
            Runs the checks a start runs: exits 78 naming the key on anything a start in this \
            environment would refuse (for production: missing or short secrets, reserved client \
            names, plain-http URLs), 0 otherwise.
            """)
    @OptionGroup var options: ServerOptions
    func run() async throws {
        let loaded = try Launcher(options: options).loadConfiguration()
        for warning in loaded.warnings { print("warning: \(warning)") }
        // What every RPC listener would refuse to start with (rpc.secret, rpc.clients).
        do {
            _ = try ServiceHost.verifier(loaded.configuration)
        } catch {
            printError("portico-server: \(error)")
            throw Launcher.configurationExitCode
        }
        print("configuration from \(loaded.source) is valid for environment \(loaded.configuration.environment.rawValue)")
    }
}
