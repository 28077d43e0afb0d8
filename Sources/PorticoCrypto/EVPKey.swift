internal import COpenSSL

/// The sole owner of one OpenSSL `EVP_PKEY`, freed when the last key value referring to it goes.
///
/// The public key structs (`P256PublicKey`, `RSAPrivateKey`, …) wrap one of these, so copying a
/// key copies a reference and the `EVP_PKEY` is freed exactly once.
///
/// `@unchecked Sendable` is safe because the `EVP_PKEY` is complete before this object exists and
/// nothing mutates it afterwards: every operation creates its own `EVP_MD_CTX` / `EVP_PKEY_CTX`
/// and only reads the key, and OpenSSL 3 guards the one piece of lazily filled state inside an
/// `EVP_PKEY` (its cache of provider exports) with the key's own lock.
final class EVPKey: @unchecked Sendable {
    let handle: OpaquePointer

    /// Takes ownership of `handle`: it is freed in `deinit`, so the caller must not free it.
    init(taking handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        EVP_PKEY_free(handle)
    }

    /// OpenSSL's name for the key type ("RSA", "EC", "ED25519", …).
    var typeName: String {
        guard let name = EVP_PKEY_get0_type_name(handle) else { return "an unknown key type" }
        return String(cString: name)
    }

    var isRSA: Bool { EVP_PKEY_get_base_id(handle) == EVP_PKEY_RSA }
    var isEC: Bool { EVP_PKEY_get_base_id(handle) == EVP_PKEY_EC }

    /// The size of the key in bits (the modulus for RSA, the group order for EC).
    var bits: Int { Int(EVP_PKEY_get_bits(handle)) }

    /// The largest signature the key produces, in bytes (the modulus length for RSA).
    var maximumSignatureSize: Int { Int(EVP_PKEY_get_size(handle)) }

    /// The name of an EC key's curve ("prime256v1" for P-256), nil for a curve given by explicit
    /// parameters or for a key that is not EC.
    var curveName: String? {
        var name = [CChar](repeating: 0, count: 80)
        var length = 0
        let status = name.withUnsafeMutableBufferPointer { buffer in
            EVP_PKEY_get_group_name(handle, buffer.baseAddress, buffer.count, &length)
        }
        guard status == 1 else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        return String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A new key holding only the public half of this one (its SubjectPublicKeyInfo).
    func publicPart() throws -> EVPKey {
        let length = i2d_PUBKEY(handle, nil)
        guard length > 0 else {
            throw CryptoError.invalidKey(explaining: "the public part of the key cannot be encoded")
        }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(handle, &cursor)
        }
        guard written == length else {
            throw CryptoError.invalidKey(explaining: "the public part of the key cannot be encoded")
        }
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, Int(length))
        }
        guard let decoded else {
            throw CryptoError.invalidKey(explaining: "the public part of the key cannot be decoded")
        }
        return EVPKey(taking: decoded)
    }

    /// Whether OpenSSL's public-key checks pass (for EC: the point is on the curve, not at
    /// infinity, and of the right order; for RSA: a plausible modulus and exponent).
    func passesPublicKeyCheck() -> Bool {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, handle, nil) else {
            OpenSSLErrorQueue.clear()
            return false
        }
        defer { EVP_PKEY_CTX_free(context) }
        let passed = EVP_PKEY_public_check(context) == 1
        if !passed { OpenSSLErrorQueue.clear() }
        return passed
    }
}
