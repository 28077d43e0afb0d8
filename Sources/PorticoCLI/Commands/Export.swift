import ArgumentParser
import Foundation

/// `portico export ROLE`: shell lines that set the role's credentials (and `AWS_REGION`,
/// `AWS_DEFAULT_REGION` when one is configured), for `eval "$(portico export ROLE)"`.
struct Export: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Print shell commands that export a role's credentials.",
        discussion: "Use: eval \"$(portico export ROLE)\"  (fish: portico export ROLE | source)")

    enum Shell: String, ExpressibleByArgument, CaseIterable { case sh, bash, zsh, fish, csh, tcsh }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The role: an ARN, account/role, or a fragment (omitted: pick one).")
    var role: String?

    @Option(help: "The shell to print for (default: from $SHELL).")
    var shell: Shell?

    func run(_ context: CLIContext) async throws(CLIError) {
        let resolved = try await RoleChoice.resolve(role, context: context)
        let credentials = try await context.credentials(for: resolved)
        var variables = [
            ("AWS_ACCESS_KEY_ID", credentials.accessKeyID),
            ("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey),
            ("AWS_SESSION_TOKEN", credentials.sessionToken),
        ]
        if let region = context.region {
            // AWS_REGION for the SDKs, AWS_DEFAULT_REGION for the AWS CLI v1.
            variables.append(("AWS_REGION", region))
            variables.append(("AWS_DEFAULT_REGION", region))
        }
        let chosen = shell ?? Self.shellFromEnvironment()
        Terminal.output(variables.map { Self.line($0.0, $0.1, shell: chosen) + "\n" }.joined())
    }

    static func shellFromEnvironment() -> Shell {
        let name = (ProcessInfo.processInfo.environment["SHELL"] ?? "").split(separator: "/").last.map(String.init) ?? ""
        if name.contains("fish") { return .fish }
        if name.contains("csh") { return .csh }
        return .sh
    }

    /// One assignment, the value single-quoted so no shell expands anything in it.
    static func line(_ name: String, _ value: String, shell: Shell) -> String {
        switch shell {
        case .sh, .bash, .zsh: "export \(name)='\(value.replacingOccurrences(of: "'", with: "'\\''"))'"
        case .fish: "set -gx \(name) '\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))';"
        case .csh, .tcsh: "setenv \(name) '\(value.replacingOccurrences(of: "'", with: "'\"'\"'"))';"
        }
    }
}
