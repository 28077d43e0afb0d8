import NIOCore
import PorticoCrypto
import Proto
import Synchronization
import Testing

@Suite("Service tokens")
struct AuthServiceTokenTests {
    static let now: Int64 = 1_700_000_000
    static let clock = ServiceTokenClock { now }
    static let method = "portico.credentials.v1.CredentialService/GetCredentials"
    static let requestID = "req-1"
    static let message = ByteBuffer(string: "principal=alice")

    static func verifier(clients: [String: String] = ["billing-svc": "billing-secret"]) throws -> ServiceTokenVerifier {
        try ServiceTokenVerifier(sharedSecret: "shared-secret", clients: clients, clock: clock)
    }

    static func token(identity: String = "gateway", secret: String = "shared-secret", issuedAt: Int64 = now,
                      lifetime: Duration = .seconds(30), method: String = method, requestID: String = requestID,
                      message: ByteBuffer = message) throws -> ServiceToken {
        try ServiceTokenIssuer(identity: identity, secret: secret, lifetime: lifetime, clock: ServiceTokenClock { issuedAt })
            .token(method: method, requestID: requestID, message: message)
    }

    /// A token made by hand from the layout in proto/README.md, as a client in another
    /// language would, so the verifier is checked against the documented format itself.
    static func handMadeToken(issuedAt: Int64, expiresAt: Int64, secret: String = "shared-secret") -> ServiceToken {
        var call: [UInt8] = [0, UInt8(method.utf8.count)] + Array(method.utf8)
        call += [0, UInt8(requestID.utf8.count)] + Array(requestID.utf8) + Array(message.readableBytesView)
        let prefix = "v2.\(Base64URL.encode(Array("gateway".utf8))).\(issuedAt).\(expiresAt).\(Base64URL.encode([UInt8](repeating: 7, count: 16)))"
        let mac = HMACSHA256.authenticationCode(
            for: Array((prefix + "." + Base64URL.encode(SHA256.hash(call))).utf8), key: Array(secret.utf8))
        return ServiceToken(prefix + "." + Base64URL.encode(mac))
    }

    static func verify(_ token: ServiceToken?, with verifier: ServiceTokenVerifier, method: String = method,
                       requestID: String = requestID, message: ByteBuffer = message) throws -> RPCCaller {
        try verifier.verify(token, method: method, requestID: requestID, message: message)
    }

    @Test("a token signed with the shared secret names an internal service")
    func sharedSecretToken() throws {
        let caller = try Self.verify(try Self.token(), with: try Self.verifier())
        #expect(caller == RPCCaller(identity: "gateway", kind: .internalService))
    }

    @Test("a token made by hand from the documented layout verifies")
    func documentedLayout() throws {
        let caller = try Self.verify(Self.handMadeToken(issuedAt: Self.now, expiresAt: Self.now + 60), with: try Self.verifier())
        #expect(caller == RPCCaller(identity: "gateway", kind: .internalService))
    }

    @Test("a named client's token, signed with its own secret, carries its identity")
    func namedClientToken() throws {
        let token = try Self.token(identity: "billing-svc", secret: "billing-secret")
        #expect(try Self.verify(token, with: try Self.verifier()) == RPCCaller(identity: "billing-svc", kind: .namedClient))
    }

