public import NIOCore

/// The handlers a server serves, by method name. Typed handlers registered through an
/// `RPCMethod` decode the request (INVALID_ARGUMENT when it does not decode) and encode the
/// response; raw handlers see the message bytes.
public struct RPCRouter: Sendable {
    /// A handler over message bytes.
    public typealias RawHandler = @Sendable (_ request: ByteBuffer, _ context: RPCContext) async throws -> ByteBuffer

    private var handlers: [String: RawHandler] = [:]

    public init() {}

    /// Serves `method` with `handler` (replacing any handler registered under that name).
    public mutating func register(_ method: String, handler: @escaping RawHandler) {
        handlers[method] = handler
    }

    /// Serves `method` with a handler over its typed messages.
    public mutating func register<Request, Response>(
        _ method: RPCMethod<Request, Response>,
        handler: @escaping @Sendable (_ request: Request, _ context: RPCContext) async throws -> Response
    ) {
        register(method.name) { bytes, context in
            let request: Request
            do {
                request = try Request(protobufBytes: Array(bytes.readableBytesView))
            } catch let error as RPCError {
                throw RPCError(.invalidArgument, "the request does not decode: \(error.message)", cause: error)
            } catch {
                throw RPCError(.invalidArgument, "the request does not decode", cause: error)
            }
            let response = try await handler(request, context)
            let encoded: [UInt8]
            do {
                encoded = try response.protobufBytes()
            } catch {
                context.logger.info("rpc response did not encode", metadata: ["error": "\(error)"])
                throw RPCError(.internal, "internal error", cause: error)
            }
            return ByteBuffer(bytes: encoded)
        }
    }

    /// The handler for `method`, if one is registered.
    public func handler(for method: String) -> RawHandler? {
        handlers[method]
    }

    /// The names of the served methods.
    public var methods: [String] { handlers.keys.sorted() }
}
