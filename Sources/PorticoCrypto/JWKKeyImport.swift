internal import COpenSSL
internal import CPorticoShims

/// Builds OpenSSL keys from JWK members with `EVP_PKEY_fromdata`, then runs OpenSSL's public-key
/// checks so that a point off the curve or a malformed modulus is refused at load time.
enum JWKKeyImport {
    /// The longest RSA modulus accepted from a JWK, in bytes (8192 bits, plus a stray zero byte).
    static let maximumModulusBytes = KeyRequirements.rsaBits.upperBound / 8 + 1
    /// The longest RSA public exponent accepted, in bytes.
    static let maximumExponentBytes = 8

    static func p256PublicKey(from jwk: JSONWebKey) throws -> EVPKey {
        guard jwk.kty == "EC" else {
            throw CryptoError.unsupportedKey(reason: "JWK is not an EC P-256 public key: its kty is \(quoted(jwk.kty))")
        }
        guard jwk.crv == "P-256" else {
            throw CryptoError.unsupportedKey(reason: "JWK is not an EC P-256 public key: its crv is \(quoted(jwk.crv))")
        }
        try requireAlgorithm(jwk, "ES256")
        let x = try member("x", of: jwk, byteCount: 32...32)
        let y = try member("y", of: jwk, byteCount: 32...32)
        let point = [0x04] + x + y  // SEC 1 uncompressed point
        let key = try build(type: OpenSSLNames.ecKeyType, failure: "JWK point is not a P-256 public key") { builder in
            builder.pushString(OSSL_PKEY_PARAM_GROUP_NAME, KeyRequirements.p256CurveName)
                && builder.pushOctets(OSSL_PKEY_PARAM_PUB_KEY, point)
        }
        guard key.passesPublicKeyCheck() else {
            throw CryptoError.invalidKey(reason: "JWK point is not on the P-256 curve")
        }
        return key
    }

    static func rsaPublicKey(from jwk: JSONWebKey) throws -> EVPKey {
        guard jwk.kty == "RSA" else {
            throw CryptoError.unsupportedKey(reason: "JWK is not an RSA public key: its kty is \(quoted(jwk.kty))")
        }
        try requireAlgorithm(jwk, "RS256")
        let modulus = try member("n", of: jwk, byteCount: 1...maximumModulusBytes)
        let exponent = try member("e", of: jwk, byteCount: 1...maximumExponentBytes)
        let failure = "JWK modulus and exponent do not form an RSA key"
        let key = try build(type: OpenSSLNames.rsaKeyType, failure: failure) { builder in
            builder.pushNumber(OSSL_PKEY_PARAM_RSA_N, bigEndian: modulus)
                && builder.pushNumber(OSSL_PKEY_PARAM_RSA_E, bigEndian: exponent)
        }
        try KeyRequirements.requireRSA(key, source: "JWK", half: .publicKey)
        guard key.passesPublicKeyCheck() else {
            throw CryptoError.invalidKey(reason: "JWK modulus or exponent fails RSA's public-key checks")
        }
        return key
    }

    private static func requireAlgorithm(_ jwk: JSONWebKey, _ algorithm: String) throws {
        guard jwk.alg == nil || jwk.alg == algorithm else {
            throw CryptoError.unsupportedKey(reason: "JWK is for algorithm \(quoted(jwk.alg)), not \(algorithm)")
        }
    }

    /// The decoded bytes of a base64url member, checked for presence, encoding and length.
    private static func member(_ name: String, of jwk: JSONWebKey, byteCount: ClosedRange<Int>) throws -> [UInt8] {
        let text: String? = switch name {
        case "x": jwk.x
        case "y": jwk.y
        case "n": jwk.n
        default: jwk.e
        }
        guard let text else { throw CryptoError.invalidKey(reason: "JWK lacks the \"\(name)\" member") }
        guard let bytes = Base64URL.decode(text) else {
            throw CryptoError.invalidKey(reason: "JWK member \"\(name)\" is not base64url")
        }
        guard byteCount.contains(bytes.count) else {
            let expected = byteCount.count == 1
                ? "\(byteCount.lowerBound)" : "\(byteCount.lowerBound) to \(byteCount.upperBound)"
            throw CryptoError.invalidKey(reason: "JWK member \"\(name)\" is \(bytes.count) bytes; expected \(expected)")
        }
        return bytes
    }

    /// A public key of OpenSSL key type `type` from the parameters `push` adds to a builder.
    private static func build(
        type: PersistentCString, failure: String, push: (KeyParameterBuilder) -> Bool
    ) throws -> EVPKey {
        let builder = try KeyParameterBuilder()
        guard push(builder) else {
            throw CryptoError.invalidKey(explaining: failure)
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type.pointer, nil) else {
            throw CryptoError.invalidKey(explaining: "\(failure): no implementation of the key type")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        let status = builder.withParameters { parameters in
            guard EVP_PKEY_fromdata_init(context) == 1 else { return Int32(0) }
            return EVP_PKEY_fromdata(context, &key, portico_evp_pkey_public_key_selection(), parameters)
        }
        guard status == 1, let key else {
            throw CryptoError.invalidKey(explaining: failure)
        }
        return EVPKey(taking: key)
    }

    /// A JWK member's text for an error message, cut short so a hostile document cannot flood logs.
    private static func quoted(_ value: String?) -> String {
        guard let value else { return "missing" }
        let shown = value.prefix(24)
        return "\"\(shown)\(shown.count < value.count ? "…" : "")\""
    }
}
