/// An OAuth access token for the Directory API and when to stop using it. Printing it never
/// shows the token.
struct GoogleAccessToken: Sendable, Hashable, CustomStringConvertible {
    /// The bearer token. Never log it.
    let value: String
    /// When Google says it expires (seconds since the epoch).
    let expiresAt: Int64
    /// When a fresh one is fetched instead: a minute before expiry, or halfway through a
    /// lifetime shorter than two minutes, so a call never starts with a token about to lapse.
    let renewAt: Int64

    init(value: String, issuedAt: Int64, lifetimeSeconds: Int64) {
        self.value = value
        self.expiresAt = issuedAt + lifetimeSeconds
        self.renewAt = issuedAt + lifetimeSeconds - min(60, lifetimeSeconds / 2)
    }

    func isFresh(at now: Int64) -> Bool { now < renewAt }

    var description: String { "GoogleAccessToken(<redacted>, expires \(expiresAt))" }
}
