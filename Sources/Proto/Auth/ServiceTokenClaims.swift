import PorticoCrypto

/// The signed content of a service token, with its encoding and signature (see `ServiceToken`).
struct ServiceTokenClaims: Hashable {
    var identity: String
    var method: String
    var issuedAt: Int64
    var expiresAt: Int64

    /// The text the MAC covers: `v1.<identity>.<method>.<issuedAt>.<expiresAt>`.
    var signingInput: String {
        [ServiceToken.versionTag, Base64URL.encode(Array(identity.utf8)), Base64URL.encode(Array(method.utf8)),
         String(issuedAt), String(expiresAt)].joined(separator: ".")
    }

    /// The token for these claims, signed with `secret`.
    func signed(with secret: [UInt8]) -> ServiceToken {
        let input = signingInput
        let mac = HMACSHA256.authenticationCode(for: Array(input.utf8), key: secret)
        return ServiceToken(input + "." + Base64URL.encode(mac))
    }

    /// Splits a token at its last `.` into the signed text and the MAC's base64url text.
    /// Nil when the token is too long or has no `.`.
    static func split(_ token: ServiceToken) -> (signingInput: Substring, mac: Substring)? {
        let text = token.rawValue
        guard text.utf8.count <= ServiceToken.maxLength,
              let lastDot = text.utf8.lastIndex(of: UInt8(ascii: "."))
        else { return nil }
        return (text[..<lastDot], text[text.utf8.index(after: lastDot)...])
    }

    /// The claims of a signing input `v1.<identity>.<method>.<issuedAt>.<expiresAt>`, or nil
    /// when it is not one.
    static func parse(signingInput: Substring) -> ServiceTokenClaims? {
        let fields = signingInput.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].elementsEqual(ServiceToken.versionTag.utf8),
              let identityBytes = Base64URL.decode(String(decoding: fields[1], as: UTF8.self)),
              let methodBytes = Base64URL.decode(String(decoding: fields[2], as: UTF8.self)),
              let identity = String(validating: identityBytes, as: UTF8.self),
              let method = String(validating: methodBytes, as: UTF8.self),
              !identity.isEmpty, !method.isEmpty,
              let issuedAt = Int64(String(decoding: fields[3], as: UTF8.self)),
              let expiresAt = Int64(String(decoding: fields[4], as: UTF8.self))
        else { return nil }
        return ServiceTokenClaims(identity: identity, method: method, issuedAt: issuedAt, expiresAt: expiresAt)
    }
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
