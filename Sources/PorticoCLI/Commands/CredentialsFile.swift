import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `portico file ROLE -p PROFILE`: writes the role's credentials into one profile of
/// ~/.aws/credentials, keeping every other line; `-R` keeps them fresh until stopped.
struct CredentialsFile: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Write a role's credentials into a profile of ~/.aws/credentials.",
        discussion: "Only the named profile's keys change; other profiles, comments and blank lines stay as they are.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The role: an ARN, account/role, or a fragment (omitted: pick one).")
    var role: String?

    @Option(name: [.short, .long], help: "The profile to write.")
    var profile = "default"

    @Option(name: [.short, .long], help: "The credentials file (default ~/.aws/credentials or AWS_SHARED_CREDENTIALS_FILE).")
    var output: String?

    @Flag(name: [.short, .long], help: "Overwrite an existing profile without asking.")
    var force = false

    @Flag(name: [.customShort("R"), .long], help: "Keep refreshing the profile within 10 minutes of expiry until stopped.")
    var refresh = false

    func run(_ context: CLIContext) async throws(CLIError) {
        let path = output.map(context.paths.expanding) ?? context.paths.awsCredentialsFile
        let resolved = try await RoleChoice.resolve(role ?? context.configuration.awsProfiles[profile], context: context)
        let existing = INIDocument(PrivateFile.read(path).map { String(decoding: $0, as: UTF8.self) } ?? "")
        if existing.range(of: profile) != nil, !force, !refresh {
            guard Terminal.isInteractive else {
                throw .usage("profile \(profile) exists in \(path): pass -f to overwrite it")
            }
            let answer = Terminal.ask("Profile \(profile) exists in \(path). Overwrite? [y/N] ")?.lowercased()
            guard answer == "y" || answer == "yes" else { throw .usage("profile \(profile) left as it was") }
        }
        try await write(resolved, to: path, context: context)
        guard refresh else { return }
        while true {
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                return
            }
            let document = INIDocument(PrivateFile.read(path).map { String(decoding: $0, as: UTF8.self) } ?? "")
            let expiration = document.value("expiration", in: profile).flatMap(Double.init) ?? 0
            if expiration - Date().timeIntervalSince1970 < CachedCredentials.refreshMargin {
                do throws(CLIError) {
                    try await write(resolved, to: path, context: context)
                } catch {
                    Terminal.note("portico: refreshing \(profile) failed: \(error.description)")
                }
            }
        }
    }

    private func write(_ role: String, to path: String, context: CLIContext) async throws(CLIError) {
        let credentials = try await context.credentials(for: role)
        // Read again right before writing: another program may have changed the file meanwhile.
        var document = INIDocument(PrivateFile.read(path).map { String(decoding: $0, as: UTF8.self) } ?? "")
        var values = [
            ("aws_access_key_id", credentials.accessKeyID),
            ("aws_secret_access_key", credentials.secretAccessKey),
            ("aws_session_token", credentials.sessionToken),
            // Weep's key: when these expire, in seconds since 1970 (the AWS CLI ignores it).
            ("expiration", String(credentials.expiration)),
        ]
        if let region = context.region, document.value("region", in: profile) == nil { values.append(("region", region)) }
        document.set(values, in: profile)
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).map { mode_t($0) } ?? 0o600
        try PrivateFile.write(Data(document.text.utf8), to: path, mode: mode)
        Terminal.note("Profile \(profile) for role \"\(role)\" updated in \(path) (until \(credentials.expirationText)).")
    }
}
