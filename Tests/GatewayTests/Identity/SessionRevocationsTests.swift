import PorticoRedis
import PorticoTestSupport
import Testing

@testable import Gateway

/// Revocations in a real Redis: a signed-out id outlives a reissued copy's `exp`, and an
/// administrator's revocation time never goes back.
@Suite struct SessionRevocationsTests {
    static let hour: Int64 = 3600

    func withRevocations(_ body: (SessionRevocations, RedisClient) async throws -> Void) async throws {
        let server = try await RedisServer.start()
        let redis = RedisClient(
            configuration: RedisConfiguration(host: server.host, port: server.port, db: 0, password: nil), logger: quietLogger)
        do {
            try await body(SessionRevocations(redis: redis, maxLifetime: .seconds(12 * Self.hour)), redis)
        } catch {
            await redis.shutdown()
            try await runBlocking { server.stop() }
            throw error
        }
        await redis.shutdown()
        try await runBlocking { server.stop() }
    }

    func session(signedInAt: Int64, expiresAt: Int64, id: String = "sid-1") -> SessionClaims {
        SessionClaims(
            subject: "alice@example.com", groups: [], issuedAt: signedInAt, expiresAt: expiresAt, sessionID: id,
            audience: .browser, signedInAt: signedInAt)
    }

    @Test func aSignedOutSessionIdIsRememberedUntilTheSessionsMaximumLifetimeEnds() async throws {
        try await withRevocations { revocations, redis in
            let now: Int64 = 1_900_000_000
            // The token used to sign out expires in a minute; a reissued copy could live to the max lifetime.
            try await revocations.revoke(session(signedInAt: now, expiresAt: now + 60), now: now)
            let ttl = try await redis.send(["TTL", SessionRevocations.sessionKey("sid-1")]).int ?? -1
            #expect(ttl > 60 && ttl <= 12 * Self.hour)
            await #expect(throws: AuthenticationFailure.sessionRevoked) {
                try await revocations.check(session(signedInAt: now, expiresAt: now + 6 * Self.hour))
            }
        }
    }

    @Test func anOlderRevocationTimeDoesNotReplaceANewerOne() async throws {
        try await withRevocations { revocations, _ in
            let now: Int64 = 1_900_000_000
            try await revocations.revokeAll(of: "alice@example.com", now: now)
            // A replica whose clock is 10 s behind revokes too.
            try await revocations.revokeAll(of: "alice@example.com", now: now - 10)
            await #expect(throws: AuthenticationFailure.sessionRevoked) {
                try await revocations.check(session(signedInAt: now - 5, expiresAt: now + 60, id: "sid-2"))
            }
            try await revocations.check(session(signedInAt: now + 1, expiresAt: now + 60, id: "sid-3"))
        }
    }
}
