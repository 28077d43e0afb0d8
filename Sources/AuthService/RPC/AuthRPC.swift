public import Proto

/// The `portico.v1.Auth` RPC surface of an `AuthService`: the handlers `portico-server auth`
/// serves. Only Portico's own services may call them.
public enum AuthRPC {
    /// Registers every `Auth` method on `router`, answered by `service`.
    public static func register(on router: inout RPCRouter, service: AuthService) {
        router.register(AuthMethods.authorize) { request, context in
            try requireInternalCaller(context)
            let authorization = try await service.authorize(GroupRequest(request))
            return AuthorizeResponse(authorization)
        }
    }

    /// A router serving `service`'s methods.
    public static func router(service: AuthService) -> RPCRouter {
        var router = RPCRouter()
        register(on: &router, service: service)
        return router
    }

    /// Named clients (`rpc.clients`) call the credential RPC only; a person's groups are for
    /// Portico's own services.
    private static func requireInternalCaller(_ context: RPCContext) throws(RPCError) {
        guard context.caller.kind == .internalService else {
            throw RPCError(.permissionDenied, "\(context.caller.identity) may not call \(AuthMethods.serviceName)")
        }
    }
}
