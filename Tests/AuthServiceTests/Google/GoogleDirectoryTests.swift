import AuthService
import Testing

@Suite("Google Directory groups.list through a service-account token")
struct GoogleDirectoryTests {
    private static let memberships = [
        "alice@example.com": (1...5).map { "team-\($0)@example.com" },
        "bob+ops@example.com": ["ops@example.com"],
        "carol@example.com": ["eng@example.com", "design@example.com"],
    ]

    @Test("every page of groups.list is followed, in Google's order")
    func followsEveryPage() async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .none) { fixture in
            let resolved = try await fixture.resolve("alice@example.com")
            #expect(resolved.groups == (1...5).map { "team-\($0)@example.com" })
            #expect(fixture.google.directoryRequests(for: "alice@example.com") == 3)
            #expect(fixture.google.withState { $0.unauthorizedRequests } == 0)
        }
    }

    @Test("the userKey reaches Google intact, '+' included")
    func encodesUserKey() async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .none) { fixture in
            let resolved = try await fixture.resolve("bob+ops@example.com")
            #expect(resolved.groups == ["ops@example.com"])
        }
    }

    @Test("the assertion Google verified carries the account, subject, scope, audience and an hour's lifetime")
    func assertionClaims() async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .none) { fixture in
            _ = try await fixture.resolve("carol@example.com")
            let state = fixture.google.withState { $0 }
            #expect(state.refusedAssertions.isEmpty)
            let claims = try #require(state.acceptedClaims.first)
            #expect(claims.iss == TestServiceAccount.clientEmail)
            #expect(claims.sub == TestServiceAccount.subject)
            #expect(claims.scope == "https://www.googleapis.com/auth/admin.directory.group.readonly")
            #expect(claims.aud == fixture.google.tokenURL)
            #expect(claims.iat == fixture.clock.now)
            #expect(claims.exp - claims.iat == 3600)
        }
    }

    @Test("one access token serves every user until shortly before it expires")
    func tokenReusedUntilExpiry() async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .none, tokenLifetime: 3600) { fixture in
            _ = try await fixture.resolve("alice@example.com")
            _ = try await fixture.resolve("bob+ops@example.com")
            fixture.clock.advance(by: 3500)
            _ = try await fixture.resolve("carol@example.com")
            #expect(fixture.google.tokenRequests == 1)

            // Within the last minute of its life the token is replaced before use.
            fixture.clock.advance(by: 50)
            _ = try await fixture.resolve("carol@example.com")
            #expect(fixture.google.tokenRequests == 2)
            #expect(fixture.google.withState { $0.unauthorizedRequests } == 0)
        }
    }

    @Test("concurrent lookups for many users share a single token exchange")
    func singleExchangeForConcurrentLookups() async throws {
        let users = (1...12).map { "user-\($0)@example.com" }
        let memberships = Dictionary(uniqueKeysWithValues: users.map { ($0, ["group-of-\($0)"]) })
        try await AuthFixture.with(memberships: memberships, redis: .none) { fixture in
            let results = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for user in users {
                    group.addTask { (user, try await fixture.resolve(user).groups) }
                }
                return try await group.reduce(into: [String: [String]]()) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == users.count)
            for user in users { #expect(results[user] == ["group-of-\(user)"]) }
            #expect(fixture.google.tokenRequests == 1)
        }
    }

    @Test("a token Google stops accepting is replaced once and the lookup succeeds")
    func revokedTokenReplaced() async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .none) { fixture in
            _ = try await fixture.resolve("carol@example.com")
            fixture.google.revokeTokens()
            #expect(try await fixture.resolve("alice@example.com").groups.count == 5)
            #expect(fixture.google.tokenRequests == 2)
            #expect(fixture.google.withState { $0.unauthorizedRequests } == 1)
        }
    }
}
