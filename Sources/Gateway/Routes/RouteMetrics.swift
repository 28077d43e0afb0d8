import Hummingbird
import PorticoTelemetry
import Prometheus

/// Requests to the REST routes that call the backends, by route and outcome (swift-metrics, into
/// the gateway's registry): `portico_gateway_requests_total{route, outcome}`: `ok`, `refused`
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
        case policyRequests = "policy_requests"
        case policies
        case inventoryItem = "inventory_item"
        case dynamicConfig = "dynamic_config"
        case roleAdministration = "role_administration"
        case permissionTemplates = "permission_templates"
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

    private let requests: LabelledCounters<Route, Outcome>

    init(registry: PrometheusCollectorRegistry) {
        requests = LabelledCounters(
            factory: MetricsBootstrap.factory(for: registry), name: "requests", labels: ("route", "outcome"))
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
        requests.increment(route, outcome)
    }
}
