import PorticoCrypto
import Synchronization

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
    private let table = Mutex<[[UInt8]: SessionClaims]>([:])

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func claims(for token: String) -> SessionClaims? {
        let key = SHA256.hash(token)
        return table.withLock { $0[key] }
    }

    /// Keeps `claims` for `token`, which just passed the full verification at `now` (seconds).
    func remember(_ token: String, claims: SessionClaims, now: Int64) {
        let key = SHA256.hash(token)
        table.withLock { table in
            if table.count >= capacity, table[key] == nil {
                table = table.filter { $0.value.expiresAt > now }
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            }
            table[key] = claims
        }
    }

    var count: Int { table.withLock { $0.count } }
}
