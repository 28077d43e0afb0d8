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

    /// Ends `claims`' session at `now` (seconds) on every replica. The id is remembered until the
    /// session's maximum lifetime ends, not just until this token's `exp`: a group refresh reissues
    /// the same session id with a later `exp`, and such a copy must stay refused too.
    func revoke(_ claims: SessionClaims, now: Int64) async throws {
        let lastPossibleExpiry = max(claims.expiresAt, claims.signedInAt + maxLifetime.components.seconds)
        let remaining = max(lastPossibleExpiry - now, 1)
        try await redis.set(Self.sessionKey(claims.sessionID), "1", expiration: .seconds(remaining))
    }

    /// Ends every session of `user` whose sign-in happened at or before `now` (seconds). The
    /// stored time only ever rises: a replica whose clock is behind cannot bring back sessions
    /// another administrator ended.
    func revokeAll(of user: String, now: Int64) async throws {
        _ = try await redis.evaluate(
            Self.raiseRevocationTime, keys: [Self.userKey(user)],
            arguments: [RedisArgument(now), RedisArgument(maxLifetime.components.seconds)])
    }

    /// KEYS[1] the user's revocation time; ARGV[1] the new time, ARGV[2] its lifetime in seconds.
    static let raiseRevocationTime = RedisScript(name: "raise-session-revocation-time", source: """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > current then
          redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
        end
        return 1
        """)

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
