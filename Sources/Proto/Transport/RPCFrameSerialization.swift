public import NIOCore

/// Why a frame could not be put on the wire: a field too long for its length prefix.
public struct RPCFrameEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var length: Int
    public var limit: Int

    public var description: String { "\(field) of \(length) bytes exceeds the wire limit of \(limit)" }
}

extension ByteBuffer {
    /// Writes `frame` in wire format (the preface, or header plus payload).
    ///
    /// With `includingMessage: false` the CALL/REPLY message bytes are left out of the buffer
    /// (the header still counts them), so a large message can be written as its own buffer
    /// right after, without copying.
    @discardableResult
    public mutating func writeRPCFrame(_ frame: RPCFrame, includingMessage: Bool = true) throws -> Int {
        let start = writerIndex
        switch frame {
        case .preface(let version):
            writeBytes(RPCWireFormat.magic)
            writeInteger(version)
        case .call(let call):
            try Self.checkString(call.method, field: "method")
            try Self.checkString(call.requestID, field: "request id")
            try Self.checkString(call.token?.rawValue ?? "", field: "service token")
            guard call.metadata.count <= Int(UInt16.max) else {
                throw RPCFrameEncodingError(field: "metadata", length: call.metadata.count, limit: Int(UInt16.max))
            }
            var envelope = 4 + 2 + call.method.utf8.count + 2 + call.requestID.utf8.count
                + 2 + (call.token?.rawValue.utf8.count ?? 0) + 2
            for entry in call.metadata {
                try Self.checkString(entry.key, field: "metadata key")
                try Self.checkString(entry.value, field: "metadata value")
                envelope += 4 + entry.key.utf8.count + entry.value.utf8.count
            }
            try writeHeader(type: .call, flags: 0, streamID: call.streamID, length: envelope + call.message.readableBytes)
            writeInteger(call.timeoutMilliseconds)
            writeString16(call.method)
            writeString16(call.requestID)
            writeString16(call.token?.rawValue ?? "")
            writeInteger(UInt16(call.metadata.count))
            for entry in call.metadata {
                writeString16(entry.key)
                writeString16(entry.value)
            }
            if includingMessage { writeImmutableBuffer(call.message) }
        case .reply(let reply):
            let statusLength = Self.truncatedLength(reply.statusMessage)
            let flags = reply.isNotProcessed ? RPCWireFormat.flagNotProcessed : 0
            try writeHeader(type: .reply, flags: flags, streamID: reply.streamID,
                            length: 1 + 2 + statusLength + reply.message.readableBytes)
            writeInteger(reply.status.rawValue)
            writeString16(reply.statusMessage, truncatedTo: statusLength)
            if includingMessage { writeImmutableBuffer(reply.message) }
        case .cancel(let streamID):
            try writeHeader(type: .cancel, flags: 0, streamID: streamID, length: 0)
        case .ping(let data):
            try writeHeader(type: .ping, flags: 0, streamID: 0, length: 8)
            writeInteger(data)
        case .pong(let data):
            try writeHeader(type: .pong, flags: 0, streamID: 0, length: 8)
            writeInteger(data)
        case .goAway(let goAway):
            let reasonLength = Self.truncatedLength(goAway.reason)
            try writeHeader(type: .goAway, flags: 0, streamID: 0, length: 2 + 2 + reasonLength)
            writeInteger(goAway.code.rawValue)
            writeString16(goAway.reason, truncatedTo: reasonLength)
        case .settings(let settings):
            var pairs: [(RPCSettings.Identifier, UInt32)] = []
            if let value = settings.maxFrameSize { pairs.append((.maxFrameSize, value)) }
            if let value = settings.maxConcurrentStreams { pairs.append((.maxConcurrentStreams, value)) }
            try writeHeader(type: .settings, flags: 0, streamID: 0, length: pairs.count * 6)
            for (id, value) in pairs {
                writeInteger(id.rawValue)
                writeInteger(value)
            }
        case .malformed(let malformed):
            throw RPCFrameEncodingError(field: "malformed \(malformed.type) frame", length: 0, limit: 0)
        }
        return writerIndex - start
    }

    private mutating func writeHeader(type: RPCFrameType, flags: UInt8, streamID: UInt32, length: Int) throws {
        guard let length = UInt32(exactly: length) else {
            throw RPCFrameEncodingError(field: "\(type) payload", length: length, limit: Int(UInt32.max))
        }
        writeInteger(RPCWireFormat.version)
        writeInteger(type.rawValue)
        writeInteger(flags)
        writeInteger(UInt8(0))
        writeInteger(streamID)
        writeInteger(length)
    }

    private mutating func writeString16(_ string: String) {
        writeInteger(UInt16(string.utf8.count))
        writeString(string)
    }

    private static func checkString(_ string: String, field: String) throws {
        let length = string.utf8.count
        guard length <= RPCWireFormat.maxStringLength else {
            throw RPCFrameEncodingError(field: field, length: length, limit: RPCWireFormat.maxStringLength)
        }
    }

    /// The length of `string` cut to the wire limit at a character boundary (status messages
    /// and reasons are cut rather than refused).
    private static func truncatedLength(_ string: String) -> Int {
        let utf8 = string.utf8
        guard utf8.count > RPCWireFormat.maxStringLength else { return utf8.count }
        var end = utf8.index(utf8.startIndex, offsetBy: RPCWireFormat.maxStringLength)
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return utf8.distance(from: utf8.startIndex, to: end)
    }

    private mutating func writeString16(_ string: String, truncatedTo length: Int) {
        writeInteger(UInt16(length))
        if length == string.utf8.count {
            writeString(string)
        } else {
            writeBytes(string.utf8.prefix(length))
        }
    }
}

extension RPCFrame {
    /// The CALL or REPLY message, if any.
    var messageBuffer: ByteBuffer? {
        switch self {
        case .call(let call): call.message
        case .reply(let reply): reply.message
        default: nil
        }
    }
}
