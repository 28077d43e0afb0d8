/// A GOAWAY frame: the sender takes no new calls on this connection. With `noError` (graceful
/// shutdown) calls already received are still answered; with any other code the sender closes
/// the connection right after it.
public struct RPCGoAway: Sendable, Hashable {
    /// Why the connection is going away (a `u16` on the wire).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// Graceful shutdown: drain and close.
        public static let noError = Code(rawValue: 0)
        /// The peer broke the protocol (bad preface, unknown frame type, bad stream id...).
        public static let protocolError = Code(rawValue: 1)
        /// A frame header declared a payload above the receiver's max frame size.
        public static let frameTooLarge = Code(rawValue: 2)
        /// The preface or a frame header carried a version the receiver does not speak.
        public static let unsupportedVersion = Code(rawValue: 3)
        /// The sender failed in a way unrelated to the peer's bytes.
        public static let internalError = Code(rawValue: 4)

        public var description: String {
            switch self {
            case .noError: "NO_ERROR"
            case .protocolError: "PROTOCOL_ERROR"
            case .frameTooLarge: "FRAME_TOO_LARGE"
            case .unsupportedVersion: "UNSUPPORTED_VERSION"
            case .internalError: "INTERNAL_ERROR"
            default: "GOAWAY_CODE_\(rawValue)"
            }
        }
    }

    public var code: Code
    /// A human-readable reason (never containing secrets).
    public var reason: String

    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// A SETTINGS frame: the sender's limits. Each side may send one after its preface; unknown
/// setting ids are skipped, so new settings can be added without a version change.
public struct RPCSettings: Sendable, Hashable {
    /// The setting ids on the wire.
    public enum Identifier: UInt16, Sendable {
        case maxFrameSize = 1
        case maxConcurrentStreams = 2
    }

    /// The largest payload the sender accepts.
    public var maxFrameSize: UInt32?
    /// How many calls the sender runs at once on this connection (servers only).
    public var maxConcurrentStreams: UInt32?

    public init(maxFrameSize: UInt32? = nil, maxConcurrentStreams: UInt32? = nil) {
        self.maxFrameSize = maxFrameSize
        self.maxConcurrentStreams = maxConcurrentStreams
    }
}
