import PorticoCrypto
import Testing

/// Constant-time equality: the answers (timing is not asserted in tests).
@Suite struct ConstantTimeTests {
    @Test func equalInputsAreEqual() {
        let mac = (0..<32).map(UInt8.init)
        #expect(ConstantTime.equals(mac, mac))
        #expect(ConstantTime.equals(mac, mac[...]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals("token".utf8, Array("token".utf8)))
    }

    @Test func inputsDifferingInAnyOneBitAreUnequal() {
        let mac = (0..<32).map(UInt8.init)
        #expect(BitFlips.acceptedFlips(of: mac) { ConstantTime.equals(mac, $0) }.isEmpty)
    }

    @Test func inputsOfDifferentLengthsAreUnequal() {
        let mac = (0..<32).map(UInt8.init)
        #expect(!ConstantTime.equals(mac, mac.prefix(31)))
        #expect(!ConstantTime.equals(mac, mac + [0]))
        #expect(!ConstantTime.equals([UInt8](), [0]))
    }
}
