import ArgumentParser
import Foundation

/// `portico`: AWS credentials and console sign-ins from a Portico gateway, on the command line.
/// Weep's commands and flags, so habits carry over.
@main
struct PorticoCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "portico",
        abstract: "AWS credentials and console sign-ins from your Portico gateway.",
        discussion: """
            Sign in once with `portico login`; other commands log in by themselves when the session \
            is missing or expired and a terminal or browser is there to approve it.

            Exit codes: 0 success, 1 other failure, 2 bad usage or input, 3 not signed in, \
            4 refused by the gateway (900 no matching role, 901 several roles match, 904 malformed), \
            5 gateway unreachable or not answering its API, 6 bad configuration, 7 a local file \
            could not be read or written.

            Shell completions: `portico --generate-completion-script bash|zsh|fish`.
            """,
        version: version,
        subcommands: [
            Login.self, Logout.self, Whoami.self, List.self, Search.self, CredentialProcess.self, Export.self,
            CredentialsFile.self, Serve.self, Console.self, OpenResource.self, SelfServiceRequest.self,
        ])
}

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "The configuration file (default ~/.config/portico/config.yaml, else ~/.weep/weep.yaml).")
    var config: String?

    @Option(help: "The gateway's URL (overrides `url` in the configuration and PORTICO_URL).")
    var url: String?

    @Option(name: [.short, .long], help: "The AWS region (default: `region` in the configuration, then AWS_REGION).")
    var region: String?

    @Flag(name: [.customShort("n"), .customLong("no-ip")], help: "Ask for credentials without the IP restriction (if you are allowed).")
    var noIP = false

    @Flag(help: "Log each gateway call (method, path, status; never a token) to standard error.")
    var debug = false
}

/// A command body that fails with a `CLIError`: prints it as a sentence and exits with its code.
protocol PorticoSubcommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    func run(_ context: CLIContext) async throws(CLIError)
}

extension PorticoSubcommand {
    func run() async throws {
        do throws(CLIError) {
            let context = try CLIContext(options: global)
            do throws(CLIError) {
                try await run(context)
            } catch {
                await context.close()
                throw error
            }
            await context.close()
        } catch {
            Terminal.note("portico: \(error.description)")
            throw ExitCode(error.exitCode)
        }
    }
}
