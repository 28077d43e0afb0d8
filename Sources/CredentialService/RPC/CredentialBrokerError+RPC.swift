public import Proto

/// How a broker error is reported over RPC when it is not a refusal the reply carries: the
/// service's own failures (the mapping, STS, the federation endpoint, the audit stream) are
/// UNAVAILABLE, so the gateway answers 503 and a caller may try again. A refusal, were it ever
/// sent as an error, says whose fault it is: the request's, or the caller's rights.
extension CredentialBrokerError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .eligibleRolesUnavailable, .stsFailed, .federationFailed, .auditUnavailable:
            RPCError(.unavailable, description, cause: self)
        case .invalidRequest, .invalidRedirect:
            RPCError(.invalidArgument, description)
        case .noMatchingRole:
            RPCError(.notFound, description)
        case .ambiguousRole:
            RPCError(.failedPrecondition, description)
        case .unknownClient, .roleNotAllowedForClient, .ipRestrictionsRequired:
            RPCError(.permissionDenied, description)
        }
    }
}
