import PorticoCrypto
import Testing

/// The CSPRNG wrapper: lengths, distinctness, token format, and refusals.
@Suite struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 1000])
    func givesTheRequestedNumberOfBytes(count: Int) throws {
        #expect(try SecureRandom.bytes(count: count).count == count)
    }

    @Test func givesDistinctValues() throws {
        let values = try (0..<1000).map { _ in try SecureRandom.bytes(count: 16) }
        #expect(Set(values).count == values.count)
    }

    /// 4096 random bytes with no byte value at all would be a broken generator (chance ~ 2^-23 per value).
    @Test func coversTheByteRange() throws {
        let bytes = try SecureRandom.bytes(count: 4096)
        #expect(Set(bytes).count > 200)
    }

    @Test func tokensAreUnpaddedBase64URLOfTheRequestedLength() throws {
        let tokens = try (0..<200).map { _ in try SecureRandom.token() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 43)
            #expect(Base64URL.decode(token)?.count == 32)
        }
        #expect(try Base64URL.decode(SecureRandom.token(byteCount: 16))?.count == 16)
    }

    @Test func refusesNegativeAndExcessiveCounts() {
        #expect(throws: CryptoError.self) { try SecureRandom.bytes(count: -1) }
        #expect(throws: CryptoError.self) { try SecureRandom.bytes(count: SecureRandom.maximumByteCount + 1) }
        #expect(throws: CryptoError.self) { try SecureRandom.token(byteCount: 8) }
    }
}
