internal import COpenSSL

/// SHA-256 (FIPS 180-4): payload hashes and canonical-request hashes for SigV4, key fingerprints.
public enum SHA256 {
    /// The length of a digest in bytes.
    public static let byteCount = 32

    /// The digest of `bytes`.
    ///
    /// Never fails for any input. OpenSSL can only fail here when out of memory; the process
    /// then stops, as Swift does on any allocation failure.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        withContiguousBytes(bytes) { input in
            var digest = [UInt8](repeating: 0, count: byteCount)
            var length: UInt32 = 0
            let status = digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(
                    input.baseAddress, input.count, output.baseAddress, &length,
                    FetchedAlgorithms.sha256.handle, nil)
            }
            guard status == 1, length == byteCount else { openSSLUnusable("compute SHA-256") }
            return digest
        }
    }

    /// The digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> [UInt8] {
        hash(string.utf8)
    }
}
