import Hummingbird
import Prometheus

/// Requests to the REST routes that call the backends, by route and outcome, registered in the
/// gateway's registry as `portico_gateway_requests_total{route, outcome}`: `ok`, `refused`
/// (403: no matching role, several, not allowed…), `bad_request` (400), `unavailable` (503: a
/// backend down) or `failed` (anything else).
struct RouteMetrics: Sendable {
    enum Route: String, CaseIterable, Sendable {
        case getCredentials = "get_credentials"
        case getRolesV1 = "get_roles_v1"
        case getRolesV2 = "get_roles_v2"
        case roleLogin = "role_login"
        case roleRedirect = "role_redirect"
        case userProfile = "user_profile"
    }

    enum Outcome: String, CaseIterable, Sendable {
        case ok, refused
        case badRequest = "bad_request"
        case unavailable, failed

        init(status: HTTPResponse.Status) {
            switch status.code {
            case 200..<400: self = .ok
            case 400: self = .badRequest
            case 403: self = .refused
            case 503: self = .unavailable
            default: self = .failed
            }
        }
    }

    private struct Series: Hashable {
        let route: Route
        let outcome: Outcome
    }

    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "portico", subsystem: "gateway", metricName: "requests", unitName: "total",
            helpText: "Requests to the gateway's backend routes by route and outcome")
    }

    private let counters: [Series: Counter]

    init(registry: PrometheusCollectorRegistry) {
        var counters: [Series: Counter] = [:]
        for route in Route.allCases {
            for outcome in Outcome.allCases {
                counters[Series(route: route, outcome: outcome)] = registry.makeCounter(
                    descriptor: Self.requests, labels: [("route", route.rawValue), ("outcome", outcome.rawValue)])
            }
        }
        self.counters = counters
    }

    /// Runs a route's handler and counts its outcome: the response's status, or the error's.
    func counting(_ route: Route, _ handler: () async throws -> Response) async throws -> Response {
        do {
            let response = try await handler()
            record(route, Outcome(status: response.status))
            return response
        } catch let error as any HTTPResponseError {
            record(route, Outcome(status: error.status))
            throw error
        } catch {
            record(route, .failed)
            throw error
        }
    }

    func record(_ route: Route, _ outcome: Outcome) {
        counters[Series(route: route, outcome: outcome)]?.increment()
    }
}
