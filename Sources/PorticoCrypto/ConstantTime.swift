internal import COpenSSL

/// Comparisons whose running time does not depend on where secret bytes differ: MACs, signatures
/// computed by us, CSRF tokens, service tokens.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    ///
    /// Inputs of different lengths are unequal; the lengths are compared first and are not
    /// treated as secret. Inputs of equal length are compared with `CRYPTO_memcmp`, which reads
    /// every byte whatever the content.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        withContiguousBytes(a) { a in
            withContiguousBytes(b) { b in
                guard a.count == b.count else { return false }
                return CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
            }
        }
    }
}
