import PorticoTestSupport

/// The stand-in for the ALB's public key endpoint (`https://public-keys.auth.elb.{region}
/// .amazonaws.com/{kid}`): serves one PEM at `/{region}/{kid}`, 404 otherwise, counting
/// requests. With a gate, every answer waits until the test opens it.
struct KeyServer {
    let server: LoopbackHTTPServer
    let gate: Gate

    /// The `auth.alb.public_key_url` template that points here.
    var urlTemplate: String { server.baseURL + "/{region}/{kid}" }
    var requestCount: Int { server.requestCount }

    static func start(serving pem: String, kid: String, region: String = "eu-west-1", gated: Bool = false) async throws -> KeyServer {
        let gate = Gate(open: !gated)
        let server = try await LoopbackHTTPServer.start { request in
            await gate.wait()
            guard request.method == "GET", request.path == "/\(region)/\(kid)" else { return .text("not found", status: 404) }
            return .text(pem, headers: [(name: "Content-Type", value: "application/x-pem-file")])
        }
        return KeyServer(server: server, gate: gate)
    }

    func stop() async {
        await gate.open()
        await server.shutdown()
    }
}
