/// An RSA public key that checks RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256): JWS and JWT
/// from issuers that sign with RSA.
public struct RSAPublicKey: Sendable {
    let key: EVPKey

    init(checked key: EVPKey) {
        self.key = key
    }

    /// Loads a `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY` (PKCS #1) PEM block.
    ///
    /// - Throws: ``CryptoError`` naming the problem: not PEM, damaged PEM, a private key, a key
    ///   that is not RSA, or a modulus outside 2048–8192 bits.
    public init(pemRepresentation: String) throws {
        let key = try PEMKeyReader.key(from: pemRepresentation, half: .publicKey)
        try KeyRequirements.requireRSA(key, source: "PEM", half: .publicKey)
        try KeyRequirements.requirePublicKeyChecks(key, source: "PEM")
        self.key = key
    }

    /// Loads an RSA JWK (`n`, `e`; `alg` "RS256" or none).
    public init(jwk: JSONWebKey) throws {
        key = try JWKKeyImport.rsaPublicKey(from: jwk)
    }

    /// The modulus size in bits.
    public var bitCount: Int { key.bits }

    /// Whether `signature` is a valid RS256 signature of `message`. A signature that is not
    /// exactly as long as the modulus is `false`.
    public func isValidSignature(_ signature: [UInt8], for message: some Collection<UInt8>) -> Bool {
        guard signature.count == key.maximumSignatureSize else { return false }
        return key.verifySHA256(signature: signature, of: message)
    }

    /// The key as a `PUBLIC KEY` (SubjectPublicKeyInfo) PEM block.
    public var pemRepresentation: String {
        PEMKeyWriter.publicPEM(of: key)
    }
}

extension RSAPublicKey: CustomStringConvertible {
    public var description: String { "RSAPublicKey(\(bitCount) bits)" }
}
