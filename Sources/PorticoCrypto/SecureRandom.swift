internal import COpenSSL

/// Unpredictable bytes from OpenSSL's CSPRNG (`RAND_bytes`): session ids, CSRF tokens, nonces.
public enum SecureRandom {
    /// The most bytes one call hands out, so a bad count cannot exhaust memory.
    public static let maximumByteCount = 1 << 20
    /// The fewest bytes a ``token(byteCount:)`` may carry (128 bits).
    public static let minimumTokenByteCount = 16

    /// `count` random bytes.
    ///
    /// - Throws: ``CryptoError/invalidArgument(reason:)`` for a count below zero or above
    ///   ``maximumByteCount``; ``CryptoError/randomFailed`` when the generator cannot be seeded.
    public static func bytes(count: Int) throws -> [UInt8] {
        guard count >= 0, count <= maximumByteCount else {
            throw CryptoError.invalidArgument(
                reason: "random byte count \(count) is outside 0...\(maximumByteCount)")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let status = bytes.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(count))
        }
        guard status == 1 else {
            OpenSSLErrorQueue.clear()
            throw CryptoError.randomFailed
        }
        return bytes
    }

    /// A random token of `byteCount` bytes, base64url encoded without padding (URL and cookie
    /// safe). 32 bytes give 43 characters.
    ///
    /// - Throws: ``CryptoError/invalidArgument(reason:)`` for fewer than
    ///   ``minimumTokenByteCount`` bytes or more than ``maximumByteCount``;
    ///   ``CryptoError/randomFailed`` when the generator cannot be seeded.
    public static func token(byteCount: Int = 32) throws -> String {
        guard byteCount >= minimumTokenByteCount else {
            throw CryptoError.invalidArgument(
                reason: "a token needs at least \(minimumTokenByteCount) random bytes, not \(byteCount)")
        }
        return Base64URL.encode(try bytes(count: byteCount))
    }
}
