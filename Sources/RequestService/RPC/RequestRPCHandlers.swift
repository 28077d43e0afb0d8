import Foundation
import Logging
import PorticoAPI
import PorticoAWS
import PorticoService
import Proto

/// The `Requests` methods (`proto/requests.proto`) over `PolicyRequests`: JSON bodies in, the
/// status and body the gateway answers with out. Refusals (`PolicyRequestProblem`) are OK
/// replies with their status; only failures of the service itself are RPC errors.
struct RequestRPCHandlers: Sendable {
    let requests: PolicyRequests
    let maxBodyBytes: Int

    static func router(_ handlers: RequestRPCHandlers) -> RPCRouter {
        var router = RPCRouter()
        router.register(RequestsMethods.createRequest) { call, context in
            try await handlers.answer(call, context) { caller in
                let body = try handlers.decode(PolicyRequestCreation.self, call.bodyJSON)
                return try await handlers.requests.create(body, caller: caller)
            }
        }
        router.register(RequestsMethods.listRequests) { call, context in
            try await handlers.answer(call, context) { caller in
                let body = call.bodyJSON.isEmpty ? PolicyRequestListQuery() : try handlers.decode(PolicyRequestListQuery.self, call.bodyJSON)
                return try await handlers.requests.list(body, caller: caller)
            }
        }
        router.register(RequestsMethods.getRequest) { call, context in
            try await handlers.answer(call, context) { caller in
                try await handlers.requests.detail(try handlers.requestID(call), caller: caller)
            }
        }
        router.register(RequestsMethods.modifyRequest) { call, context in
            try await handlers.answer(call, context) { caller in
                let id = try handlers.requestID(call)
                let body = try handlers.decode(PolicyRequestModification.self, call.bodyJSON)
                return try await handlers.requests.modify(id, body, caller: caller)
            }
        }
        router.register(RequestsMethods.getPermissionTemplates) { call, context in
            try await handlers.answer(call, context) { _ in
                PermissionTemplateList(permissionTemplates: handlers.requests.selfService.templates().map {
                    .init(key: $0.key, text: $0.text, value: $0.value)
                })
            }
        }
        return router
    }

    private func answer(
        _ call: PolicyRequestCall, _ context: RPCContext, _ body: (RequestCaller) async throws -> some Encodable
    ) async throws(RPCError) -> PolicyRequestReply {
        guard context.caller.kind == .internalService else {
            throw RPCError(.permissionDenied, "only Portico's services may call the request service")
        }
        guard let principal = call.caller?.principal, !principal.user.isEmpty else {
            throw RPCError(.invalidArgument, "caller.principal.user is required")
        }
        let caller = RequestCaller(user: principal.user, groups: principal.groups, canAdminPolicies: call.caller?.canAdminPolicies ?? false)
        do {
            let value = try await body(caller)
            return PolicyRequestReply(status: 200, bodyJSON: String(decoding: try APIJSON.encode(value), as: UTF8.self))
        } catch let problem as PolicyRequestProblem {
            return Self.reply(problem)
        } catch let conflict as RevisionConflict {
            return Self.reply(.conflict("the request changed meanwhile; look again", current: conflict.current))
        } catch {
            context.logger.error("request service call failed", metadata: ["error": "\(String(describing: error).prefix(300))"])
            throw RPCError(.unavailable, "the request service could not complete the call: \(String(describing: error).prefix(200))")
        }
    }

    static func reply(_ problem: PolicyRequestProblem) -> PolicyRequestReply {
        PolicyRequestReply(
            status: UInt32(problem.status), bodyJSON: String(decoding: (try? APIJSON.encode(problem)) ?? Data("{}".utf8), as: UTF8.self))
    }

    private func requestID(_ call: PolicyRequestCall) throws -> String {
        let id = call.requestID
        guard !id.isEmpty, id.utf8.count <= 128, id.unicodeScalars.allSatisfy({
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
        }) else {
            throw PolicyRequestProblem.badRequest("request id: [a-zA-Z0-9_-]+ is required")
        }
        return id
    }

    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        guard text.utf8.count <= maxBodyBytes else {
            throw PolicyRequestProblem.badRequest("body: larger than \(maxBodyBytes) bytes")
        }
        do {
            return try APIJSON.decode(type, from: Data(text.utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            throw PolicyRequestProblem.badRequest("\(Self.path(context.codingPath + [key])): field required")
        } catch let DecodingError.typeMismatch(_, context) {
            throw PolicyRequestProblem.badRequest("\(Self.path(context.codingPath)): wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw PolicyRequestProblem.badRequest("\(Self.path(context.codingPath)): must not be null")
        } catch let DecodingError.dataCorrupted(context) {
            throw PolicyRequestProblem.badRequest("\(Self.path(context.codingPath)): \(context.debugDescription.prefix(200))")
        } catch {
            throw PolicyRequestProblem.badRequest("body: not a valid JSON document")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "body" : text)
    }
}
