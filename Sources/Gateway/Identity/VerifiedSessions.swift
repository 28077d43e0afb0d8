import PorticoCrypto
import PorticoCore

/// Session tokens this gateway has already verified, with their claims, so a client that sends
/// the same token again (every CLI call, every page of a browser session) costs a lookup instead
/// of a JSON parse of header and payload and a MAC.
///
/// Keyed by the SHA-256 of the whole token text, signature included: only the very bytes that
/// passed the full check are answered from here, and the caller still checks `exp` on every use.
/// Keying by the digest means a lookup never compares a presented signature with a remembered
/// one byte by byte (what leaks through timing is about digests, which tell nothing about MACs),
/// and the table holds 32 bytes per token, not the token. At most
/// `capacity` tokens are held: when full, expired ones go first, and if none has expired the
/// table is emptied (the next requests verify in full again).
final class VerifiedSessions: Sendable {
    let capacity: Int
    private let table: ExpiringCache<[UInt8], SessionClaims>

    init(capacity: Int, clock: CacheClock = .continuous) {
        self.capacity = max(capacity, 1)
        // The TTL is unused: each token is kept for the time its own `exp` leaves it.
        table = ExpiringCache(ttl: .seconds(1), capacity: capacity, whenFull: .expiredThenAll, clock: clock)
    }

    func claims(for token: String) -> SessionClaims? {
        table.cachedValue(for: SHA256.hash(token))
    }

    /// Keeps `claims` for `token`, which just passed the full verification at `now` (seconds),
    /// until the token expires.
    func remember(_ token: String, claims: SessionClaims, now: Int64) {
        guard claims.expiresAt > now else { return }
        table.store(claims, for: SHA256.hash(token), lifetime: .seconds(claims.expiresAt - now))
    }

    var count: Int { table.count }
}
