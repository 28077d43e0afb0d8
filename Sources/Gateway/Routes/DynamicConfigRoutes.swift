import Foundation
import Hummingbird
import NIOCore
import PorticoAPI
import Proto

/// ConsoleMe's dynamic configuration editor's routes, for people holding `can_edit_config`
/// (403 for anyone else), over the request service's `Admin` methods:
/// - `GET /api/v2/dynamic_config` → `DynamicConfigAnswer`
/// - `POST /api/v2/dynamic_config` `DynamicConfigEdit` → `DynamicConfigSaved`; 400 naming the key
///   path (`DynamicConfigProblem.keyPath`) for a text that is not YAML, has an unknown key or a
///   value of the wrong type, or is unchanged; 409 with the hash in force when someone else
///   stored a version first. Nothing is stored on a refusal (ConsoleMe answered its errors
///   with 200 and could lose an edit).
/// - `GET /api/v2/dynamic_config/history` → `DynamicConfigHistory`
struct DynamicConfigRoutes: Sendable {
    let backends: GatewayBackends
    /// The largest edit body (the YAML text and the hash, as JSON).
    static let maxBodyBytes = 1_048_576

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v2/dynamic_config") { _, context in
            try await backends.routeMetrics.counting(.dynamicConfig) {
                let caller = try Self.editor(context)
                let version = try await call(context) {
                    try await backends.clients.admin.getDynamicConfig(.init(caller: caller), options: backends.callOptions(for: context))
                }
                return JSONBody.response(DynamicConfigAnswer(dynamicConfig: version.config, sha256: version.sha256))
            }
        }
        group.post("api/v2/dynamic_config") { request, context in
            try await backends.routeMetrics.counting(.dynamicConfig) { try await edit(request, context) }
        }
        group.get("api/v2/dynamic_config/history") { _, context in
            try await backends.routeMetrics.counting(.dynamicConfig) {
                let caller = try Self.editor(context)
                let history = try await call(context) {
                    try await backends.clients.admin.listDynamicConfigHistory(.init(caller: caller), options: backends.callOptions(for: context))
                }
                return JSONBody.response(DynamicConfigHistory(versions: history.versions.map {
                    .init(config: $0.config, sha256: $0.sha256, updatedBy: $0.updatedBy, updatedAtMS: $0.updatedAtMs)
                }))
            }
        }
    }

    private func edit(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let caller = try Self.editor(context)
        let edit: DynamicConfigEdit
        do {
            let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
            edit = try APIJSON.decode(DynamicConfigEdit.self, from: Data(buffer: buffer))
        } catch is NIOTooManyBytesError {
            return Self.problem(400, "Bad Request", "body: larger than \(Self.maxBodyBytes) bytes")
        } catch DecodingError.keyNotFound(let key, _) {
            return Self.problem(400, "Bad Request", "\(key.stringValue): field required")
        } catch DecodingError.typeMismatch(_, let decoding) {
            return Self.problem(400, "Bad Request", "\(decoding.codingPath.map(\.stringValue).joined(separator: ".")): must be text")
        } catch {
            return Self.problem(400, "Bad Request", "body: not a JSON object with existing_sha256 and new_config")
        }
        let answer = try await call(context) {
            try await backends.clients.admin.putDynamicConfig(
                .init(caller: caller, existingSha256: edit.existingSHA256, newConfig: edit.newConfig),
                options: backends.callOptions(for: context))
        }
        switch answer.outcome {
        case .stored:
            let stored = answer.stored ?? AdminDynamicConfigVersion()
            return JSONBody.response(DynamicConfigSaved(newConfig: stored.config, newSHA256: stored.sha256))
        case .invalid:
            return Self.problem(400, "Bad Request", answer.message, keyPath: answer.keyPath)
        case .unchanged:
            return Self.problem(400, "Bad Request", answer.message, sha256: answer.currentSha256)
        case .conflict:
            return Self.problem(409, "Conflict", answer.message, sha256: answer.currentSha256)
        case .unspecified, .unrecognized:
            throw APIError(.badGateway, message: "the request service answered an outcome this gateway does not know")
        }
    }

    /// The caller's identity for the admin methods, or 403 without `can_edit_config`.
    private static func editor(_ context: GatewayRequestContext) throws -> AdminCaller {
        let caller = try context.requireAuthorization()
        guard caller.rights.canEditConfig else {
            throw APIError.forbidden("editing the dynamic configuration needs can_edit_config")
        }
        return AdminCaller(principal: caller.principal, canEditConfig: true, canCreateRoles: caller.rights.canCreateRoles)
    }

    private func call<T>(_ context: GatewayRequestContext, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw APIError.backendFailure(error, from: .requests, logger: context.logger)
        }
    }

    private static func problem(_ status: Int, _ title: String, _ message: String, keyPath: String? = nil, sha256: String? = nil) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONBody.encode(
                DynamicConfigProblem(status: status, title: title, message: message, keyPath: keyPath, sha256: sha256)))))
    }
}
