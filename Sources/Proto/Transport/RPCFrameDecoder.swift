public import NIOCore

/// Turns the bytes of a connection into `RPCFrame`s: first the peer's preface, then frames.
///
/// Every limit is checked from the fixed-size preface or header, before the payload is waited
/// for, so memory stays bounded by `maxFrameSize` whatever the peer sends: an oversize length,
/// a wrong magic or version, an unknown type or a stream id of the wrong kind throws an
/// `RPCProtocolError` at once (the `RPCProtocolErrorHandler` turns it into GOAWAY and close).
/// A frame with a sound header but an unparsable payload on a stream becomes
/// `RPCFrame.malformed`, so only that call fails. It reports incomplete frames as
/// `RPCFrameProgress` events.
public struct RPCFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = RPCFrame

    /// The largest payload accepted.
    public let maxFrameSize: Int
    private var awaitingPreface: Bool
    /// Whether the bytes buffered are the start of a preface or frame still incomplete.
    private var holdsPartialFrame = false

    /// - Parameters:
    ///   - maxFrameSize: the largest payload accepted; a header declaring more is an error.
    ///   - expectingPreface: whether the peer's first 8 bytes are its preface (always true on a
    ///     real connection; false lets tests feed frames alone).
    public init(maxFrameSize: Int = RPCWireFormat.defaultMaxFrameSize, expectingPreface: Bool = true) {
        self.maxFrameSize = max(maxFrameSize, RPCWireFormat.minimumMaxFrameSize)
        self.awaitingPreface = expectingPreface
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try decodeFrame(from: &buffer) else {
            if buffer.readableBytes > 0, !holdsPartialFrame {
                holdsPartialFrame = true
                context.fireUserInboundEventTriggered(RPCFrameProgress.partialFrame)
            }
            return .needMoreData
        }
        if holdsPartialFrame {
            holdsPartialFrame = false
            context.fireUserInboundEventTriggered(RPCFrameProgress.frameCompleted)
        }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        // A partial frame left when the peer closed is dropped with the connection.
        try decode(context: context, buffer: &buffer)
    }

    /// Decodes one preface or frame from the front of `buffer`, or returns nil (consuming
    /// nothing) when more bytes are needed. Usable without a channel (fuzzing, tools).
    public mutating func decodeFrame(from buffer: inout ByteBuffer) throws -> RPCFrame? {
        if awaitingPreface {
            guard let version = try Self.decodePreface(from: &buffer) else { return nil }
            awaitingPreface = false
            return .preface(version: version)
        }
        guard let header = try peekHeader(buffer) else { return nil }
        guard buffer.readableBytes - RPCWireFormat.headerLength >= Int(header.length) else { return nil }
        buffer.moveReaderIndex(forwardBy: RPCWireFormat.headerLength)
        guard var payload = buffer.readSlice(length: Int(header.length)) else { return nil }
        return try RPCFramePayloadParser.parse(header: header, payload: &payload)
    }

    /// Reads the preface, rejecting a wrong magic as soon as the first differing byte arrives.
    private static func decodePreface(from buffer: inout ByteBuffer) throws -> UInt8? {
        let available = min(buffer.readableBytes, RPCWireFormat.magic.count)
        for offset in 0..<available where buffer.getInteger(at: buffer.readerIndex + offset, as: UInt8.self) != RPCWireFormat.magic[offset] {
            throw RPCProtocolError.badPreface
        }
        guard buffer.readableBytes >= RPCWireFormat.prefaceLength else { return nil }
        buffer.moveReaderIndex(forwardBy: RPCWireFormat.magic.count)
        guard let version = buffer.readInteger(as: UInt8.self) else { return nil }
        guard version == RPCWireFormat.version else { throw RPCProtocolError.unsupportedVersion(version) }
        return version
    }

    /// Validates the header at the front of `buffer` without consuming it.
    private func peekHeader(_ buffer: ByteBuffer) throws -> RPCFrameHeader? {
        let start = buffer.readerIndex
        guard buffer.readableBytes >= RPCWireFormat.headerLength,
              let version = buffer.getInteger(at: start, as: UInt8.self),
              let rawType = buffer.getInteger(at: start + 1, as: UInt8.self),
              let flags = buffer.getInteger(at: start + 2, as: UInt8.self),
              let streamID = buffer.getInteger(at: start + 4, as: UInt32.self),
              let length = buffer.getInteger(at: start + 8, as: UInt32.self)
        else { return nil }
        guard version == RPCWireFormat.version else { throw RPCProtocolError.unsupportedVersion(version) }
        let type = RPCFrameType(rawValue: rawType)
        guard type.isKnown else { throw RPCProtocolError.unknownFrameType(rawType) }
        guard Int(length) <= maxFrameSize else {
            throw RPCProtocolError.frameTooLarge(length: length, maxFrameSize: maxFrameSize)
        }
        guard type.isStreamFrame == (streamID != 0) else {
            throw RPCProtocolError.invalidStreamID(type: type, streamID: streamID)
        }
        switch type {
        case .ping, .pong:
            guard length == RPCWireFormat.pingPayloadLength else { throw RPCProtocolError.invalidLength(type: type, length: length) }
        case .settings:
            guard length % 6 == 0 else { throw RPCProtocolError.invalidLength(type: type, length: length) }
        case .goAway:
            guard length >= 4 else { throw RPCProtocolError.invalidLength(type: type, length: length) }
        default:
            break
        }
        return RPCFrameHeader(type: type, flags: flags, streamID: streamID, length: length)
    }
}

/// Told down the pipeline (as user inbound events) by `RPCFrameDecoder` on a connection, so a
/// server can time how long a peer takes to finish a frame it has started.
public enum RPCFrameProgress: Sendable, Hashable {
    /// Part of a preface or frame has arrived; the rest has not.
    case partialFrame
    /// The preface or frame that was partial is complete.
    case frameCompleted
}

/// The fixed 12-byte header in front of every frame's payload.
struct RPCFrameHeader: Hashable {
    var type: RPCFrameType
    var flags: UInt8
    var streamID: UInt32
    var length: UInt32
}
