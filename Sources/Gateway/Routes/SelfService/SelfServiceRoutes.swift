import Foundation
import Hummingbird
import IAMPolicy
import PorticoConfig
import PorticoCore
import PorticoCrypto

/// The self-service wizard's stateless routes (CONSOLEME.md 3 and 4), answered from IAMPolicy:
/// - `GET /api/v2/self_service_config` → every key of `self_service_iam`, the permissions map
///   (ConsoleMe's, with the file's entries in place by generator type) and the flags;
/// - `POST /api/v2/generate_changes` → one minimal `inline_policy` change with explanations;
/// - `POST /api/v2/policies/check` → findings `[{issue, detail, location, severity, title, description}]`;
/// - `GET /api/v1/policyuniverse/autocomplete?prefix=` → `[{"permission"}]` or, with
///   `only_filter_services`, `[{"title"}]`.
struct SelfServiceRoutes: Sendable {
    static let maxBodyBytes = 256 * 1024
    var generator = ChangeGenerator()
    var checker = PolicyChecker()
    var explanation = PolicyExplanation()
    /// Turns `denied_actions` entries into the policy of what the role was refused (Routes/Events).
    var deniedCalls: DeniedCallsLookup? = nil
    /// `policies.allow_admin_self_approval`: without it nobody's `admin_auto_approve` is honoured,
    /// so the wizard offers no "submit and apply".
    var adminSelfApproval = false
    /// The keys of `self_service_iam` besides `permissions_map`, sent as they are.
    var selfServiceIAM: [String: JSONValue] = [:]
    /// `self_service_iam_help_message`.
    var helpMessage: String? = nil

    /// The routes as the configuration says: `self_service_iam.permissions_map` laid over
    /// ConsoleMe's map by generator type.
    /// - Throws: `GatewayStartupError.invalidPermissionsMap` naming the path at fault.
    static func configured(
        _ configuration: PorticoConfiguration, deniedCalls: DeniedCallsLookup?
    ) throws(GatewayStartupError) -> SelfServiceRoutes {
        var routes = SelfServiceRoutes(
            deniedCalls: deniedCalls, adminSelfApproval: configuration.policies.allowAdminSelfApproval,
            helpMessage: configuration.selfServiceHelpMessage)
        var fields = configuration.selfServiceIAM?.objectValue ?? [:]
        if let map = fields.removeValue(forKey: "permissions_map") {
            do {
                routes.generator.permissionsMap = PermissionsMap.consoleMeDefaults.overridden(by: try PermissionsMap(json: map))
            } catch {
                throw .invalidPermissionsMap(error.path.isEmpty ? error.reason : "\(error.path): \(error.reason)")
            }
        }
        routes.selfServiceIAM = fields
        return routes
    }

    func addRoutes(to authorized: RouterGroup<GatewayRequestContext>) {
        authorized.get("api/v2/self_service_config") { _, context -> Response in
            let authorization = try context.requireAuthorization()
            var body = selfServiceIAM
            body["admin_bypass_approval_enabled"] = .bool(authorization.rights.canAdminPolicies && adminSelfApproval)
            body["export_to_terraform_enabled"] = false
            body["help_message"] = helpMessage.map(JSONValue.string) ?? .null
            body["permissions_map"] = generator.permissionsMap.json
            return JSONBody.response(JSONValue.object(body))
        }
        authorized.post("api/v2/generate_changes") { request, context -> Response in
            let caller = try context.requireIdentity()
            let json = try await Self.body(of: request)
            guard var changes = json["changes"]?.arrayValue else {
                throw APIError.badRequest("Error validating input: changes must be an array of generators")
            }
            if let deniedCalls { changes = try await deniedCalls.expand(changes, context: context) }
            do {
                let requests = try changes.enumerated().map { entry throws(ChangeGenerationError) in
                    try GeneratorRequest(json: entry.element, index: entry.offset)
                }
                let letters = String((0..<4).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
                let policy = try generator.generate(
                    requests, user: caller.email, epochSeconds: Int(Date().timeIntervalSince1970), randomLetters: { letters })
                return JSONBody.response(Self.changeModel(policy, explanations: explanation.summaries(of: policy.document)))
            } catch {
                throw APIError.badRequest("Error validating input: \(error)")
            }
        }
        authorized.post("api/v2/policies/check") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
            let bytes = Array(buffer.readableBytesView)
            // The body is the policy, or a JSON string holding it.
            var text = String(decoding: bytes, as: UTF8.self)
            if case .string(let inner)? = try? JSONValue(parsing: bytes) { text = inner }
            let kindName = request.uri.queryParameters.get("policy_type").map { String($0) } ?? "inline_policy"
            guard let kind = PolicyChecker.PolicyKind(rawValue: kindName) else {
                throw APIError.badRequest("policy_type must be inline_policy or managed_policy, not \(kindName)")
            }
            let findings = checker.check(text, kind: kind).map { finding -> JSONValue in
                ["issue": .string(finding.issue), "detail": .string(finding.detail), "location": .string(finding.location),
                 "severity": .string(finding.severity.rawValue), "title": .string(finding.title),
                 "description": .string(finding.description)]
            }
            return JSONBody.response(JSONValue.array(findings))
        }
        authorized.get("api/v1/policyuniverse/autocomplete") { request, context -> Response in
            let prefix = request.uri.queryParameters.get("prefix") ?? ""
            guard !prefix.isEmpty else { throw APIError.badRequest("prefix is missing") }
            let limit = min(max(request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 100, 1), 1000)
            if request.uri.queryParameters.get("only_filter_services") != nil {
                let titles = IAMCatalog.bundled.servicePrefixes(matching: prefix, limit: limit)
                return JSONBody.response(JSONValue.array(titles.map { ["title": .string($0)] }))
            }
            let names = IAMCatalog.bundled.actionNames(completing: prefix, limit: limit)
            return JSONBody.response(JSONValue.array(names.map { ["permission": .string($0)] }))
        }
    }

    static func body(of request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        do {
            return try JSONValue(parsing: Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("Error validating input: the body is not JSON (\(error.reason))")
        }
    }

    /// ConsoleMe's ChangeModelArray with one `inline_policy` change, plus `explanations`.
    static func changeModel(_ policy: ChangeGenerator.GeneratedPolicy, explanations: [String]) -> JSONValue {
        let resources = policy.resourceARNs.map { arn -> JSONValue in
            let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            let region = fields.count > 3 && !fields[3].isEmpty ? fields[3] : "global"
            let name = fields.last.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? arn
            return ["arn": .string(arn), "name": .string(name), "account_id": fields.count > 4 ? .string(fields[4]) : .null,
                    "region": .string(region), "account_name": .null, "policy_sha256": .null, "policy": .null,
                    "actions": .null, "owner": .null, "approvers": .null, "resource_type": fields.count > 2 ? .string(fields[2]) : .null,
                    "last_updated": .null]
        }
        let change: JSONValue = [
            "principal": policy.principal ?? .null, "change_type": "inline_policy", "resources": .array(resources),
            "version": "3.0", "status": "not_applied", "id": .null, "autogenerated": false, "updated_by": .null,
            "policy_name": .string(policy.policyName), "new": true, "action": "attach",
            "policy": ["version": .null, "policy_document": policy.document.json,
                       "policy_sha256": .string(policy.document.hash(using: SHA256.hash))],
            "old_policy": .null, "expiration_date": policy.expirationDate.map(JSONValue.string) ?? .null,
            "explanations": .array(explanations.map(JSONValue.string)),
        ]
        return ["changes": [change]]
    }
}
