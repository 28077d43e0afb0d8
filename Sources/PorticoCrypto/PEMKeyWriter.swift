internal import COpenSSL
internal import CPorticoShims

/// Writes a key as PEM: `PUBLIC KEY` (SubjectPublicKeyInfo) or unencrypted `PRIVATE KEY` (PKCS #8).
enum PEMKeyWriter {
    static func publicPEM(of key: EVPKey) -> String {
        write(secret: false) { bio in PEM_write_bio_PUBKEY(bio, key.handle) }
    }

    static func privatePEM(of key: EVPKey) -> String {
        write(secret: true) { bio in PEM_write_bio_PrivateKey(bio, key.handle, nil, nil, 0, nil, nil) }
    }

    /// Runs `writer` into a memory BIO and returns what it wrote. A `secret` BIO keeps its buffer
    /// in OpenSSL's secure-memory allocator, which zeroes it on free (and on every regrowth).
    ///
    /// Encoding a key that OpenSSL already loaded only fails when memory runs out.
    private static func write(secret: Bool, _ writer: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(secret ? BIO_s_secmem() : BIO_s_mem()) else {
            openSSLUnusable("allocate a memory BIO")
        }
        defer { BIO_free(bio) }
        guard writer(bio) == 1 else { openSSLUnusable("encode a key as PEM") }
        var contents: UnsafeMutablePointer<CChar>?
        let length = portico_bio_get_mem_data(bio, &contents)
        guard length > 0, let contents else { openSSLUnusable("read back a PEM-encoded key") }
        let bytes = UnsafeRawBufferPointer(start: contents, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }
}
