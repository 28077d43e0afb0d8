import PorticoCrypto
import Synchronization

/// Checks the service token of every incoming call: signed with the shared `rpc.secret`, or
/// with a named client's own secret when the token names that client; for the called method;
/// within its validity. MACs are compared in constant time. Failures are UNAUTHENTICATED and
/// never quote the token.
///
/// Clients reuse a token for minutes, so the verifier remembers, per signed text (identity,
/// method and times: nothing secret), the claims and the MAC it expects; a call then costs one
/// constant-time comparison instead of a parse and an HMAC.
public struct ServiceTokenVerifier: Sendable, CustomStringConvertible, CustomReflectable {
    private let sharedSecret: [UInt8]
    private let clientSecrets: [String: [UInt8]]
    /// How far the caller's clock may be off, in seconds.
    public let clockSkew: Int64
    /// The longest validity a token may claim, in seconds (bounds the damage of a leaked one).
    public let maxLifetime: Int64
    private let clock: ServiceTokenClock
    private let expected = ExpectedMACs()

    /// - Parameters:
    ///   - sharedSecret: `rpc.secret`, held by every Portico service.
    ///   - clients: named clients' secrets by name (`rpc.clients.<name>.secret`); a token naming
    ///     one of them verifies only with that client's secret.
    public init(
        sharedSecret: String, clients: [String: String] = [:], clockSkew: Int64 = 30,
        maxLifetime: Int64 = 3600, clock: ServiceTokenClock = .system
    ) throws {
        guard !sharedSecret.isEmpty else { throw ServiceTokenConfigurationError.emptySecret("rpc.secret") }
        for (name, secret) in clients where secret.isEmpty {
            throw ServiceTokenConfigurationError.emptySecret("rpc.clients.\(name)")
        }
        self.sharedSecret = Array(sharedSecret.utf8)
        self.clientSecrets = clients.mapValues { Array($0.utf8) }
        self.clockSkew = clockSkew
        self.maxLifetime = maxLifetime
        self.clock = clock
    }

    /// The caller `token` authenticates for a call of `method`.
    /// - Throws: `RPCError` `.unauthenticated` saying what was wrong (never the token itself).
    public func verify(_ token: ServiceToken?, method: String) throws(RPCError) -> RPCCaller {
        guard let token else { throw Self.refusal("missing service token") }
        guard let (signingInput, macText) = ServiceTokenClaims.split(token),
              let mac = Base64URL.decode(String(macText))
        else { throw Self.refusal("malformed service token") }
        let key = String(signingInput)
        let entry: ExpectedMACs.Entry
        if let known = expected.entry(for: key) {
            entry = known
        } else {
            guard let claims = ServiceTokenClaims.parse(signingInput: signingInput) else {
                throw Self.refusal("malformed service token")
            }
            let clientSecret = clientSecrets[claims.identity]
            entry = ExpectedMACs.Entry(
                claims: claims, kind: clientSecret == nil ? .internalService : .namedClient,
                mac: HMACSHA256.authenticationCode(for: signingInput.utf8, key: clientSecret ?? sharedSecret))
            expected.store(entry, for: key)
        }
        guard ConstantTime.equals(entry.mac, mac) else {
            throw Self.refusal("service token signature is not valid")
        }
        let claims = entry.claims
        guard claims.method == method else { throw Self.refusal("service token is for another method") }
        let now = clock.now()
        guard claims.expiresAt + clockSkew > now else { throw Self.refusal("service token has expired") }
        guard claims.issuedAt - clockSkew <= now else { throw Self.refusal("service token is not valid yet") }
        guard claims.expiresAt - claims.issuedAt <= maxLifetime else {
            throw Self.refusal("service token lifetime exceeds \(maxLifetime) seconds")
        }
        return RPCCaller(identity: claims.identity, kind: entry.kind)
    }

    private static func refusal(_ message: String) -> RPCError {
        RPCError(.unauthenticated, message)
    }

    public var description: String { "ServiceTokenVerifier(clients: \(clientSecrets.keys.sorted()))" }
    public var customMirror: Mirror { Mirror(self, children: ["clients": clientSecrets.keys.sorted()]) }
}

/// The MACs a verifier expects for recently seen signed texts, with their claims. Bounded: it is
/// emptied when full. It holds only what the verifier would compute anyway for that text; a
/// forged token finds the right MAC here and still fails the constant-time comparison.
final class ExpectedMACs: Sendable {
    struct Entry: Sendable {
        var claims: ServiceTokenClaims
        var kind: RPCCaller.Kind
        var mac: [UInt8]
    }

    static let capacity = 4096
    private let entries = Mutex<[String: Entry]>([:])

    func entry(for signingInput: String) -> Entry? {
        entries.withLock { $0[signingInput] }
    }

    func store(_ entry: Entry, for signingInput: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[signingInput] = entry
        }
    }
}
