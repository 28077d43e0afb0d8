public import Proto

extension RPCRouter {
    /// The same methods, refusing named clients (`rpc.clients`) with PERMISSION_DENIED before
    /// the handler runs: for services only Portico's own services call (named clients call the
    /// credential RPC only).
    /// - Parameter service: the service's full name, for the refusal (`portico.v1.Cache`).
    public func refusingNamedClients(service: String) -> RPCRouter {
        var restricted = RPCRouter()
        for method in methods {
            guard let handler = handler(for: method) else { continue }
            restricted.register(method) { request, context in
                guard context.caller.kind == .internalService else {
                    throw RPCError(.permissionDenied, "\(context.caller.identity) may not call \(service)")
                }
                return try await handler(request, context)
            }
        }
        return restricted
    }
}
