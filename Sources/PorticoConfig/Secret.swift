/// A secret from configuration (RPC secret, session secret, passwords). Printing it, logging it
/// or interpolating it shows `<redacted>`; the value is reachable only through `exposed`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself, for the code that signs or authenticates with it. Never log it.
    public let exposed: String

    public init(_ value: String) { self.exposed = value }

    /// The secret's bytes, for MACs.
    public var bytes: [UInt8] { Array(exposed.utf8) }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
