import Hummingbird

/// The caller's eligible roles, ConsoleMe-compatible: `GET /api/v1/get_roles` (a JSON array of
/// ARNs) and `GET /api/v2/get_roles` (`{status, status_code, data: {roles: [{arn, account_id,
/// account_friendly_name, role_name}]}}`). Without `?all=true` the roles only the CLI may use
/// are left out. The hot path of Weep and the web UI: authorization and roles come from the
/// gateway's in-memory caches and the body is sent as encoded when the roles were fetched.
struct RoleRoutes: Sendable {
    let backends: GatewayBackends

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v1/get_roles") { request, context in
            try await backends.routeMetrics.counting(.getRolesV1) {
                try await roles(request, context: context, format: .v1(includeCLIOnly: Self.wantsAll(request)))
            }
        }
        group.get("api/v2/get_roles") { request, context in
            try await backends.routeMetrics.counting(.getRolesV2) {
                try await roles(request, context: context, format: .v2(includeCLIOnly: Self.wantsAll(request)))
            }
        }
    }

    private func roles(_ request: Request, context: GatewayRequestContext, format: RoleListing.Format) async throws -> Response {
        let caller = try context.requireAuthorization()
        let listing = try await backends.roles.listing(for: caller, logger: context.logger)
        return Response(status: .ok, headers: Self.headers, body: .init(byteBuffer: listing.body(format)))
    }

    private static let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]

    /// `all=true` (ConsoleMe's spelling; `1` and `yes` too).
    static func wantsAll(_ request: Request) -> Bool {
        guard let value = request.uri.queryParameters["all"] else { return false }
        return ["true", "1", "yes"].contains(value.lowercased())
    }
}
