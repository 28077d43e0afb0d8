import Foundation
import PorticoCrypto

/// Builds ALB-format tokens the way an AWS ALB does (ES256, `kid`/`signer`/`exp` in the
/// header, base64url with `=` padding), with every field open to tampering. Independent of the
/// gateway's own development signer, so tests do not check the gateway against itself.
struct ALBTokenFactory {
    /// A JSON value of a header or payload field.
    enum Field: Encodable {
        case text(String), number(Double), list([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .list(let value): try container.encode(value)
            }
        }
    }

    let key: P256PrivateKey
    let kid: String
    let signer: String

    init(kid: String = "0fa1e1a5-1b2c-4d3e-8f90-a1b2c3d4e5f6", signer: String = TestConfiguration.signer) throws {
        key = try P256PrivateKey()
        self.kid = kid
        self.signer = signer
    }

    var publicKeyPEM: String { key.publicKey.pemRepresentation }

    /// A valid header for a token expiring in `expiresIn` seconds.
    func header(expiresIn: Double = 120) -> [String: Field] {
        [
            "alg": .text("ES256"), "typ": .text("JWT"), "kid": .text(kid), "signer": .text(signer),
            "iss": .text("https://idp.example.com"), "client": .text("portico"),
            "exp": .number((Date().timeIntervalSince1970 + expiresIn).rounded()),
        ]
    }

    func payload(email: String = "alice@example.com", groups: Field = .list(["engineering@example.com"])) -> [String: Field] {
        ["sub": .text("1234567890"), "email": .text(email), "groups": groups, "iss": .text("https://idp.example.com")]
    }

    /// A signed token; `header`/`payload` default to valid ones.
    func token(
        header: [String: Field]? = nil, payload: [String: Field]? = nil, padded: Bool = true, signingKey: P256PrivateKey? = nil
    ) throws -> String {
        let input = try signingInput(header: header ?? self.header(), payload: payload ?? self.payload(), padded: padded)
        let signature = try (signingKey ?? key).signature(for: Array(input.utf8))
        return input + "." + Self.base64URL(signature, padded: padded)
    }

    /// `header.payload` as sent.
    func signingInput(header: [String: Field], payload: [String: Field], padded: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Self.base64URL(Array(try encoder.encode(header)), padded: padded) + "."
            + Self.base64URL(Array(try encoder.encode(payload)), padded: padded)
    }

    static func base64URL(_ bytes: [UInt8], padded: Bool) -> String {
        let text = Base64URL.encode(bytes)
        return padded ? text + String(repeating: "=", count: (4 - text.count % 4) % 4) : text
    }
}
