internal import COpenSSL

/// Algorithm implementations fetched once from OpenSSL's default provider.
///
/// OpenSSL 3 looks an algorithm up on every use of `EVP_sha256()`-style handles; fetching once
/// and reusing the handle avoids that lookup on hot paths such as SigV4's chained HMACs.
enum FetchedAlgorithms {
    static let sha256 = FetchedDigest(name: "SHA256")
    static let hmac = FetchedMAC(name: "HMAC")
}

/// A fetched `EVP_MD`, kept for the life of the process.
///
/// `@unchecked Sendable`: a fetched EVP_MD is immutable and reference counted by OpenSSL, which
/// documents it as safe to use from any number of threads at once.
final class FetchedDigest: @unchecked Sendable {
    /// The fetched digest, or OpenSSL's built-in handle when fetching failed (operations using
    /// it will then fail and report why).
    let handle: OpaquePointer?

    init(name: String) {
        if let fetched = EVP_MD_fetch(nil, name, nil) {
            handle = fetched
        } else {
            OpenSSLErrorQueue.clear()
            handle = EVP_get_digestbyname(name)
        }
    }

    deinit { EVP_MD_free(handle) }
}

/// A fetched `EVP_MAC`, kept for the life of the process.
///
/// `@unchecked Sendable`: a fetched EVP_MAC is immutable and reference counted by OpenSSL; each
/// computation creates its own EVP_MAC_CTX from it.
final class FetchedMAC: @unchecked Sendable {
    let handle: OpaquePointer?

    init(name: String) {
        handle = EVP_MAC_fetch(nil, name, nil)
        if handle == nil { OpenSSLErrorQueue.clear() }
    }

    deinit { EVP_MAC_free(handle) }
}
