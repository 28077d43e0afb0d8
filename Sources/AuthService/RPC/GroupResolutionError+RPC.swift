public import Proto

/// How a failed resolution is reported over RPC: the caller's fault is INVALID_ARGUMENT; a
/// Google outage is UNAVAILABLE (retried on another replica); Google refusing the service
/// account is FAILED_PRECONDITION, a configuration problem retrying will not fix. Messages are
/// the error's description, which carries Google's status and message and never a secret.
extension GroupResolutionError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalidUser, .invalidClaimedGroup, .tooManyClaimedGroups:
            RPCError(.invalidArgument, description)
        case .directory(let google):
            RPCError(google.isTransient ? .unavailable : .failedPrecondition, description)
        }
    }
}

extension GoogleDirectoryError {
    /// Whether asking again later may succeed: no answer, a 429 or 5xx, or a garbled answer.
    var isTransient: Bool {
        switch self {
        case .unreachable, .malformedResponse: true
        case .rejected(_, let status, _): status == 429 || status >= 500
        case .tooManyPages, .signingFailed: false
        }
    }
}
