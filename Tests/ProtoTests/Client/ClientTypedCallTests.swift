import Proto
import Testing

/// The clients generated from the .proto files: each rpc is a method of `<Service>Client` that
/// calls the method table's entry through the wrapped `RPCClient`, options and errors included.
@Suite("Client: generated typed clients")
struct ClientTypedCallTests {
    /// A Health service whose Echo answers with the request and the caller's request id, and
    /// whose Check refuses an unknown service as NOT_FOUND.
    static func healthRouter() -> RPCRouter {
        var router = RPCRouter()
        router.register(HealthMethods.echo) { request, context in
            EchoResponse(echo: request, server: context.requestID)
        }
        router.register(HealthMethods.check) { request, _ in
            guard request.service.isEmpty else { throw RPCError(.notFound, "no service '\(request.service)' here") }
            return HealthCheckResponse(status: .serving)
        }
        return router
    }

    @Test("each rpc is an async method taking the request and the call options")
    func typedCall() async throws {
        try await withRPCServer(router: Self.healthRouter()) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { rpc in
                let health = HealthClient(rpc: rpc)
                var request = EchoRequest()
                request.text = "héllo"
                let reply = try await health.echo(request, options: CallOptions(requestID: "typed-1"))
                #expect(reply.echo?.text == "héllo")
                #expect(reply.server == "typed-1")
                #expect(try await health.check(HealthCheckRequest()).status == .serving)
            }
        }
    }

    @Test("a failed call throws the server's RPCError")
    func typedError() async throws {
        try await withRPCServer(router: Self.healthRouter()) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { rpc in
                await #expect(throws: RPCError(.notFound, "no service 'cache' here")) {
                    try await HealthClient(rpc: rpc).check(HealthCheckRequest(service: "cache"))
                }
            }
        }
    }
}
