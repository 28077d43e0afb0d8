internal import CHiredis

extension RedisValue {
    /// Copies a hiredis reply into Swift values; the caller still owns (and frees) `reply`.
    /// Strings are copied with their exact length (`len`), so NUL bytes survive.
    init(copying reply: UnsafePointer<redisReply>) throws(RedisError) {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            self = .bulkString(Self.bytes(r.str, r.len))
        case REDIS_REPLY_STATUS:
            self = .simpleString(String(decoding: Self.bytes(r.str, r.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            let message = String(decoding: Self.bytes(r.str, r.len), as: UTF8.self)
            self = .error(RedisError.sanitized(serverMessage: message))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(r.integer))
        case REDIS_REPLY_NIL:
            self = .null
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(r.elements)
            for index in 0..<r.elements {
                guard let element = r.element?[index] else { throw .protocol("array reply with a missing element") }
                elements.append(try RedisValue(copying: element))
            }
            self = .array(elements)
        default:
            throw .protocol("unknown reply type \(r.type)")
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
