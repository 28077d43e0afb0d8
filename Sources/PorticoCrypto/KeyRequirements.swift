/// The keys each public key type accepts, and the errors naming what was given instead.
enum KeyRequirements {
    /// OpenSSL's name for the NIST P-256 curve.
    static let p256CurveName = "prime256v1"
    /// RSA modulus sizes accepted: nothing weaker than 2048 bits, nothing so large that verifying
    /// becomes a way to burn CPU.
    static let rsaBits = 2048...8192

    /// Throws unless `key` is an EC key on P-256. `source` is "PEM" or "JWK".
    static func requireP256(_ key: EVPKey, source: String, half: KeyHalf) throws {
        guard key.isEC else {
            throw CryptoError.unsupportedKey(
                reason: "\(source) is not an EC P-256 \(half.rawValue) key: it holds a key of type \(key.typeName)")
        }
        guard let curve = key.curveName else {
            throw CryptoError.unsupportedKey(
                reason: "\(source) holds an EC key with explicit curve parameters; only the named curve P-256 "
                    + "is supported")
        }
        guard curve == p256CurveName else {
            throw CryptoError.unsupportedKey(
                reason: "\(source) is not an EC P-256 \(half.rawValue) key: its curve is \(curve)")
        }
    }

    /// Throws unless `key` is an RSA key (PKCS #1, not RSA-PSS) of an accepted size.
    static func requireRSA(_ key: EVPKey, source: String, half: KeyHalf) throws {
        guard key.isRSA else {
            throw CryptoError.unsupportedKey(
                reason: "\(source) is not an RSA \(half.rawValue) key: it holds a key of type \(key.typeName)")
        }
        guard rsaBits.contains(key.bits) else {
            throw CryptoError.unsupportedKey(
                reason: "\(source) holds a \(key.bits)-bit RSA key; "
                    + "\(rsaBits.lowerBound) to \(rsaBits.upperBound) bits are supported")
        }
    }
}

extension KeyRequirements {
    /// Throws unless OpenSSL's public-key checks pass (EC: the point is on the curve and of the
    /// right order; RSA: SP 800-56B's checks on the modulus and exponent).
    static func requirePublicKeyChecks(_ key: EVPKey, source: String) throws {
        guard key.passesPublicKeyCheck() else {
            throw CryptoError.invalidKey(
                reason: "\(source) holds a \(key.typeName) public key that fails OpenSSL's public-key checks")
        }
    }
}

/// Which half of a key pair a key is, as named in error messages.
enum KeyHalf: String {
    case publicKey = "public"
    case privateKey = "private"
}