    @Test("a token naming a named client but signed with the shared secret is refused")
    func namedClientImpersonation() throws {
        let token = try Self.token(identity: "billing-svc", secret: "shared-secret")
        #expect(throws: RPCError(.unauthenticated, "service token signature is not valid for this call")) {
            try Self.verify(token, with: try Self.verifier())
        }
    }

    @Test("a token signed with another secret is refused")
    func wrongSecret() throws {
        #expect(throws: RPCError(.unauthenticated, "service token signature is not valid for this call")) {
            try Self.verify(try Self.token(secret: "guessed"), with: try Self.verifier())
        }
    }

    @Test("a captured token is refused on a call with another method, request id or message")
    func boundToTheCall() throws {
        let verifier = try Self.verifier()
        let captured = try Self.token()
        let refusal = RPCError(.unauthenticated, "service token signature is not valid for this call")
        #expect(throws: refusal) { try Self.verify(captured, with: verifier, method: "portico.auth.v1.AuthService/GetGroups") }
        #expect(throws: refusal) { try Self.verify(captured, with: verifier, requestID: "req-2") }
        #expect(throws: refusal) { try Self.verify(captured, with: verifier, message: ByteBuffer(string: "principal=mallory")) }
        // Moving bytes between the request id and the message does not help either.
        #expect(throws: refusal) {
            try Self.verify(captured, with: verifier, requestID: "req-", message: ByteBuffer(string: "1principal=alice"))
        }
        // None of those used up the call: the genuine one still passes, once.
        #expect(throws: Never.self) { try Self.verify(captured, with: verifier) }
    }

    @Test("a token is accepted once: the same call sent again is a replay")
    func replay() throws {
        let verifier = try Self.verifier()
        let token = try Self.token()
        _ = try Self.verify(token, with: verifier)
        #expect(throws: RPCError(.unauthenticated, "service token was already used")) { try Self.verify(token, with: verifier) }
        // A copy of the verifier shares the memory (one server, many connections).
        let copy = verifier
        #expect(throws: RPCError(.unauthenticated, "service token was already used")) { try Self.verify(token, with: copy) }
        // Another token for the very same call (a retry) carries a new call id and passes.
        #expect(throws: Never.self) { try Self.verify(try Self.token(), with: verifier) }
    }

    @Test("remembered call ids are forgotten once their tokens would be refused as expired")
    func replayMemoryIsBounded() throws {
        let now = SharedClock(Self.now)
        let verifier = try ServiceTokenVerifier(sharedSecret: "shared-secret", clock: ServiceTokenClock { now.value })
        for _ in 0..<10 { _ = try Self.verify(try Self.token(lifetime: .seconds(30)), with: verifier) }
        #expect(verifier.rememberedCallCount == 10)
        now.value = Self.now + 30 + 30 - 1  // still acceptable: expiresAt + skew > now
        _ = try Self.verify(try Self.token(issuedAt: now.value), with: verifier)
        #expect(verifier.rememberedCallCount == 11)
        now.value = Self.now + 30 + 30  // the first ten would now be refused as expired
        _ = try Self.verify(try Self.token(issuedAt: now.value), with: verifier)
        #expect(verifier.rememberedCallCount == 2)
    }

    @Test("when the replay memory is full, calls are refused rather than let through unchecked")
    func replayMemoryFull() throws {
        let verifier = try ServiceTokenVerifier(sharedSecret: "shared-secret", replayCapacity: 2, clock: Self.clock)
        _ = try Self.verify(try Self.token(), with: verifier)
        _ = try Self.verify(try Self.token(), with: verifier)
        let error = #expect(throws: RPCError.self) { try Self.verify(try Self.token(), with: verifier) }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("an expired token is refused, allowing the configured clock skew")
    func expiry() throws {
        let expired = try Self.token(issuedAt: Self.now - 100, lifetime: .seconds(60))  // expired 40 s ago
        #expect(throws: RPCError(.unauthenticated, "service token has expired")) { try Self.verify(expired, with: try Self.verifier()) }
        let withinSkew = try Self.token(issuedAt: Self.now - 80, lifetime: .seconds(60))  // expired 20 s ago
        #expect(throws: Never.self) { try Self.verify(withinSkew, with: try Self.verifier()) }
    }

    @Test("a token issued in the future or claiming more than 60 seconds is refused")
    func issuedAtAndLifetime() throws {
        #expect(throws: RPCError(.unauthenticated, "service token is not valid yet")) {
            try Self.verify(try Self.token(issuedAt: Self.now + 600), with: try Self.verifier())
        }
        #expect(throws: RPCError(.unauthenticated, "service token lifetime exceeds 60 seconds")) {
            try Self.verify(Self.handMadeToken(issuedAt: Self.now, expiresAt: Self.now + 61), with: try Self.verifier())
        }
        #expect(throws: RPCError(.unauthenticated, "service token lifetime exceeds 60 seconds")) {
            try Self.verify(Self.handMadeToken(issuedAt: Self.now - 10, expiresAt: Self.now + 300), with: try Self.verifier())
        }
    }

    @Test("issuers and verifiers refuse lifetimes over 60 seconds")
    func lifetimeConfiguration() {
        #expect(throws: ServiceTokenConfigurationError.lifetimeTooLong) {
            try ServiceTokenIssuer(identity: "gateway", secret: "s", lifetime: .seconds(61))
        }
        #expect(throws: ServiceTokenConfigurationError.lifetimeTooLong) {
            try ServiceTokenVerifier(sharedSecret: "s", maxLifetime: 300)
        }
    }

    @Test("missing, malformed and tampered tokens are refused")
    func malformedTokens() throws {
        let verifier = try Self.verifier()
        #expect(throws: RPCError(.unauthenticated, "missing service token")) { try Self.verify(nil, with: verifier) }
        let callID = Base64URL.encode([UInt8](repeating: 1, count: 16))
        for text in ["", "v2", "v1.Z2F0ZXdheQ.1.2.\(callID).AAAA", "v2.!!!.1.2.\(callID).AAAA", "v2.Z2F0ZXdheQ.x.2.\(callID).AAAA",
                     "v2.Z2F0ZXdheQ.1.2.AAAA.AAAA", "v2.Z2F0ZXdheQ.1.2.\(callID)", String(repeating: "a", count: 5000)] {
            #expect(throws: RPCError(.unauthenticated, "malformed service token")) {
                try Self.verify(ServiceToken(text), with: verifier)
            }
        }
        // Changing the expiry or the call id invalidates the signature.
        let fields = try Self.token().rawValue.split(separator: ".").map(String.init)
        var laterExpiry = fields
        laterExpiry[3] = String(Self.now + 50)
        var otherCallID = fields
        otherCallID[4] = callID
        for tampered in [laterExpiry, otherCallID] {
            #expect(throws: RPCError(.unauthenticated, "service token signature is not valid for this call")) {
                try Self.verify(ServiceToken(tampered.joined(separator: ".")), with: verifier)
            }
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
            _ = try Self.verify(forged, with: verifier)
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

/// A settable Unix time for a `ServiceTokenClock` in tests.
final class SharedClock: Sendable {
    private let stored: Mutex<Int64>
    init(_ value: Int64) { stored = Mutex(value) }
    var value: Int64 {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
