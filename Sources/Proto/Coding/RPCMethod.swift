/// One unary RPC of the wire protocol: its full name on the wire (`/portico.v1.Health/Echo`),
/// whether it may be retried, and — as type parameters — the messages it carries.
///
/// Generated per service from `proto/*.proto` (e.g. `HealthService.echo`); the RPC server
/// registers handlers and the client makes calls against these values.
public struct RPCMethod<Request: ProtoMessage, Response: ProtoMessage>: Sendable, Hashable,
    CustomStringConvertible
{
    /// The full method name as it travels in a call frame: `/<package>.<Service>/<Method>`.
    public let name: String

    /// True when a call can safely be repeated (the method declares
    /// `option idempotency_level = NO_SIDE_EFFECTS` or `IDEMPOTENT`), so a client may retry it
    /// on another endpoint after `UNAVAILABLE`.
    public let isIdempotent: Bool

    public init(name: String, isIdempotent: Bool) {
        self.name = name
        self.isIdempotent = isIdempotent
    }

    public var description: String { name }
}
