import PorticoRedis

/// Ended sessions, in Redis so every gateway replica refuses them: one session id signed out
/// (kept until that session would have expired anyway), or every session of a user whose sign-in
/// happened at or before an administrator's revocation (kept for `maxLifetime`, after which every
/// such session is past its maximum lifetime). Every authenticated request is checked with one
/// `MGET`; when Redis cannot answer, the request is refused (`revocationUnavailable`).
struct SessionRevocations: Sendable {
    let redis: RedisClient
    /// `auth.session.max_lifetime_minutes`: how long a user's revocation must be remembered.
    let maxLifetime: Duration

    static func sessionKey(_ sessionID: String) -> RedisArgument {
        RedisArgument("portico:session-revoked:" + sessionID)
    }

    static func userKey(_ user: String) -> RedisArgument {
        RedisArgument("portico:sessions-revoked:" + user.lowercased())
    }

    /// Ends `claims`' session at `now` (seconds) on every replica.
    func revoke(_ claims: SessionClaims, now: Int64) async throws {
        let remaining = max(claims.expiresAt - now, 1)
        try await redis.set(Self.sessionKey(claims.sessionID), "1", expiration: .seconds(remaining))
    }

    /// Ends every session of `user` whose sign-in happened at or before `now` (seconds).
    func revokeAll(of user: String, now: Int64) async throws {
        try await redis.set(Self.userKey(user), RedisArgument(now), expiration: maxLifetime)
    }

    /// Refuses `claims` when its session or every session of its user was ended.
    func check(_ claims: SessionClaims) async throws(AuthenticationFailure) {
        let reply: RedisValue
        do {
            reply = try await redis.send(["MGET", Self.sessionKey(claims.sessionID), Self.userKey(claims.subject)])
        } catch {
            throw .revocationUnavailable
        }
        guard let values = reply.array, values.count == 2 else { throw .revocationUnavailable }
        guard values[0].isNull else { throw .sessionRevoked }
        if !values[1].isNull {
            guard let revokedAt = values[1].int else { throw .revocationUnavailable }
            guard claims.signedInAt > revokedAt else { throw .sessionRevoked }
        }
    }
}
