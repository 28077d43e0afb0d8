/// A NUL-terminated copy of a string that lives for the rest of the process.
///
/// Some OpenSSL calls keep the `const char *` they are given instead of copying it —
/// `EVP_PKEY_CTX_new_from_name` stores its key-type name in the context, and an `OSSL_PARAM`
/// refers to its name — while Swift's implicit String-to-pointer bridging is valid only for the
/// duration of one call. Names passed to such calls come from here.
///
/// `@unchecked Sendable`: the bytes are written once in `init` and never changed or freed.
final class PersistentCString: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<CChar>

    init(_ text: String) {
        let bytes = Array(text.utf8CString)
        pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
    }
}

/// The persistent names PorticoCrypto hands to OpenSSL.
enum OpenSSLNames {
    static let ecKeyType = PersistentCString("EC")
    static let rsaKeyType = PersistentCString("RSA")
    static let digestParameter = PersistentCString("digest")
    static let sha256 = PersistentCString("SHA256")
}
