internal import COpenSSL
internal import CPorticoShims

/// Reads the key out of PEM text: finds the first key block, rejects what cannot be a key of the
/// requested kind, and decodes the DER inside with OpenSSL.
///
/// Blocks that hold no key (`EC PARAMETERS` ahead of an `EC PRIVATE KEY`, a `CERTIFICATE`) are
/// skipped. Encrypted private keys are refused rather than prompting for a passphrase.
enum PEMKeyReader {
    /// The longest PEM text accepted; an 8192-bit RSA private key takes about 6.5 KB.
    static let maximumLength = 64 * 1024
    /// The most PEM blocks examined before giving up.
    static let maximumBlocks = 16

    /// The key in `pem`, of the given half. Errors name what the PEM held instead.
    static func key(from pem: String, half: KeyHalf) throws -> EVPKey {
        guard pem.utf8.count <= maximumLength else {
            throw CryptoError.invalidKey(
                reason: "PEM is \(pem.utf8.count) bytes, more than the \(maximumLength) accepted")
        }
        return try withContiguousBytes(pem.utf8) { text in
            guard let bio = BIO_new_mem_buf(text.baseAddress, Int32(text.count)) else {
                throw CryptoError.invalidKey(explaining: "PEM text could not be buffered")
            }
            defer { BIO_free(bio) }
            var skippedLabels: [String] = []
            for _ in 0..<maximumBlocks {
                guard let block = try PEMBlock.read(from: bio, after: skippedLabels) else { break }
                if let key = try block.key(half: half) { return key }
                skippedLabels.append(block.label)
            }
            let found = skippedLabels.isEmpty ? "" : " (found: \(skippedLabels.joined(separator: ", ")))"
            throw CryptoError.invalidKey(reason: "PEM holds no \(half.rawValue) key block\(found)")
        }
    }
}

/// One `-----BEGIN label-----` block: its label, whether its headers mark it encrypted, and its
/// DER bytes, which are zeroed when the block is released.
private final class PEMBlock {
    let label: String
    let isEncrypted: Bool
    private let der: UnsafeMutablePointer<UInt8>
    private let length: Int

    private init(label: String, isEncrypted: Bool, der: UnsafeMutablePointer<UInt8>, length: Int) {
        self.label = label
        self.isEncrypted = isEncrypted
        self.der = der
        self.length = length
    }

    deinit {
        portico_openssl_clear_free(der, length)
    }

    /// The next block in `bio`, nil at the end of the text, or an error for a damaged block.
    static func read(from bio: OpaquePointer, after earlier: [String]) throws -> PEMBlock? {
        var name: UnsafeMutablePointer<CChar>?
        var header: UnsafeMutablePointer<CChar>?
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = PEM_read_bio(bio, &name, &header, &data, &length)
        defer {
            portico_openssl_free(name)
            portico_openssl_free(header)
        }
        guard status == 1, let name, let data else {
            if let data { portico_openssl_clear_free(data, length) }
            let code = ERR_peek_last_error()
            let reachedEnd = ERR_GET_LIB(code) == ERR_LIB_PEM && ERR_GET_REASON(code) == PEM_R_NO_START_LINE
            let reason = OpenSSLErrorQueue.drainReason()
            if reachedEnd {
                if earlier.isEmpty {
                    throw CryptoError.invalidKey(reason: "text is not PEM: no -----BEGIN ...----- line")
                }
                return nil
            }
            let cause = reason.map { " (OpenSSL: \($0))" } ?? ""
            throw CryptoError.invalidKey(reason: "PEM is damaged or truncated\(cause)")
        }
        let headers = header.map { String(cString: $0) } ?? ""
        return PEMBlock(
            label: String(cString: name), isEncrypted: headers.contains("ENCRYPTED"), der: data, length: length)
    }

    /// The key this block holds when it is a key of `half`; nil for a block that holds no key.
    func key(half: KeyHalf) throws -> EVPKey? {
        switch (label, half) {
        case ("PUBLIC KEY", .publicKey):
            return try decode { d2i_PUBKEY(nil, &$0, $1) }
        case ("RSA PUBLIC KEY", .publicKey):
            return try decode { d2i_PublicKey(EVP_PKEY_RSA, nil, &$0, $1) }
        case ("ENCRYPTED PRIVATE KEY", .privateKey):
            throw CryptoError.unsupportedKey(reason: "PEM holds an encrypted private key; decrypt it first")
        case ("PRIVATE KEY", .privateKey):
            return try decode { d2i_AutoPrivateKey(nil, &$0, $1) }
        case ("RSA PRIVATE KEY", .privateKey):
            return try decode { d2i_PrivateKey(EVP_PKEY_RSA, nil, &$0, $1) }
        case ("EC PRIVATE KEY", .privateKey):
            return try decode { d2i_PrivateKey(EVP_PKEY_EC, nil, &$0, $1) }
        case ("PUBLIC KEY", .privateKey), ("RSA PUBLIC KEY", .privateKey):
            throw CryptoError.invalidKey(reason: "PEM holds a public key where a private key is needed")
        case (_, .publicKey) where label.hasSuffix("PRIVATE KEY"):
            throw CryptoError.invalidKey(reason: "PEM holds a private key where a public key is needed")
        default:
            return nil
        }
    }

    /// Runs an OpenSSL `d2i` decoder over the whole DER; trailing bytes are an error.
    private func decode(
        _ decoder: (inout UnsafePointer<UInt8>?, Int) -> OpaquePointer?
    ) throws -> EVPKey {
        guard !isEncrypted else {
            throw CryptoError.unsupportedKey(reason: "PEM block '\(label)' is encrypted; decrypt it first")
        }
        let start = UnsafePointer(der)
        var cursor: UnsafePointer<UInt8>? = start
        guard let decoded = decoder(&cursor, length) else {
            throw CryptoError.invalidKey(explaining: "PEM block '\(label)' does not hold a valid key")
        }
        let key = EVPKey(taking: decoded)
        guard let cursor, cursor - start == length else {
            OpenSSLErrorQueue.clear()
            throw CryptoError.invalidKey(reason: "PEM block '\(label)' has bytes after the key")
        }
        return key
    }
}
