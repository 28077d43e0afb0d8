import Foundation

/// Everything a command runs with: the configuration, the paths, the gateway client (created on
/// first use, so a warm `credential_process` never starts libcurl) and the session, logging in
/// when it is missing or expired and a person is there to approve.
final class CLIContext {
    let options: GlobalOptions
    let paths: CLIPaths
    let configuration: CLIConfiguration
    let url: String
    private var client: GatewayClient?

    init(options: GlobalOptions) throws(CLIError) {
        self.options = options
        paths = CLIPaths()
        configuration = try CLIConfiguration.load(explicitPath: options.config, paths: paths)
        if let explicit = options.url {
            url = try CLIConfiguration.validURL(explicit, key: "--url")
        } else if let configured = configuration.url {
            url = configured
        } else {
            throw .configuration(
                "no gateway URL: set `url` in \(paths.configFile), or PORTICO_URL, or pass --url (Weep's consoleme_url is read from ~/.weep/weep.yaml)")
        }
    }

    var sessions: SessionStore { SessionStore(path: paths.sessionFile) }
    var region: String? { options.region ?? configuration.region ?? paths.environment["AWS_REGION"] }

    var gateway: GatewayClient {
        if let client { return client }
        let created = GatewayClient(url: url, debug: options.debug)
        client = created
        return created
    }

    func close() async {
        await client?.shutdown()
    }

    /// The stored session when it is still valid, without logging in.
    var validSession: StoredSession? {
        guard let session = sessions.load(for: url), session.isValid() else { return nil }
        return session
    }

    /// A valid session: the stored one, or a new login when a person can approve it.
    /// - Throws: `CLIError.notSignedIn` saying why no login could be started here.
    func session() async throws(CLIError) -> StoredSession {
        if let session = validSession { return session }
        let previous = sessions.load(for: url)
        let why = previous == nil ? "you are not signed in to \(url)" : "your session for \(url) has expired"
        guard Terminal.isInteractive || Browser.isAvailable else {
            throw .notSignedIn("\(why), and there is no terminal or browser here to log in: run `portico login`")
        }
        Terminal.note("\(why.prefix(1).uppercased() + why.dropFirst()); logging in.")
        return try await login(user: nil)
    }

    /// Runs the challenge login and stores the session.
    func login(user explicit: String?, openBrowser: Bool = true) async throws(CLIError) -> StoredSession {
        let user = try loginUser(explicit)
        let session = try await ChallengeLogin(gateway: gateway, user: user, openBrowser: openBrowser).run()
        try sessions.save(session)
        return session
    }

    private func loginUser(_ explicit: String?) throws(CLIError) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let user = configuration.user, !user.isEmpty { return user }
        if let user = paths.environment["PORTICO_USER"], !user.isEmpty { return user }
        if let previous = sessions.load(for: url) { return previous.user }
        if Terminal.isInteractive, let typed = Terminal.ask("User (email) to sign in as: ")?.trimmingCharacters(in: .whitespaces),
           !typed.isEmpty
        {
            return typed
        }
        throw .notSignedIn("no user to sign in as: pass --user, or set `user` in \(paths.configFile) or PORTICO_USER")
    }

    /// Runs `body` with the session; when the gateway says the session is no longer accepted
    /// (revoked, signed out), forgets it and, if a login is possible, logs in once and retries.
    func withSession<T>(_ body: (StoredSession) async throws(CLIError) -> T) async throws(CLIError) -> T {
        let session = try await session()
        do {
            return try await body(session)
        } catch .notSignedIn(let message) {
            sessions.forget()
            guard Terminal.isInteractive || Browser.isAvailable else { throw CLIError.notSignedIn(message) }
            return try await body(try await self.session())
        }
    }
}
