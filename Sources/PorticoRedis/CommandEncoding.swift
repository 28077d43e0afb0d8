internal import CHiredis

/// Lays a command's arguments out the way `redisAppendCommandArgv` / `redisCommandArgv` want
/// them: one contiguous byte buffer with a pointer and a length per argument, so values are
/// sent with their exact length (NUL bytes included).
struct CommandEncoding {
    private var storage: [UInt8]
    private var offsets: [Int]
    private var lengths: [Int]

    init(_ command: [RedisArgument]) {
        let total = command.reduce(0) { $0 + $1.bytes.count }
        storage = []
        // Never empty, so the base address is never nil even when every argument is empty.
        storage.reserveCapacity(max(total, 1))
        offsets = []
        offsets.reserveCapacity(command.count)
        lengths = []
        lengths.reserveCapacity(command.count)
        for argument in command {
            offsets.append(storage.count)
            lengths.append(argument.bytes.count)
            storage.append(contentsOf: argument.bytes)
        }
        if storage.isEmpty { storage.append(0) }
    }

    var count: Int { lengths.count }

    /// Calls `body` with argc, argv and argvlen, valid only during the call.
    func withArgv<Result>(
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        storage.withUnsafeBytes { raw in
            // `storage` is never empty, so its base address exists.
            let base = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: CChar.self)
            var argv = offsets.map { Optional(UnsafePointer(base + $0)) }
            return argv.withUnsafeMutableBufferPointer { argvBuffer in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    body(Int32(count), argvBuffer.baseAddress.unsafelyUnwrapped, lengthBuffer.baseAddress.unsafelyUnwrapped)
                }
            }
        }
    }
}
