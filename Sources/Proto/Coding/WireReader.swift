/// Reads protobuf's wire format (tags, varints, fixed and length-delimited values) from a
/// buffer slice; every read is bounds-checked and returns nil on malformed input.
struct WireReader {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case startGroup = 3
        case endGroup = 4
        case fixed32 = 5
    }

    private var remaining: Slice<UnsafeBufferPointer<UInt8>>

    init(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
        remaining = bytes
    }

    var isAtEnd: Bool { remaining.isEmpty }

    mutating func readVarint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = remaining.first {
            remaining = remaining.dropFirst()
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func readTag() -> (number: UInt32, wireType: WireType)? {
        guard let tag = readVarint(), tag <= UInt64(UInt32.max),
            let wireType = WireType(rawValue: UInt8(tag & 0x7))
        else { return nil }
        let number = UInt32(tag >> 3)
        return number == 0 ? nil : (number, wireType)
    }

    mutating func readLengthDelimited() -> Slice<UnsafeBufferPointer<UInt8>>? {
        guard let length = readVarint(), length <= UInt64(remaining.count) else { return nil }
        let value = remaining.prefix(Int(length))
        remaining = remaining.dropFirst(Int(length))
        return value
    }

    /// Skips a value that is not length-delimited; groups are refused, as protobuf-c does.
    mutating func skip(_ wireType: WireType) -> Bool {
        switch wireType {
        case .varint: return readVarint() != nil
        case .fixed64: return skipBytes(8)
        case .fixed32: return skipBytes(4)
        case .lengthDelimited: return readLengthDelimited() != nil
        case .startGroup, .endGroup: return false
        }
    }

    private mutating func skipBytes(_ count: Int) -> Bool {
        guard remaining.count >= count else { return false }
        remaining = remaining.dropFirst(count)
        return true
    }
}
