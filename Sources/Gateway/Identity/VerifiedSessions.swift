import Synchronization

/// Session tokens this gateway has already verified, with their claims, so a client that sends
/// the same token again (every CLI call, every page of a browser session) costs a lookup instead
/// of a JSON parse of header and payload and a MAC.
///
/// Keyed by the whole token text, signature included: only the very bytes that passed the full
/// check are answered from here, and the caller still checks `exp` on every use. At most
/// `capacity` tokens are held: when full, expired ones go first, and if none has expired the
/// table is emptied (the next requests verify in full again).
final class VerifiedSessions: Sendable {
    let capacity: Int
    private let table = Mutex<[String: SessionClaims]>([:])

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func claims(for token: String) -> SessionClaims? {
        table.withLock { $0[token] }
    }

    /// Keeps `claims` for `token`, which just passed the full verification at `now` (seconds).
    func remember(_ token: String, claims: SessionClaims, now: Int64) {
        table.withLock { table in
            if table.count >= capacity, table[token] == nil {
                table = table.filter { $0.value.expiresAt > now }
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            }
            table[token] = claims
        }
    }

    var count: Int { table.withLock { $0.count } }
}
