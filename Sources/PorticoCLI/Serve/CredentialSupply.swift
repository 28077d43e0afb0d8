import Foundation

/// `serve`'s credentials: per role, kept in memory and handed out while they have 10 minutes
/// left; a background pass refreshes every held role before then (a failed refresh is logged and
/// the still-valid credentials keep being served). Fetches use the stored session, with
/// `--no-ip` honoured.
actor CredentialSupply {
    private let gateway: GatewayClient
    private let sessions: SessionStore
    private let noIPRestrictions: Bool
    private var held: [String: CachedCredentials] = [:]

    init(gateway: GatewayClient, sessions: SessionStore, noIPRestrictions: Bool) {
        self.gateway = gateway
        self.sessions = sessions
        self.noIPRestrictions = noIPRestrictions
    }

    /// Credentials for `role`, from memory while fresh, else from the gateway.
    func credentials(for role: String) async throws(CLIError) -> CachedCredentials {
        if let current = held[role], current.isFresh() { return current }
        return try await fetch(role)
    }

    private func fetch(_ role: String) async throws(CLIError) -> CachedCredentials {
        guard let session = sessions.load(for: gateway.url), session.isValid() else {
            throw .notSignedIn("the session for \(gateway.url) has expired: run `portico login` (serve keeps running)")
        }
        let issued = try await gateway.credentials(role: role, noIPRestrictions: noIPRestrictions, token: session.token)
        let entry = CachedCredentials(
            url: gateway.url, user: session.user, role: role, noIPRestrictions: noIPRestrictions,
            accessKeyID: issued.accessKeyID, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken,
            expiration: issued.expiration)
        held[role] = entry
        return entry
    }

    /// Refreshes every held role within 10 minutes of expiry; failures are reported, not thrown.
    func refreshStale() async {
        for (role, entry) in held where !entry.isFresh() {
            do throws(CLIError) {
                _ = try await fetch(role)
            } catch {
                Terminal.note("portico serve: refreshing \(role) failed: \(error.description)")
            }
        }
    }
}
