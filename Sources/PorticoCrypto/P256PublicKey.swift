/// An ECDSA P-256 public key that checks ES256 signatures: AWS ALB `x-amzn-oidc-data` tokens and
/// any JWS signed with ES256.
public struct P256PublicKey: Sendable {
    let key: EVPKey

    init(checked key: EVPKey) {
        self.key = key
    }

    /// Loads a `PUBLIC KEY` (SubjectPublicKeyInfo) PEM block, as served by the ALB key endpoint.
    ///
    /// - Throws: ``CryptoError`` naming the problem: not PEM, damaged PEM, a private key, or a key
    ///   that is not EC on P-256.
    public init(pemRepresentation: String) throws {
        let key = try PEMKeyReader.key(from: pemRepresentation, half: .publicKey)
        try KeyRequirements.requireP256(key, source: "PEM", half: .publicKey)
        try KeyRequirements.requirePublicKeyChecks(key, source: "PEM")
        self.key = key
    }

    /// Loads an EC JWK with `crv` "P-256" (and `alg` "ES256" or none), checking the point is on
    /// the curve.
    public init(jwk: JSONWebKey) throws {
        key = try JWKKeyImport.p256PublicKey(from: jwk)
    }

    /// Whether `rawSignature` — R‖S, 64 bytes, as in a JWS — is a valid ECDSA-SHA256 signature of
    /// `message`. Any other length, or a malformed signature, is `false`.
    public func isValidSignature(_ rawSignature: [UInt8], for message: some Collection<UInt8>) -> Bool {
        guard let der = ECDSASignatureFormat.der(fromRaw: rawSignature) else { return false }
        return key.verifySHA256(signature: der, of: message)
    }

    /// The key as a `PUBLIC KEY` (SubjectPublicKeyInfo) PEM block.
    public var pemRepresentation: String {
        PEMKeyWriter.publicPEM(of: key)
    }
}

extension P256PublicKey: CustomStringConvertible {
    public var description: String { "P256PublicKey" }
}
