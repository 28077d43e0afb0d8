import FuzzSupport
import Proto

/// libFuzzer entry point: the input is decoded as every generated message type.
@_cdecl("LLVMFuzzerTestOneInput")
public func messageFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    for type in ProtoCatalog.messageTypes {
        MessageRoundTrip.check(type, bytes)
    }
    return 0
}
