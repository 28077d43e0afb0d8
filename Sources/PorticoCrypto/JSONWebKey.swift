/// A JSON Web Key (RFC 7517) as published in JWKS documents: EC (`crv`, `x`, `y`) or RSA (`n`,
/// `e`) public keys, with their `kid`, `alg` and `use`.
///
/// Binary members stay base64url text as in the JSON. `d` (a private exponent or scalar) is
/// carried when a document has one but never appears in `description`, `debugDescription` or
/// `dump`.
public struct JSONWebKey: Sendable, Codable {
    /// Key type: "EC" or "RSA".
    public var kty: String
    /// EC curve name, such as "P-256".
    public var crv: String?
    /// EC public point coordinates, base64url.
    public var x: String?
    public var y: String?
    /// RSA modulus and public exponent, base64url big-endian.
    public var n: String?
    public var e: String?
    /// Key id, matched against a token's `kid` header.
    public var kid: String?
    /// Intended algorithm, such as "ES256" or "RS256".
    public var alg: String?
    /// Intended use, such as "sig".
    public var use: String?
    /// Private part (EC scalar or RSA private exponent), base64url. Never printed.
    public var d: String?

    public init(
        kty: String, crv: String? = nil, x: String? = nil, y: String? = nil, n: String? = nil,
        e: String? = nil, kid: String? = nil, alg: String? = nil, use: String? = nil, d: String? = nil
    ) {
        self.kty = kty
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
        self.kid = kid
        self.alg = alg
        self.use = use
        self.d = d
    }
}

extension JSONWebKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key's public members; `d` shows only as "<redacted>".
    public var description: String {
        let members = printableMembers.map { "\($0.label): \($0.value)" }
        return "JSONWebKey(\(members.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: printableMembers.map { (label: Optional($0.label), value: $0.value as Any) },
            displayStyle: .struct)
    }

    private var printableMembers: [(label: String, value: String)] {
        let members: [(String, String?)] = [
            ("kty", kty), ("crv", crv), ("x", x), ("y", y), ("n", n), ("e", e),
            ("kid", kid), ("alg", alg), ("use", use), ("d", d.map { _ in "<redacted>" }),
        ]
        return members.compactMap { label, value in value.map { (label, $0) } }
    }
}
