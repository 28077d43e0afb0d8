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

    /// Splits a token into claims, the signing input and the MAC, without checking the MAC.
    /// Nil when the text is not a version-1 token.
    static func parse(_ token: ServiceToken) -> (claims: ServiceTokenClaims, signingInput: Substring, mac: [UInt8])? {
        let text = token.rawValue
        guard text.utf8.count <= ServiceToken.maxLength, let lastDot = text.lastIndex(of: ".") else { return nil }
        let signingInput = text[..<lastDot]
        let fields = signingInput.split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == ServiceToken.versionTag,
              let identityBytes = Base64URL.decode(String(fields[1])),
              let methodBytes = Base64URL.decode(String(fields[2])),
              let identity = String(validating: identityBytes, as: UTF8.self),
              let method = String(validating: methodBytes, as: UTF8.self),
              !identity.isEmpty, !method.isEmpty,
              let issuedAt = Int64(fields[3]), let expiresAt = Int64(fields[4]),
              let mac = Base64URL.decode(String(text[text.index(after: lastDot)...]))
        else { return nil }
        return (ServiceTokenClaims(identity: identity, method: method, issuedAt: issuedAt, expiresAt: expiresAt),
                signingInput, mac)
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
