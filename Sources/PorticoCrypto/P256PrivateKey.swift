internal import COpenSSL

/// An ECDSA P-256 private key that produces ES256 signatures (JWS-style raw R‖S), for tests that
/// mint ALB-format tokens and for any ES256 token Portico issues.
public struct P256PrivateKey: Sendable {
    let key: EVPKey
    /// The matching public key (holding only the public half).
    public let publicKey: P256PublicKey

    /// Generates a fresh key from OpenSSL's CSPRNG.
    ///
    /// - Throws: ``CryptoError/randomFailed`` when OpenSSL cannot generate the key.
    public init() throws {
        let key = try Self.generate()
        self.key = key
        publicKey = P256PublicKey(checked: try key.publicPart())
    }

    /// Loads a P-256 private key from PEM: PKCS #8 `PRIVATE KEY` or SEC 1 `EC PRIVATE KEY`
    /// (an `EC PARAMETERS` block ahead of it is skipped). Encrypted keys are refused.
    ///
    /// - Throws: ``CryptoError`` naming the problem; never quoting the key.
    public init(pemRepresentation: String) throws {
        let key = try PEMKeyReader.key(from: pemRepresentation, half: .privateKey)
        try KeyRequirements.requireP256(key, source: "PEM", half: .privateKey)
        self.key = key
        publicKey = P256PublicKey(checked: try key.publicPart())
    }

    /// The key as an unencrypted PKCS #8 `PRIVATE KEY` PEM block. Secret: never log it.
    public var pemRepresentation: String {
        PEMKeyWriter.privatePEM(of: key)
    }

    /// The ES256 signature of `message`: ECDSA over SHA-256, as R‖S with each half left-padded to
    /// 32 bytes (64 bytes in all). ECDSA is randomized: two signatures of one message differ.
    public func signature(for message: some Collection<UInt8>) throws -> [UInt8] {
        let der = try key.signSHA256(message)
        return try ECDSASignatureFormat.raw(fromDER: der)
    }

    private static func generate() throws -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, OpenSSLNames.ecKeyType.pointer, nil) else {
            throw CryptoError.randomFailed
        }
        defer { EVP_PKEY_CTX_free(context) }
        var generated: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_group_name(context, KeyRequirements.p256CurveName) == 1,
              EVP_PKEY_generate(context, &generated) == 1,
              let generated
        else {
            OpenSSLErrorQueue.clear()
            throw CryptoError.randomFailed
        }
        return EVPKey(taking: generated)
    }
}

extension P256PrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the type only; the key stays out of logs.
    public var description: String { "P256PrivateKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
