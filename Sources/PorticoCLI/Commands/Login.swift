import ArgumentParser
import Foundation

/// `portico login`: the challenge login; the session is stored in ~/.config/portico/session.
struct Login: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign in to the gateway (approve the login in your browser).",
        discussion: "The session is stored in ~/.config/portico/session (0600) until it expires.")

    @OptionGroup var global: GlobalOptions

    @Option(name: [.short, .long], help: "Who to sign in as (default: `user` in the configuration, PORTICO_USER, the last user).")
    var user: String?

    @Flag(name: [.customShort("x"), .customLong("no-open")], help: "Print the approval URL instead of opening a browser.")
    var noOpen = false

    func run(_ context: CLIContext) async throws(CLIError) {
        _ = try await context.login(user: user, openBrowser: !noOpen)
    }
}

/// `portico logout`: forgets the stored session (and the credentials cached with it).
struct Logout: PorticoSubcommand {
    static let configuration = CommandConfiguration(abstract: "Forget the stored session and cached credentials.")

    @OptionGroup var global: GlobalOptions

    func run(_ context: CLIContext) async throws(CLIError) {
        if let session = context.sessions.load(for: context.url), session.isValid() {
            // Best effort: end the session on the gateway too.
            _ = try? await context.gateway.send("POST", "/api/v2/logout", token: session.token)
        }
        context.sessions.forget()
        try? FileManager.default.removeItem(atPath: context.paths.credentialCacheDirectory)
        Terminal.note("Signed out of \(context.url).")
    }
}

/// `portico whoami`: who the stored session is for, and until when.
struct Whoami: PorticoSubcommand {
    static let configuration = CommandConfiguration(abstract: "Show who you are signed in as, and your groups.")

    @OptionGroup var global: GlobalOptions

    func run(_ context: CLIContext) async throws(CLIError) {
        guard let session = context.validSession else {
            throw .notSignedIn("you are not signed in to \(context.url): run `portico login`")
        }
        let profile = try await context.gateway.userProfile(token: session.token)
        let until = CachedCredentials.rfc3339(Date(timeIntervalSince1970: TimeInterval(session.expiration)))
        Terminal.output("""
            User:     \(profile.user)
            Groups:   \(profile.groups.joined(separator: ", "))
            Gateway:  \(context.url)
            Session:  until \(until)

            """)
    }
}
