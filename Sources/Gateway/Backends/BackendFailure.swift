import Hummingbird
import Logging
import Proto

/// Which backend a gateway request called, for error messages, logs and metrics.
enum Backend: String, Sendable {
    case auth, credentials, cache, requests

    /// How an error message names it.
    var displayName: String {
        switch self {
        case .auth: "the authorization service"
        case .credentials: "the credential service"
        case .cache: "the inventory cache"
        case .requests: "the request service"
        }
    }
}

extension APIError {
    /// The answer for a backend call that failed, logged at warning (RPC messages carry no
    /// secrets; none is added here):
    /// - the backend or its dependencies down or too slow (UNAVAILABLE, DEADLINE_EXCEEDED,
    ///   RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, CANCELLED): `503`, try again;
    /// - AuthService or the cache refusing the caller's identity (INVALID_ARGUMENT: a user or
    ///   group name it cannot use): `403` with its reason;
    /// - anything else (the gateway's service token refused, an internal error): `502`.
    static func backendFailure(_ error: any Error, from backend: Backend, logger: Logger) -> APIError {
        if let error = error as? APIError { return error }
        guard let rpc = error as? RPCError else {
            logger.error("backend call failed", metadata: ["backend": "\(backend.rawValue)", "error": "\(error)"])
            return APIError(.badGateway, message: "\(backend.displayName) failed")
        }
        logger.warning("backend call failed", metadata: [
            "backend": "\(backend.rawValue)", "rpc.code": "\(rpc.code)", "rpc.message": "\(rpc.message)",
        ])
        switch rpc.code {
        case .unavailable, .deadlineExceeded, .resourceExhausted, .failedPrecondition, .aborted, .cancelled:
            return APIError(.serviceUnavailable, message: "\(backend.displayName) is unavailable; try again shortly")
        case .invalidArgument where backend != .credentials:
            return APIError(.forbidden, message: "\(backend.displayName) cannot serve this identity: \(rpc.message)")
        default:
            return APIError(.badGateway, message: "\(backend.displayName) failed")
        }
    }
}
