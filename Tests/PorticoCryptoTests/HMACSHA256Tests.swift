import PorticoCrypto
import Testing

/// RFC 4231 §4 test cases 1–7 for HMAC-SHA-256.
@Suite struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    static let vectors: [Vector] = [
        Vector(
            number: 1, key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            number: 4, key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Case 5 publishes only the first 128 bits of the MAC.
        Vector(
            number: 5, key: [UInt8](repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8),
            mac: "a3b6167473100ee06e0c796c2955552b"),
        Vector(
            number: 6, key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            number: 7, key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func computesThePublishedMAC(_ vector: Vector) throws {
        let expected = try #require(Hex.decode(vector.mac))
        let mac = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        #expect(mac.count == HMACSHA256.byteCount)
        #expect(Array(mac.prefix(expected.count)) == expected)
    }

    @Test(arguments: vectors.filter { $0.number != 5 })
    func acceptsThePublishedMACAndRejectsEveryFlippedBit(_ vector: Vector) throws {
        let mac = try #require(Hex.decode(vector.mac))
        #expect(HMACSHA256.isValid(mac, for: vector.data, key: vector.key))
        let accepted = BitFlips.acceptedFlips(of: mac) { HMACSHA256.isValid($0, for: vector.data, key: vector.key) }
        #expect(accepted.isEmpty)
    }

    @Test func rejectsATruncatedOrExtendedMAC() throws {
        let vector = Self.vectors[0]
        let mac = try #require(Hex.decode(vector.mac))
        #expect(!HMACSHA256.isValid(Array(mac.prefix(16)), for: vector.data, key: vector.key))
        #expect(!HMACSHA256.isValid(mac + [0], for: vector.data, key: vector.key))
        #expect(!HMACSHA256.isValid([], for: vector.data, key: vector.key))
    }

    @Test func rejectsTheRightMACUnderAnotherKeyOrMessage() throws {
        let vector = Self.vectors[1]
        let mac = try #require(Hex.decode(vector.mac))
        #expect(!HMACSHA256.isValid(mac, for: vector.data, key: Array("jefe".utf8)))
        #expect(!HMACSHA256.isValid(mac, for: Array("what do ya want for nothing!".utf8), key: vector.key))
    }

    /// HMAC is defined for an empty key and message; the value is the widely published
    /// HMAC_SHA256("", "").
    @Test func acceptsAnEmptyKeyAndMessage() {
        let mac = HMACSHA256.authenticationCode(for: [UInt8](), key: [UInt8]())
        #expect(Hex.encode(mac) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
