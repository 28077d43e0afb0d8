internal import COpenSSL

/// Conversion between the two spellings of an ECDSA P-256 signature: JWS's fixed-size R‖S
/// (RFC 7518 §3.4, 32 + 32 bytes, big-endian, left-padded) and the DER `ECDSA-Sig-Value`
/// SEQUENCE { r INTEGER, s INTEGER } that OpenSSL reads and writes.
enum ECDSASignatureFormat {
    /// Bytes in each of R and S for P-256.
    static let scalarByteCount = 32
    static let rawByteCount = 2 * scalarByteCount

    /// The DER form of a raw R‖S signature, or nil when it is not 64 bytes or cannot be encoded.
    static func der(fromRaw raw: [UInt8]) -> [UInt8]? {
        guard raw.count == rawByteCount else { return nil }
        defer { OpenSSLErrorQueue.clear() }
        guard let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let (r, s) = raw.withUnsafeBufferPointer { buffer in
            (
                BN_bin2bn(buffer.baseAddress, Int32(scalarByteCount), nil),
                BN_bin2bn(buffer.baseAddress.map { $0 + scalarByteCount }, Int32(scalarByteCount), nil)
            )
        }
        guard let r, let s, ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? der : nil
    }

    /// The raw R‖S form of a DER signature, each half left-padded with zeros to 32 bytes.
    static func raw(fromDER der: [UInt8]) throws -> [UInt8] {
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let decoded else {
            throw CryptoError.signingFailed(explaining: "OpenSSL returned an unreadable ECDSA signature")
        }
        defer { ECDSA_SIG_free(decoded) }
        var raw = [UInt8](repeating: 0, count: rawByteCount)
        let (rLength, sLength) = raw.withUnsafeMutableBufferPointer { buffer in
            (
                BN_bn2binpad(ECDSA_SIG_get0_r(decoded), buffer.baseAddress, Int32(scalarByteCount)),
                BN_bn2binpad(
                    ECDSA_SIG_get0_s(decoded), buffer.baseAddress.map { $0 + scalarByteCount },
                    Int32(scalarByteCount))
            )
        }
        guard rLength == scalarByteCount, sLength == scalarByteCount else {
            throw CryptoError.signingFailed(explaining: "the ECDSA signature does not fit P-256's 32-byte scalars")
        }
        return raw
    }
}
