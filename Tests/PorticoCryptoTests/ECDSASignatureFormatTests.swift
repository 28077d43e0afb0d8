@testable import PorticoCrypto
import Testing

/// R‖S ↔ DER conversion, including the short scalars that need left-padding.
@Suite struct ECDSASignatureFormatTests {
    @Test func convertsShortScalarsFromDERToLeftPaddedRawForm() throws {
        // SEQUENCE { INTEGER 1, INTEGER 0x0200 }
        let der: [UInt8] = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x02, 0x00]
        let raw = try ECDSASignatureFormat.raw(fromDER: der)
        #expect(raw == [UInt8](repeating: 0, count: 31) + [1] + [UInt8](repeating: 0, count: 30) + [2, 0])
        #expect(ECDSASignatureFormat.der(fromRaw: raw) == der)
    }

    @Test func addsTheSignByteDERNeedsForHighScalars() throws {
        let raw = [UInt8](repeating: 0x80, count: 64)
        let der = try #require(ECDSASignatureFormat.der(fromRaw: raw))
        #expect(der.count == 2 + 2 * (2 + 33))
        #expect(Array(der[2...4]) == [0x02, 0x21, 0x00])
        #expect(try ECDSASignatureFormat.raw(fromDER: der) == raw)
    }

    @Test func refusesRawSignaturesThatAreNotSixtyFourBytes() {
        #expect(ECDSASignatureFormat.der(fromRaw: []) == nil)
        #expect(ECDSASignatureFormat.der(fromRaw: [UInt8](repeating: 1, count: 63)) == nil)
        #expect(ECDSASignatureFormat.der(fromRaw: [UInt8](repeating: 1, count: 65)) == nil)
    }

    @Test func refusesDERWhoseScalarsExceedThirtyTwoBytes() {
        // SEQUENCE { INTEGER (33 bytes, 0x01 then zeros), INTEGER 1 }
        let der: [UInt8] = [0x30, 0x26, 0x02, 0x21, 0x01] + [UInt8](repeating: 0, count: 32) + [0x02, 0x01, 0x01]
        #expect(throws: CryptoError.self) { try ECDSASignatureFormat.raw(fromDER: der) }
        #expect(OpenSSLErrorQueue.drainReason() == nil)
    }
}
