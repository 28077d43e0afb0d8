import PorticoCrypto
import Testing

/// FIPS 180-2 appendix B (SHA-256 examples) and the NIST empty-message value.
@Suite struct SHA256Tests {
    static let vectors: [(message: String, digest: String)] = [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ]
    static let millionAs = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test(arguments: vectors)
    func hashesThePublishedMessagesToThePublishedDigests(message: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(message)) == digest)
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func hashesOneMillionAsToThePublishedDigest() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(SHA256.hash(message)) == Self.millionAs)
    }

    @Test func hashesNonContiguousCollectionsLikeArrays() {
        let bytes = Array("abc".utf8)
        #expect(SHA256.hash(bytes.reversed().reversed()) == SHA256.hash(bytes))
        #expect(SHA256.hash(bytes[...]) == SHA256.hash(bytes))
    }

    @Test func incrementalHasherMatchesOneShotForOneMillionAsFedInUnevenPieces() {
        var hasher = SHA256.Hasher()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var fed = 0
        while fed < 1_000_000 {
            let count = min(piece.count, 1_000_000 - fed)
            hasher.update(piece.prefix(count))
            fed += count
        }
        #expect(Hex.encode(hasher.finalize()) == Self.millionAs)
    }

    @Test func hasherCopiesAreIndependentAndFinalizeLeavesTheHasherUsable() {
        var first = SHA256.Hasher()
        first.update("abc")
        var second = first
        second.update("def")
        #expect(first.finalize() == SHA256.hash("abc"))
        #expect(second.finalize() == SHA256.hash("abcdef"))
        first.update(Array("def".utf8))
        #expect(first.finalize() == SHA256.hash("abcdef"))
        #expect(second.finalize() == SHA256.hash("abcdef"))
    }

    @Test func emptyHasherGivesTheEmptyDigest() {
        #expect(Hex.encode(SHA256.Hasher().finalize()) == Self.vectors[2].digest)
    }
}
