import ArgumentParser

/// `portico request`: the self-service policy request from the terminal (issue 13's API).
struct SelfServiceRequest: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Request permissions for a role through the self-service flow (prints the request link).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The role that needs the permissions.")
    var role: String

    @Option(help: "The AWS service, e.g. s3.")
    var service: String

    @Option(help: "The resource ARN.")
    var resource: String

    @Option(help: "Comma-separated actions, e.g. get,list.")
    var actions: String

    @Option(help: "How long the permission should last, e.g. 8h (omitted: permanent).")
    var expires: String?

    @Option(name: [.customShort("j"), .customLong("justification")], help: "Why you need it.")
    var justification: String

    func run(_ context: CLIContext) async throws(CLIError) {
        throw .unreachable("`portico request` needs the gateway's self-service API (POST /api/v2/generate_changes, /api/v2/request), which this gateway does not offer yet")
    }
}
