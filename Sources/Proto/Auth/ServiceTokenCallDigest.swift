public import NIOCore
import PorticoCrypto

/// What a service token binds it to: SHA-256 of the call's method and request id, each as a
/// `str16` (a big-endian `u16` byte length, then the UTF-8 bytes, as in the CALL frame), then
/// the request message's bytes. A token captured from one call is worthless for any other
/// method, request id or message.
public enum ServiceTokenCallDigest {
    /// The digest of a call of `method` with `requestID` and the request `message`.
    public static func digest(method: String, requestID: String, message: ByteBuffer) -> [UInt8] {
        var input: [UInt8] = []
        input.reserveCapacity(4 + method.utf8.count + requestID.utf8.count + message.readableBytes)
        appendString16(method, to: &input)
        appendString16(requestID, to: &input)
        input.append(contentsOf: message.readableBytesView)
        return SHA256.hash(input)
    }

    private static func appendString16(_ text: String, to bytes: inout [UInt8]) {
        let count = min(text.utf8.count, Int(UInt16.max))
        bytes.append(UInt8(truncatingIfNeeded: count >> 8))
        bytes.append(UInt8(truncatingIfNeeded: count))
        bytes.append(contentsOf: text.utf8.prefix(count))
    }
}
