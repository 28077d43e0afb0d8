/// Runs `body` over the bytes of any collection, without copying when they are already contiguous.
///
/// The pointer is never nil, even for an empty collection, so it can be handed to C functions
/// that reject a null pointer with a zero length.
func withContiguousBytes<Bytes: Collection<UInt8>, Result>(
    _ bytes: Bytes,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
) rethrows -> Result {
    if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
        try withNonNilBase(buffer, body)
    }) {
        return result
    }
    return try Array(bytes).withUnsafeBufferPointer { buffer in try withNonNilBase(buffer, body) }
}

private func withNonNilBase<Result>(
    _ buffer: UnsafeBufferPointer<UInt8>,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
) rethrows -> Result {
    if buffer.baseAddress != nil { return try body(buffer) }
    var placeholder: UInt8 = 0
    return try withUnsafePointer(to: &placeholder) { pointer in
        try body(UnsafeBufferPointer(start: pointer, count: 0))
    }
}
