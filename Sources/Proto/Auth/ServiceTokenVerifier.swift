public import NIOCore
import PorticoCrypto

/// Checks the service token of every incoming call: signed with the shared `rpc.secret`, or
/// with a named client's own secret when the token names that client; over this call's method,
/// request id and message (`ServiceTokenCallDigest`); within its validity, which may not exceed
/// `ServiceToken.maxLifetimeSeconds`; and not seen before (its call id is remembered until the
/// token expires). MACs are compared in constant time. Failures are UNAUTHENTICATED and never
/// quote the token.
///
/// Copies share the memory of seen call ids, so one verifier serves all of a server's
/// connections; each server (each replica) has its own.
public struct ServiceTokenVerifier: Sendable, CustomStringConvertible, CustomReflectable {
    private let sharedSecret: [UInt8]
    private let clientSecrets: [String: [UInt8]]
    private let clientsByCertificate: [String: String]
    /// How far the caller's clock may be off, in seconds.
    public let clockSkew: Int64
    /// The longest validity a token may claim, in seconds (bounds the damage of a leaked one).
    public let maxLifetime: Int64
    private let clock: ServiceTokenClock
    private let recentCalls: RecentCallIDs

    /// The most call ids remembered at once; past it, calls are refused RESOURCE_EXHAUSTED
    /// until older tokens expire (about 17,000 calls a second with 30-second tokens).
    public static let defaultReplayCapacity = 1 << 21

    /// - Parameters:
    ///   - sharedSecret: `rpc.secret`, held by every Portico service.
    ///   - clients: named clients' secrets by name (`rpc.clients.<name>.secret`); a token naming
    ///     one of them verifies only with that client's secret.
    ///   - certificateSubjects: named clients by the common name of their TLS client certificate
    ///     (`rpc.clients.<name>.certificate_subject`); a call on a connection whose verified
    ///     client certificate has that CN is that client's, with or without a token.
    ///   - maxLifetime: at most `ServiceToken.maxLifetimeSeconds`.
    /// - Throws: `ServiceTokenConfigurationError` for an empty secret or a lifetime out of range.
    public init(
        sharedSecret: String, clients: [String: String] = [:], certificateSubjects: [String: String] = [:], clockSkew: Int64 = 30,
        maxLifetime: Int64 = ServiceToken.maxLifetimeSeconds, replayCapacity: Int = defaultReplayCapacity,
        clock: ServiceTokenClock = .system
    ) throws {
        guard !sharedSecret.isEmpty else { throw ServiceTokenConfigurationError.emptySecret("rpc.secret") }
        for (name, secret) in clients where secret.isEmpty {
            throw ServiceTokenConfigurationError.emptySecret("rpc.clients.\(name)")
        }
        guard maxLifetime >= 1 else { throw ServiceTokenConfigurationError.lifetimeTooShort }
        guard maxLifetime <= ServiceToken.maxLifetimeSeconds else { throw ServiceTokenConfigurationError.lifetimeTooLong }
        self.sharedSecret = Array(sharedSecret.utf8)
        self.clientSecrets = clients.mapValues { Array($0.utf8) }
        self.clientsByCertificate = Dictionary(certificateSubjects.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        self.clockSkew = max(clockSkew, 0)
        self.maxLifetime = maxLifetime
        self.clock = clock
        self.recentCalls = RecentCallIDs(capacity: max(replayCapacity, 1))
    }

    /// The caller `token` authenticates for a call of `method` with `requestID` and `message`,
    /// made on a connection whose verified TLS client certificate has the common name
    /// `peerCommonName` (nil: none). A certificate of a named client identifies it by itself;
    /// a token on such a call must then name that same client.
    /// - Throws: `RPCError` `.unauthenticated` saying what was wrong (never the token itself);
    ///   `.resourceExhausted` when too many recent calls are remembered to check for a replay.
    public func verify(
        _ token: ServiceToken?, method: String, requestID: String, message: ByteBuffer, peerCommonName: String? = nil
    ) throws(RPCError) -> RPCCaller {
        let certified = peerCommonName.flatMap { clientsByCertificate[$0] }
        if let certified, token == nil {
            return RPCCaller(identity: certified, kind: .namedClient)
        }
        let caller = try verifyToken(token, method: method, requestID: requestID, message: message)
        if let certified, caller.identity != certified {
            throw Self.refusal("service token names another identity than the client certificate")
        }
        return caller
    }

    private func verifyToken(_ token: ServiceToken?, method: String, requestID: String, message: ByteBuffer) throws(RPCError) -> RPCCaller {
        guard let token else { throw Self.refusal("missing service token") }
        guard let (prefix, macText) = ServiceTokenClaims.split(token),
              let mac = Base64URL.decode(String(macText)),
              let claims = ServiceTokenClaims.parse(prefix: prefix)
        else { throw Self.refusal("malformed service token") }
        let clientSecret = clientSecrets[claims.identity]
        let digest = ServiceTokenCallDigest.digest(method: method, requestID: requestID, message: message)
        let expected = ServiceTokenClaims.mac(prefix: prefix, callDigest: digest, secret: clientSecret ?? sharedSecret)
        guard ConstantTime.equals(expected, mac) else {
            throw Self.refusal("service token signature is not valid for this call")
        }
        let now = clock.now()
        guard claims.expiresAt + clockSkew > now else { throw Self.refusal("service token has expired") }
        guard claims.issuedAt - clockSkew <= now else { throw Self.refusal("service token is not valid yet") }
        guard claims.expiresAt - claims.issuedAt <= maxLifetime else {
            throw Self.refusal("service token lifetime exceeds \(maxLifetime) seconds")
        }
        switch recentCalls.record(claims.callID, forgetAt: claims.expiresAt + clockSkew, now: now) {
        case .accepted:
            return RPCCaller(identity: claims.identity, kind: clientSecret == nil ? .internalService : .namedClient)
        case .replayed:
            throw Self.refusal("service token was already used")
        case .full:
            throw RPCError(.resourceExhausted, "too many recent calls to check for replays; try again shortly")
        }
    }

    /// How many call ids are remembered now (for tests and diagnostics).
    public var rememberedCallCount: Int { recentCalls.count }

    private static func refusal(_ message: String) -> RPCError {
        RPCError(.unauthenticated, message)
    }

    public var description: String { "ServiceTokenVerifier(clients: \(clientSecrets.keys.sorted()))" }
    public var customMirror: Mirror { Mirror(self, children: ["clients": clientSecrets.keys.sorted()]) }
}
