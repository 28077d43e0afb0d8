/// An RSA private key that produces RS256 signatures, such as the Google service-account key
/// that signs Directory API assertions.
public struct RSAPrivateKey: Sendable {
    let key: EVPKey
    /// The matching public key (holding only the public half).
    public let publicKey: RSAPublicKey

    /// Loads a PKCS #8 `PRIVATE KEY` (what Google service-account JSON carries) or a PKCS #1
    /// `RSA PRIVATE KEY` PEM block. Encrypted keys are refused.
    ///
    /// - Throws: ``CryptoError`` naming the problem; never quoting the key.
    public init(pemRepresentation: String) throws {
        let key = try PEMKeyReader.key(from: pemRepresentation, half: .privateKey)
        try KeyRequirements.requireRSA(key, source: "PEM", half: .privateKey)
        self.key = key
        publicKey = RSAPublicKey(checked: try key.publicPart())
    }

    /// The RS256 signature of `message`: RSASSA-PKCS1-v1_5 over SHA-256, as long as the modulus.
    /// Deterministic: one key and message always give the same signature.
    public func signature(for message: some Collection<UInt8>) throws -> [UInt8] {
        try key.signSHA256(message)
    }
}

extension RSAPrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the type and size only; the key stays out of logs.
    public var description: String { "RSAPrivateKey(\(publicKey.bitCount) bits, <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
