/// Every single-bit corruption of a byte string, for tests that must reject all of them.
enum BitFlips {
    /// `bytes` with bit `bit` (counted from the first byte's most significant bit) inverted.
    static func flipping(_ bit: Int, of bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        copy[bit / 8] ^= 0x80 >> UInt8(bit % 8)
        return copy
    }

    /// The bit positions whose flipped variant `isAccepted` still accepts (empty when every
    /// corruption is caught).
    static func acceptedFlips(of bytes: [UInt8], isAccepted: ([UInt8]) -> Bool) -> [Int] {
        (0..<bytes.count * 8).filter { isAccepted(flipping($0, of: bytes)) }
    }
}
