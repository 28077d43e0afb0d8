import Foundation
import PorticoConfig
import PorticoCrypto

/// The development sign-in's stand-in for the ALB: a P-256 key made at start that signs
/// ALB-format tokens (ES256, `kid`/`signer`/`exp` in the header, padded base64url like the
/// real ALB) for the configured demo users. The gateway serves the public half at
/// `/noauth/dev/alb-keys/{kid}`, and the development configuration points
/// `auth.alb.public_key_url` there, so these tokens go through the real ALB validation.
/// Only ever made when `environment` is dev.
struct DevALBSigner: Sendable {
    /// How long a development token is valid: long enough to be validated right away.
    static let tokenLifetime: TimeInterval = 120

    private let key: P256PrivateKey
    /// The key id (random per start: a restarted gateway never reuses a cached key).
    let keyID: String
    let signer = PorticoConfiguration.Auth.ALB.developmentSignerARN
    let publicKeyPEM: String

    init() throws {
        key = try P256PrivateKey()
        keyID = "portico-dev-" + (try SecureRandom.token(byteCount: 16))
        publicKeyPEM = key.publicKey.pemRepresentation
    }

    /// A signed ALB-format token naming `user`, its groups under `groupsClaim`.
    func token(for user: PorticoConfiguration.Auth.DevUser, emailClaim: String, groupsClaim: String, now: Date = Date()) throws -> String {
        let expiry = Int64(now.timeIntervalSince1970 + Self.tokenLifetime)
        let header: [String: Field] = [
            "alg": .text("ES256"), "typ": .text("JWT"), "kid": .text(keyID), "signer": .text(signer),
            "iss": .text("portico-dev"), "client": .text("portico-dev"), "exp": .number(expiry),
        ]
        let payload: [String: Field] = [
            "sub": .text(user.email), emailClaim: .text(user.email), groupsClaim: .list(user.groups),
            "exp": .number(expiry), "iss": .text("portico-dev"),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signingInput = Self.paddedBase64URL(try encoder.encode(header)) + "." + Self.paddedBase64URL(try encoder.encode(payload))
        let signature = try key.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Self.paddedBase64URL(Data(signature))
    }

    /// Base64url with `=` padding, as the ALB writes it.
    static func paddedBase64URL(_ data: Data) -> String {
        let unpadded = Base64URL.encode(Array(data))
        return unpadded + String(repeating: "=", count: (4 - unpadded.count % 4) % 4)
    }

    private enum Field: Encodable {
        case text(String), number(Int64), list([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .list(let value): try container.encode(value)
            }
        }
    }
}
