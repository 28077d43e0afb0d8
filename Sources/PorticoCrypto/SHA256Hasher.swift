internal import COpenSSL

extension SHA256 {
    /// Incremental SHA-256, for input that arrives in pieces (a streamed request body).
    ///
    /// A value type: copying a hasher and updating the copy leaves the original untouched.
    /// ``finalize()`` does not consume the state, so a running digest can be read and continued.
    public struct Hasher: Sendable {
        private var state: DigestState

        public init() {
            state = DigestState()
        }

        /// Feeds `bytes` into the digest.
        public mutating func update(_ bytes: some Collection<UInt8>) {
            if !isKnownUniquelyReferenced(&state) { state = state.copy() }
            state.update(bytes)
        }

        /// Feeds the UTF-8 bytes of `string` into the digest.
        public mutating func update(_ string: String) {
            update(string.utf8)
        }

        /// The digest of everything fed so far.
        public func finalize() -> [UInt8] {
            state.copy().finish()
        }
    }
}

/// The sole owner of one `EVP_MD_CTX` running SHA-256.
///
/// `@unchecked Sendable`: `SHA256.Hasher` only mutates a state it references uniquely (copy on
/// write), and a shared state is only read (`EVP_MD_CTX_copy_ex` takes its source as const).
private final class DigestState: @unchecked Sendable {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else { openSSLUnusable("allocate a digest context") }
        self.context = context
        guard EVP_DigestInit_ex2(context, FetchedAlgorithms.sha256.handle, nil) == 1 else {
            openSSLUnusable("start a SHA-256 digest")
        }
    }

    private init(copying source: OpaquePointer) {
        guard let context = EVP_MD_CTX_new() else { openSSLUnusable("allocate a digest context") }
        self.context = context
        guard EVP_MD_CTX_copy_ex(context, source) == 1 else { openSSLUnusable("copy a SHA-256 digest") }
    }

    deinit { EVP_MD_CTX_free(context) }

    func copy() -> DigestState {
        DigestState(copying: context)
    }

    func update(_ bytes: some Collection<UInt8>) {
        withContiguousBytes(bytes) { input in
            guard EVP_DigestUpdate(context, input.baseAddress, input.count) == 1 else {
                openSSLUnusable("update a SHA-256 digest")
            }
        }
    }

    /// Ends the digest; the state cannot be updated afterwards.
    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer { output in
            EVP_DigestFinal_ex(context, output.baseAddress, &length)
        }
        guard status == 1, length == SHA256.byteCount else { openSSLUnusable("finish a SHA-256 digest") }
        return digest
    }
}
