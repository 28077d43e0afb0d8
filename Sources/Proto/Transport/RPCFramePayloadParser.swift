import NIOCore

/// Parses the payload of a frame whose header the decoder has validated.
enum RPCFramePayloadParser {
    /// Why a payload did not parse.
    private struct PayloadError: Error {
        var reason: String
    }

    static func parse(header: RPCFrameHeader, payload: inout ByteBuffer) throws -> RPCFrame {
        switch header.type {
        case .call:
            do { return .call(try parseCall(streamID: header.streamID, payload: &payload)) } catch let error as PayloadError {
                return .malformed(RPCMalformedFrame(type: .call, streamID: header.streamID, reason: error.reason))
            }
        case .reply:
            do {
                return .reply(try parseReply(streamID: header.streamID, flags: header.flags, payload: &payload))
            } catch let error as PayloadError {
                return .malformed(RPCMalformedFrame(type: .reply, streamID: header.streamID, reason: error.reason))
            }
        case .cancel:
            // A CANCEL payload has no meaning in version 1 and is skipped.
            return .cancel(streamID: header.streamID)
        case .ping:
            return .ping(try readPingData(&payload))
        case .pong:
            return .pong(try readPingData(&payload))
        case .goAway:
            do { return .goAway(try parseGoAway(&payload)) } catch let error as PayloadError {
                throw RPCProtocolError.malformedControlFrame(type: .goAway, reason: error.reason)
            }
        case .settings:
            return .settings(parseSettings(&payload))
        default:
            // The decoder rejects unknown types before calling the parser.
            throw RPCProtocolError.unknownFrameType(header.type.rawValue)
        }
    }

    private static func parseCall(streamID: UInt32, payload: inout ByteBuffer) throws -> RPCCallFrame {
        guard let timeout = payload.readInteger(as: UInt32.self) else { throw PayloadError(reason: "truncated CALL timeout") }
        let method = try readString(&payload, field: "method")
        guard !method.isEmpty else { throw PayloadError(reason: "empty method name") }
        let requestID = try readString(&payload, field: "request id")
        let token = try readString(&payload, field: "service token")
        guard let count = payload.readInteger(as: UInt16.self) else { throw PayloadError(reason: "truncated metadata count") }
        // Each entry takes at least 4 bytes, so a count the payload cannot hold fails before any allocation.
        guard Int(count) * 4 <= payload.readableBytes else { throw PayloadError(reason: "metadata count \(count) exceeds the payload") }
        var entries: [RPCMetadata.Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            let key = try readString(&payload, field: "metadata key")
            let value = try readString(&payload, field: "metadata value")
            entries.append(RPCMetadata.Entry(key: key, value: value))
        }
        return RPCCallFrame(
            streamID: streamID, method: method, timeoutMilliseconds: timeout, requestID: requestID,
            token: token.isEmpty ? nil : ServiceToken(token), metadata: RPCMetadata(entries),
            message: payload)
    }

    private static func parseReply(streamID: UInt32, flags: UInt8, payload: inout ByteBuffer) throws -> RPCReplyFrame {
        guard let status = payload.readInteger(as: UInt8.self) else { throw PayloadError(reason: "truncated REPLY status") }
        let message = try readString(&payload, field: "status message")
        return RPCReplyFrame(
            streamID: streamID, status: RPCError.Code(rawValue: status), statusMessage: message,
            isNotProcessed: flags & RPCWireFormat.flagNotProcessed != 0, message: payload)
    }

    private static func parseGoAway(_ payload: inout ByteBuffer) throws -> RPCGoAway {
        guard let code = payload.readInteger(as: UInt16.self) else { throw PayloadError(reason: "truncated code") }
        let reason = try readString(&payload, field: "reason")
        return RPCGoAway(code: RPCGoAway.Code(rawValue: code), reason: reason)
    }

    private static func parseSettings(_ payload: inout ByteBuffer) -> RPCSettings {
        var settings = RPCSettings()
        while let id = payload.readInteger(as: UInt16.self), let value = payload.readInteger(as: UInt32.self) {
            switch RPCSettings.Identifier(rawValue: id) {
            case .maxFrameSize: settings.maxFrameSize = value
            case .maxConcurrentStreams: settings.maxConcurrentStreams = value
            case nil: continue
            }
        }
        return settings
    }

    private static func readPingData(_ payload: inout ByteBuffer) throws -> UInt64 {
        guard let data = payload.readInteger(as: UInt64.self) else {
            throw RPCProtocolError.invalidLength(type: .ping, length: UInt32(payload.readableBytes))
        }
        return data
    }

    /// A `u16`-length-prefixed UTF-8 string.
    private static func readString(_ payload: inout ByteBuffer, field: String) throws -> String {
        guard let length = payload.readInteger(as: UInt16.self) else { throw PayloadError(reason: "truncated \(field) length") }
        guard payload.readableBytes >= Int(length) else {
            throw PayloadError(reason: "\(field) of \(length) bytes runs past the end of the payload")
        }
        guard let string = try? payload.readUTF8ValidatedString(length: Int(length)) else {
            throw PayloadError(reason: "\(field) is not valid UTF-8")
        }
        return string
    }
}
