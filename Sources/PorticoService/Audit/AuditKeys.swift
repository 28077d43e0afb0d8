public import PorticoRedis

/// The Redis keys beside one audit stream: the chain head (`<stream>:chain`, a hash of the last
/// `seq` and `hash`) and the archive mark (`<stream>:archived`, a hash of the last archived
/// stream `id` and `seq`; its presence tells writers the archiver trims the stream).
public struct AuditKeys: Sendable {
    public let stream: String

    public init(stream: String) { self.stream = stream }

    public var streamKey: RedisArgument { RedisArgument(stream) }
    public var head: RedisArgument { RedisArgument(stream + ":chain") }
    public var archived: RedisArgument { RedisArgument(stream + ":archived") }
    /// The archiver's lease (one archiver at a time across every replica).
    public static let archiverLease = "portico:audit:archiver"
}
