public import ArgumentParser
import PorticoTelemetry

/// Options every `portico-server` subcommand takes.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String?

    @Option(name: .long, help: "Log format: text or json (default: the config's logging.format).")
    var logFormat: LoggingBootstrap.Format?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?
}

extension LoggingBootstrap.Format: ExpressibleByArgument {}
