import Logging
import NIOCore

/// Runs one call on its task: authenticates the token, finds the handler, runs it with an
/// `RPCContext`, and turns the outcome into a REPLY (handler errors through
/// `RPCErrorConvertible`, anything else INTERNAL with a generic message). Records metrics.
struct RPCCallDispatcher: Sendable {
    let router: RPCRouter
    let verifier: ServiceTokenVerifier
    let metrics: RPCMetrics
    let logger: Logger

    /// - Parameter peerCommonName: the CN of the connection's verified TLS client certificate.
    func dispatch(
        _ call: RPCCallFrame, deadline: ContinuousClock.Instant?, receivedAt: ContinuousClock.Instant, peerCommonName: String? = nil
    ) async -> RPCReplyFrame {
        let handler = router.handler(for: call.method)
        let methodLabel = handler == nil ? RPCMetrics.unknownMethodLabel : call.method
        let reply: RPCReplyFrame
        do {
            let body = try await run(call, handler: handler, deadline: deadline, peerCommonName: peerCommonName)
            reply = RPCReplyFrame(streamID: call.streamID, status: .ok, message: body)
        } catch {
            reply = RPCReplyFrame(streamID: call.streamID, error: status(for: error, call: call, deadline: deadline))
        }
        var recorded = reply.status
        if recorded == .ok, Task.isCancelled {
            // The caller already got CANCELLED or DEADLINE_EXCEEDED; count what it saw.
            recorded = Self.hasPassed(deadline) ? .deadlineExceeded : .cancelled
        }
        metrics.record(method: methodLabel, code: recorded, duration: ContinuousClock.now - receivedAt)
        return reply
    }

    private func run(
        _ call: RPCCallFrame, handler: RPCRouter.RawHandler?, deadline: ContinuousClock.Instant?, peerCommonName: String?
    ) async throws -> ByteBuffer {
        let caller = try verifier.verify(
            call.token, method: call.method, requestID: call.requestID, message: call.message, peerCommonName: peerCommonName)
        guard let handler else {
            throw RPCError(.unimplemented, "method \(call.method.prefix(200)) is not implemented")
        }
        var callLogger = logger
        callLogger[metadataKey: "rpc.method"] = "\(call.method)"
        callLogger[metadataKey: "rpc.request_id"] = "\(call.requestID)"
        callLogger[metadataKey: "rpc.caller"] = "\(caller.identity)"
        let context = RPCContext(
            method: call.method, caller: caller, requestID: call.requestID, metadata: call.metadata,
            deadline: deadline, logger: callLogger)
        try Task.checkCancellation()
        return try await handler(call.message, context)
    }

    private func status(for error: any Error, call: RPCCallFrame, deadline: ContinuousClock.Instant?) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case let error as any RPCErrorConvertible:
            return error.rpcError
        case is CancellationError:
            return Self.hasPassed(deadline)
                ? RPCError(.deadlineExceeded, "deadline exceeded")
                : RPCError(.cancelled, "cancelled")
        default:
            logger.info("rpc handler failed", metadata: [
                "rpc.method": "\(call.method)", "rpc.request_id": "\(call.requestID)",
                "error.type": "\(String(reflecting: type(of: error)))", "error": "\(error)",
            ])
            return RPCError(.internal, "internal error", cause: error)
        }
    }

    private static func hasPassed(_ deadline: ContinuousClock.Instant?) -> Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }
}
