internal import COpenSSL

/// Signing and verification with SHA-256 over a key's `EVP_DigestSign*` / `EVP_DigestVerify*`.
///
/// Each call builds and frees its own `EVP_MD_CTX` (and the `EVP_PKEY_CTX` it owns), so calls on
/// one key may run concurrently. Signatures are in OpenSSL's format: DER for ECDSA, the raw
/// modulus-length block for RSA.
extension EVPKey {
    /// The SHA-256 signature of `message` (RSA with PKCS #1 v1.5 padding, ECDSA as DER).
    func signSHA256(_ message: some Collection<UInt8>) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw CryptoError.signingFailed(explaining: "no digest context could be allocated")
        }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit_ex(context, &keyContext, OpenSSLNames.sha256.pointer, nil, nil, handle, nil) == 1,
              applyPadding(to: keyContext)
        else {
            throw CryptoError.signingFailed(explaining: "the \(typeName) key cannot sign with SHA-256")
        }
        return try withContiguousBytes(message) { message in
            var length = 0
            guard EVP_DigestSign(context, nil, &length, message.baseAddress, message.count) == 1 else {
                throw CryptoError.signingFailed(explaining: "the signature size is unknown")
            }
            var signature = [UInt8](repeating: 0, count: length)
            let status = signature.withUnsafeMutableBufferPointer { output in
                EVP_DigestSign(context, output.baseAddress, &length, message.baseAddress, message.count)
            }
            guard status == 1 else {
                throw CryptoError.signingFailed(explaining: "the \(typeName) signature was refused")
            }
            return Array(signature.prefix(length))
        }
    }

    /// Whether `signature` is this key's SHA-256 signature of `message`. Any failure — a malformed
    /// signature included — is `false`, and leaves OpenSSL's error queue empty.
    func verifySHA256(signature: [UInt8], of message: some Collection<UInt8>) -> Bool {
        defer { OpenSSLErrorQueue.clear() }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit_ex(context, &keyContext, OpenSSLNames.sha256.pointer, nil, nil, handle, nil) == 1,
              applyPadding(to: keyContext)
        else { return false }
        return withContiguousBytes(signature) { signature in
            withContiguousBytes(message) { message in
                EVP_DigestVerify(
                    context, signature.baseAddress, signature.count, message.baseAddress, message.count) == 1
            }
        }
    }

    /// RSA keys sign with PKCS #1 v1.5 (RS256), set explicitly rather than left to the default.
    private func applyPadding(to keyContext: OpaquePointer?) -> Bool {
        guard isRSA else { return true }
        return EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
    }
}
