import Proto
import Testing

@Suite("Service tokens")
struct AuthServiceTokenTests {
    static let now: Int64 = 1_700_000_000
    static let clock = ServiceTokenClock { now }
    static let method = "portico.credentials.v1.CredentialService/GetCredentials"

    static func verifier(clients: [String: String] = ["billing-svc": "billing-secret"]) throws -> ServiceTokenVerifier {
        try ServiceTokenVerifier(sharedSecret: "shared-secret", clients: clients, clock: clock)
    }

    static func token(identity: String = "gateway", secret: String = "shared-secret", issuedAt: Int64 = now,
                      lifetime: Duration = .seconds(300), method: String = method) throws -> ServiceToken {
        try ServiceTokenIssuer(identity: identity, secret: secret, lifetime: lifetime, clock: ServiceTokenClock { issuedAt })
            .token(for: method)
    }

    @Test("a token signed with the shared secret names an internal service")
    func sharedSecretToken() throws {
        let caller = try Self.verifier().verify(try Self.token(), method: Self.method)
        #expect(caller == RPCCaller(identity: "gateway", kind: .internalService))
    }

    @Test("a named client's token, signed with its own secret, carries its identity")
    func namedClientToken() throws {
        let token = try Self.token(identity: "billing-svc", secret: "billing-secret")
        let caller = try Self.verifier().verify(token, method: Self.method)
        #expect(caller == RPCCaller(identity: "billing-svc", kind: .namedClient))
    }

    @Test("a token naming a named client but signed with the shared secret is refused")
    func namedClientImpersonation() throws {
        let token = try Self.token(identity: "billing-svc", secret: "shared-secret")
        #expect(throws: RPCError(.unauthenticated, "service token signature is not valid")) {
            try Self.verifier().verify(token, method: Self.method)
        }
    }

    @Test("a token signed with another secret is refused")
    func wrongSecret() throws {
        #expect(throws: RPCError(.unauthenticated, "service token signature is not valid")) {
            try Self.verifier().verify(try Self.token(secret: "guessed"), method: Self.method)
        }
    }

    @Test("a token for another method is refused")
    func otherMethod() throws {
        let token = try Self.token(method: "portico.auth.v1.AuthService/GetGroups")
        #expect(throws: RPCError(.unauthenticated, "service token is for another method")) {
            try Self.verifier().verify(token, method: Self.method)
        }
    }

    @Test("an expired token is refused, allowing the configured clock skew")
    func expiry() throws {
        let expired = try Self.token(issuedAt: Self.now - 400, lifetime: .seconds(300))  // expired 100 s ago
        #expect(throws: RPCError(.unauthenticated, "service token has expired")) {
            try Self.verifier().verify(expired, method: Self.method)
        }
        let withinSkew = try Self.token(issuedAt: Self.now - 320, lifetime: .seconds(300))  // expired 20 s ago
        #expect(throws: Never.self) { try Self.verifier().verify(withinSkew, method: Self.method) }
    }

    @Test("a token issued in the future or claiming a long lifetime is refused")
    func issuedAtAndLifetime() throws {
        #expect(throws: RPCError(.unauthenticated, "service token is not valid yet")) {
            try Self.verifier().verify(try Self.token(issuedAt: Self.now + 600), method: Self.method)
        }
        #expect(throws: RPCError(.unauthenticated, "service token lifetime exceeds 3600 seconds")) {
            try Self.verifier().verify(try Self.token(lifetime: .seconds(7200)), method: Self.method)
        }
    }

    @Test("missing, malformed and tampered tokens are refused")
    func malformedTokens() throws {
        let verifier = try Self.verifier()
        #expect(throws: RPCError(.unauthenticated, "missing service token")) { try verifier.verify(nil, method: Self.method) }
        for text in ["", "v1", "v2.Z2F0ZXdheQ.bQ.1.2.AAAA", "v1.!!!.bQ.1.2.AAAA", "v1.Z2F0ZXdheQ.bQ.x.2.AAAA",
                     String(repeating: "a", count: 5000)] {
            #expect(throws: RPCError(.unauthenticated, "malformed service token")) {
                try verifier.verify(ServiceToken(text), method: Self.method)
            }
        }
        // Changing the expiry invalidates the signature.
        let good = try Self.token().rawValue
        var fields = good.split(separator: ".").map(String.init)
        fields[4] = String(Self.now + 3000)
        #expect(throws: RPCError(.unauthenticated, "service token signature is not valid")) {
            try verifier.verify(ServiceToken(fields.joined(separator: ".")), method: Self.method)
        }
    }

    @Test("a token and secrets never appear in descriptions or errors")
    func secretsStayHidden() throws {
        let token = try Self.token()
        let verifier = try Self.verifier()
        let issuer = try ServiceTokenIssuer(identity: "gateway", secret: "shared-secret")
        for text in ["\(token)", String(reflecting: token), "\(verifier)", String(reflecting: verifier), "\(issuer)"] {
            #expect(!text.contains(token.rawValue))
            #expect(!text.contains("shared-secret"))
            #expect(!text.contains("billing-secret"))
        }
        var dumped = ""
        dump(verifier, to: &dumped)
        dump(token, to: &dumped)
        #expect(!dumped.contains("shared-secret"))
        #expect(!dumped.contains("billing-secret"))
        #expect(!dumped.contains(token.rawValue))
        let forged = try Self.token(secret: "other")
        let refusal = #expect(throws: (any Error).self, "a token signed with another secret is refused") {
            _ = try verifier.verify(forged, method: Self.method)
        }
        #expect(refusal.map { !"\($0)".contains(forged.rawValue.prefix(20)) } == true)
    }

    @Test("issuers refuse empty secrets and identities")
    func configurationErrors() {
        #expect(throws: ServiceTokenConfigurationError.emptySecret("gateway")) {
            try ServiceTokenIssuer(identity: "gateway", secret: "")
        }
        #expect(throws: ServiceTokenConfigurationError.emptyIdentity) { try ServiceTokenIssuer(identity: "", secret: "s") }
        #expect(throws: ServiceTokenConfigurationError.emptySecret("rpc.clients.billing-svc")) {
            try ServiceTokenVerifier(sharedSecret: "s", clients: ["billing-svc": ""])
        }
    }
}
