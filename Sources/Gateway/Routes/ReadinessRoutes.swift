import Hummingbird
import PorticoAPI
import PorticoService

/// `GET /readyz` on the gateway's public port: `ReadinessAnswer` from the gateway host's
/// `Readiness` (Redis and every backend service's `Health/Check`, and draining), `200` when
/// ready and `503` when not. Public like `/healthcheck`, and saying only which dependency
/// fails, not why.
struct ReadinessRoutes: Sendable {
    let readiness: Readiness

    func addRoutes(to router: Router<GatewayRequestContext>) {
        let readiness = self.readiness
        router.get("readyz") { _, _ -> Response in
            let report = await readiness.report()
            let answer = ReadinessAnswer(
                status: report.isReady ? ReadinessAnswer.ready : ReadinessAnswer.notReady, draining: report.isDraining,
                checks: Dictionary(
                    report.checks.map { ($0.name, $0.problem == nil ? ReadinessAnswer.ok : ReadinessAnswer.failing) },
                    uniquingKeysWith: { first, _ in first }))
            return JSONBody.response(answer, status: report.isReady ? .ok : .serviceUnavailable)
        }
    }
}
