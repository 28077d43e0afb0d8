internal import COpenSSL

/// An `OSSL_PARAM_BLD` together with the memory its pushed entries point into.
///
/// OpenSSL's builder keeps pointers, not copies: the parameter names, string and octet values
/// and `BIGNUM`s pushed into it are only read when `OSSL_PARAM_BLD_to_param` runs, and the names
/// are still referenced by the resulting `OSSL_PARAM` array. This class owns copies of all of
/// them, so they outlive every use, and frees them (zeroing the byte copies) in `deinit`.
final class KeyParameterBuilder {
    private let builder: OpaquePointer
    private var numbers: [OpaquePointer] = []
    private var copies: [(pointer: UnsafeMutableRawPointer, count: Int)] = []

    init() throws {
        guard let builder = OSSL_PARAM_BLD_new() else {
            throw CryptoError.invalidKey(explaining: "no OpenSSL parameter builder could be allocated")
        }
        self.builder = builder
    }

    deinit {
        OSSL_PARAM_BLD_free(builder)
        for number in numbers { BN_clear_free(number) }
        for copy in copies {
            copy.pointer.initializeMemory(as: UInt8.self, repeating: 0, count: copy.count)
            copy.pointer.deallocate()
        }
    }

    /// Pushes a UTF-8 string parameter, such as the curve name.
    func pushString(_ name: String, _ value: String) -> Bool {
        OSSL_PARAM_BLD_push_utf8_string(builder, ownedCString(name), ownedCString(value), 0) == 1
    }

    /// Pushes an octet-string parameter, such as an encoded EC point.
    func pushOctets(_ name: String, _ value: [UInt8]) -> Bool {
        OSSL_PARAM_BLD_push_octet_string(builder, ownedCString(name), ownedCopy(of: value), value.count) == 1
    }

    /// Pushes an unsigned big-endian integer parameter, such as an RSA modulus.
    func pushNumber(_ name: String, bigEndian value: [UInt8]) -> Bool {
        let number = value.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        guard let number else { return false }
        numbers.append(number)
        return OSSL_PARAM_BLD_push_BN(builder, ownedCString(name), number) == 1
    }

    /// Converts the pushed entries into an `OSSL_PARAM` array and runs `body` over it while every
    /// pointer it holds is still valid; nil when OpenSSL cannot build the array.
    func withParameters<Result>(_ body: (UnsafeMutablePointer<OSSL_PARAM>) throws -> Result) rethrows -> Result? {
        guard let parameters = OSSL_PARAM_BLD_to_param(builder) else { return nil }
        defer { OSSL_PARAM_free(parameters) }
        return try body(parameters)
    }

    private func ownedCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        ownedCopy(of: Array(text.utf8) + [0]).assumingMemoryBound(to: CChar.self)
    }

    /// A copy of `bytes` that lives as long as this builder. At least one byte is allocated, so
    /// the pointer is valid even for an empty value.
    private func ownedCopy(of bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let count = max(bytes.count, 1)
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { pointer.copyMemory(from: base, byteCount: source.count) }
        }
        copies.append((pointer, count))
        return pointer
    }
}
