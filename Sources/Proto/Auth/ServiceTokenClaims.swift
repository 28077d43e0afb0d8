import PorticoCrypto

/// The signed content of a service token, with its encoding and signature (see `ServiceToken`).
struct ServiceTokenClaims: Hashable {
    var identity: String
    var issuedAt: Int64
    var expiresAt: Int64
    var callID: ServiceTokenCallID

    /// The token text before the MAC: `v2.<identity>.<issuedAt>.<expiresAt>.<callID>`.
    var prefix: String {
        [ServiceToken.versionTag, Base64URL.encode(Array(identity.utf8)), String(issuedAt), String(expiresAt),
         callID.text].joined(separator: ".")
    }

    /// The token for these claims and the call whose digest is `callDigest`, signed with `secret`.
    func signed(with secret: [UInt8], callDigest: [UInt8]) -> ServiceToken {
        let prefix = prefix
        let mac = Self.mac(prefix: Substring(prefix), callDigest: callDigest, secret: secret)
        return ServiceToken(prefix + "." + Base64URL.encode(mac))
    }

    /// HMAC-SHA256, keyed with `secret`, of `<prefix>.<base64url(callDigest)>`.
    static func mac(prefix: Substring, callDigest: [UInt8], secret: [UInt8]) -> [UInt8] {
        var input = Array(prefix.utf8)
        input.append(UInt8(ascii: "."))
        input.append(contentsOf: Base64URL.encode(callDigest).utf8)
        return HMACSHA256.authenticationCode(for: input, key: secret)
    }

    /// Splits a token at its last `.` into the prefix and the MAC's base64url text.
    /// Nil when the token is too long or has no `.`.
    static func split(_ token: ServiceToken) -> (prefix: Substring, mac: Substring)? {
        let text = token.rawValue
        guard text.utf8.count <= ServiceToken.maxLength,
              let lastDot = text.utf8.lastIndex(of: UInt8(ascii: "."))
        else { return nil }
        return (text[..<lastDot], text[text.utf8.index(after: lastDot)...])
    }

    /// The claims of a prefix `v2.<identity>.<issuedAt>.<expiresAt>.<callID>`, or nil when it
    /// is not one.
    static func parse(prefix: Substring) -> ServiceTokenClaims? {
        let fields = prefix.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].elementsEqual(ServiceToken.versionTag.utf8),
              let identityBytes = Base64URL.decode(String(decoding: fields[1], as: UTF8.self)),
              let identity = String(validating: identityBytes, as: UTF8.self), !identity.isEmpty,
              let issuedAt = Int64(String(decoding: fields[2], as: UTF8.self)),
              let expiresAt = Int64(String(decoding: fields[3], as: UTF8.self)),
              let callID = ServiceTokenCallID(text: String(decoding: fields[4], as: UTF8.self))
        else { return nil }
        return ServiceTokenClaims(identity: identity, issuedAt: issuedAt, expiresAt: expiresAt, callID: callID)
    }
}

/// The 16 random bytes that make one call's token unique; a server accepts each once.
struct ServiceTokenCallID: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    static let byteCount = 16

    /// A fresh id from the system's cryptographically secure generator.
    static func random() -> ServiceTokenCallID {
        var generator = SystemRandomNumberGenerator()
        return ServiceTokenCallID(high: generator.next(), low: generator.next())
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// From its base64url text (22 characters); nil for anything else.
    init?(text: String) {
        guard text.utf8.count == 22, let bytes = Base64URL.decode(text) else { return nil }
        self.init(bytes: bytes)
    }

    var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    var text: String { Base64URL.encode(bytes) }
}

/// The wall clock service tokens are dated with, in Unix seconds.
public struct ServiceTokenClock: Sendable {
    /// The current time in Unix seconds.
    public let now: @Sendable () -> Int64

    /// A clock reading `now()`; tests pass one set in the past or future.
    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system's real-time clock.
    public static var system: ServiceTokenClock {
        ServiceTokenClock {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Int64(spec.tv_sec)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
