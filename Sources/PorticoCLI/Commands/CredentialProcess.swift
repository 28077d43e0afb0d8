import ArgumentParser
import Foundation
import PorticoAPI

/// `portico credential_process ROLE`: the AWS CLI's and SDKs' `credential_process` JSON, from the
/// per-role cache while the credentials have 10 minutes left; `--generate` writes one profile per
/// role into ~/.aws/config.
struct CredentialProcess: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "credential_process",
        abstract: "Print credentials for a role as the AWS CLI's credential_process expects.",
        discussion: """
            In ~/.aws/config:  [profile dev]  credential_process = portico credential_process ROLE
            Credentials are cached per role and reused until 10 minutes before they expire, so the \
            AWS CLI calling this on every command costs one gateway call per session, not per command.
            With --generate, one profile per role you may use is written into ~/.aws/config, inside a \
            block portico owns; nothing outside it changes, and ~/.aws/credentials is never touched.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The role: an ARN, account/role, or a fragment the gateway matches.")
    var role: String?

    @Flag(name: [.short, .long], help: "Write a credential_process profile for every role into ~/.aws/config.")
    var generate = false

    @Flag(name: [.short, .long], help: "With --generate: name profiles <account>-<role> instead of the role ARN.")
    var pretty = false

    @Option(name: [.short, .long], help: "With --generate: the file to write (default ~/.aws/config or AWS_CONFIG_FILE).")
    var output: String?

    @Flag(help: "Fetch new credentials even when cached ones are fresh.")
    var refresh = false

    func run(_ context: CLIContext) async throws(CLIError) {
        if generate {
            try await ProfileGeneration(pretty: pretty, output: output.map(context.paths.expanding) ?? context.paths.awsConfigFile)
                .run(context)
            return
        }
        guard let role, !role.isEmpty else {
            throw .usage("credential_process needs a role (an ARN, account/role or fragment), or --generate")
        }
        let resolved = try await RoleChoice.resolve(role, context: context)
        let credentials = try await context.credentials(for: resolved, refresh: refresh)
        Terminal.output(Self.json(credentials))
    }

    /// `{"Version":1,"AccessKeyId",…,"Expiration":"…Z"}`, one object and no line break, as Weep prints it.
    static func json(_ credentials: CachedCredentials) -> String {
        struct Output: Encodable {
            let Version = 1
            let AccessKeyId: String
            let SecretAccessKey: String
            let SessionToken: String
            let Expiration: String
        }
        let output = Output(
            AccessKeyId: credentials.accessKeyID, SecretAccessKey: credentials.secretAccessKey,
            SessionToken: credentials.sessionToken, Expiration: credentials.expirationText)
        let data = (try? APIJSON.encode(output)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// `credential_process --generate`: the marked block of `[profile …]` sections in ~/.aws/config.
struct ProfileGeneration {
    static let begin = "# >>> portico profiles: written by `portico credential_process --generate`; edits inside are replaced"
    static let end = "# <<< portico profiles"

    let pretty: Bool
    let output: String

    func run(_ context: CLIContext) async throws(CLIError) {
        let roles = try await context.withSession { session throws(CLIError) in try await context.gateway.roles(token: session.token) }
        let original = PrivateFile.read(output).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var document = INIDocument(original)
        let outside = Set(Self.sectionsOutsideBlock(document))
        let command = Self.executable
        var block = [Self.begin]
        var skipped: [String] = []
        for role in roles.sorted(by: { $0.arn < $1.arn }) {
            let name = pretty ? Self.prettyName(role) : role.arn
            guard !outside.contains("profile \(name)") else {
                skipped.append(name)
                continue
            }
            block.append("[profile \(name)]")
            block.append("credential_process = \(command) credential_process \(role.arn)")
            if let region = context.region { block.append("region = \(region)") }
            block.append("")
        }
        if block.last == "" { block.removeLast() }
        block.append(Self.end)
        document.replaceMarked(begin: Self.begin, end: Self.end, with: block)
        let updated = document.text
        if updated != original {
            // An existing file keeps its mode; a new one is 0600.
            let mode = (try? FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int).map { mode_t($0) } ?? 0o600
            try PrivateFile.write(Data(updated.utf8), to: output, mode: mode)
        }
        for name in skipped { Terminal.note("kept your own [profile \(name)] (outside portico's block)") }
        Terminal.note("\(roles.count - skipped.count) profiles in \(output)")
    }

    /// `<account>-<role>`, lowercased, spaces and underscores as dashes (Weep's `--pretty`).
    static func prettyName(_ role: RoleListResponse.Role) -> String {
        "\(role.accountFriendlyName)-\(role.roleName)".lowercased()
            .replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "_", with: "-")
    }

    static func sectionsOutsideBlock(_ document: INIDocument) -> [String] {
        let marked = document.markedRange(begin: begin, end: end)
        return document.lines.indices.filter { marked?.contains($0) != true }.compactMap { INIDocument.header(document.lines[$0]) }
    }

    /// How the profiles call portico: by name when the `portico` on PATH is this one, else by path.
    static var executable: String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory) + "/portico").resolvingSymlinksInPath().path
            if candidate == me { return "portico" }
        }
        return me.contains(" ") ? "\"\(me)\"" : me
    }
}
