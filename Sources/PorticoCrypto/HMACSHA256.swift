internal import COpenSSL

/// HMAC-SHA256 (RFC 2104): SigV4 signing keys and signatures, HS256 session tokens, RPC service
/// tokens.
public enum HMACSHA256 {
    /// The length of a MAC in bytes.
    public static let byteCount = 32

    /// The MAC of `message` under `key`. Keys of any length are accepted, the empty key included.
    ///
    /// Never fails for any input. OpenSSL can only fail here when out of memory; the process
    /// then stops, as Swift does on any allocation failure.
    public static func authenticationCode(
        for message: some Collection<UInt8>, key: some Collection<UInt8>
    ) -> [UInt8] {
        guard let context = EVP_MAC_CTX_new(FetchedAlgorithms.hmac.handle) else {
            openSSLUnusable("create an HMAC context")
        }
        defer { EVP_MAC_CTX_free(context) }
        let started = withContiguousBytes(key) { key in
            var parameters = [
                OSSL_PARAM_construct_utf8_string(OpenSSLNames.digestParameter.pointer, OpenSSLNames.sha256.pointer, 0),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_MAC_init(context, key.baseAddress, key.count, &parameters)
        }
        guard started == 1 else { openSSLUnusable("start HMAC-SHA256") }
        let updated = withContiguousBytes(message) { message in
            EVP_MAC_update(context, message.baseAddress, message.count)
        }
        guard updated == 1 else { openSSLUnusable("update HMAC-SHA256") }
        var mac = [UInt8](repeating: 0, count: byteCount)
        var length = 0
        let finished = mac.withUnsafeMutableBufferPointer { output in
            EVP_MAC_final(context, output.baseAddress, &length, byteCount)
        }
        guard finished == 1, length == byteCount else { openSSLUnusable("finish HMAC-SHA256") }
        return mac
    }

    /// Whether `mac` is the MAC of `message` under `key`, compared in constant time.
    ///
    /// A MAC of the wrong length is rejected without comparing any content.
    public static func isValid(
        _ mac: [UInt8], for message: some Collection<UInt8>, key: some Collection<UInt8>
    ) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key), mac)
    }
}
