import Hummingbird
import PorticoConfig
import PorticoCrypto
import Prometheus

/// `GET /healthcheck` on the gateway's public port, and `GET /metrics` there only when
/// `metrics.bearer_token` is set, to `Authorization: Bearer <token>` (compared in constant
/// time; 401 otherwise). Without a token, `/metrics` is 404 on the public port: the process's
/// metrics are served on `metrics.listen.gateway`, an address of their own.
struct MetricsRoutes: Sendable {
    let registry: PrometheusCollectorRegistry
    let bearerToken: Secret?

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("healthcheck") { _, _ in "ok" }
        guard let bearerToken else { return }
        let expected = Array(bearerToken.exposed.utf8)
        router.get("metrics") { request, _ -> Response in
            guard let presented = RequestAuthenticator.bearerToken(in: request), ConstantTime.equals(Array(presented.utf8), expected) else {
                throw APIError.unauthorized("metrics need the configured bearer token")
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
