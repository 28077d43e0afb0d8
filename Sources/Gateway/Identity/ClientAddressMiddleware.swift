import Hummingbird

/// Puts the client's address into the context of every request, believing X-Forwarded-For only
/// as far as `auth.trusted_proxy_hops` allows (see `ClientAddress`).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let trustedProxyHops: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = ClientAddress.resolve(
            socketPeer: context.socketPeer,
            forwardedFor: request.headers.values(named: "X-Forwarded-For"),
            trustedProxyHops: trustedProxyHops)
        return try await next(request, context)
    }
}
