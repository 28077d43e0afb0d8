import Foundation
import Hummingbird
import Logging
import PorticoAPI
import PorticoCore
import Proto

/// A role's denied calls as the cache counted them from CloudTrail (`Cache/ListDeniedCalls`),
/// for the role page (`cloudtrail_errors`) and for the self-service wizard's "request what was
/// denied": a `generate_changes` entry `{"generator_type": "denied_actions", "principal":
/// {"principal_arn": <role ARN>}}` becomes a `custom_iam` entry whose policy allows exactly the
/// actions on the resources the role was refused.
struct DeniedCallsLookup: Sendable {
    let backends: GatewayBackends

    /// The generator type the wizard sends.
    static let generatorType = "denied_actions"

    /// The role's denied calls; none (logged) when the cache cannot answer, so the role page
    /// still shows everything else.
    func calls(roleARN: String, context: GatewayRequestContext) async -> [CacheDeniedCall] {
        do {
            return try await backends.clients.cache.listDeniedCalls(
                CacheDeniedCallsRequest(roleARN: roleARN), options: backends.callOptions(for: context)).calls
        } catch {
            context.logger.warning("denied calls not read from the cache", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// The role page's entries, each with the policy that allows just it.
    func cloudTrailErrors(roleARN: String, context: GatewayRequestContext) async -> [CloudTrailError] {
        await calls(roleARN: roleARN, context: context).map { call in
            CloudTrailError(
                eventCall: call.action, resource: call.resource, generatedPolicy: InventoryJSON(parsing: Self.policy([call]).jsonText),
                count: Int(clamping: call.count), lastSeen: InventoryLookup.timestamp(call.lastSeenUnixMs))
        }
    }

    /// `changes` with every `denied_actions` entry replaced by a `custom_iam` one (other fields
    /// kept). The caller must be able to see the role (hidden roles answer 404, as their page).
    /// - Throws: `APIError.badRequest` naming the entry when its principal is not a role ARN or
    ///   the role has no denied calls.
    func expand(_ changes: [JSONValue], context: GatewayRequestContext) async throws -> [JSONValue] {
        var expanded: [JSONValue] = []
        for (index, change) in changes.enumerated() {
            guard var object = change.objectValue, object["generator_type"]?.stringValue == Self.generatorType else {
                expanded.append(change)
                continue
            }
            let principal = object["principal"]
            guard let arn = principal?["principal_arn"]?.stringValue ?? principal?.stringValue,
                  let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("role/")
            else {
                throw APIError.badRequest(
                    "Error validating input: changes[\(index)].principal.principal_arn must be a role ARN for \(Self.generatorType)")
            }
            let caller = try context.requireAuthorization()
            _ = try await InventoryLookup(backends: backends).detail(arn: arn, caller: caller, context: context)
            let calls = await calls(roleARN: arn, context: context)
            guard !calls.isEmpty else {
                throw APIError.badRequest("Error validating input: changes[\(index)]: no denied calls are recorded for \(arn)")
            }
            object["generator_type"] = "custom_iam"
            object["policy"] = Self.policy(calls)
            if principal?.objectValue == nil { object["principal"] = ["principal_type": "AwsResource", "principal_arn": .string(arn)] }
            expanded.append(.object(object))
        }
        return expanded
    }

    /// One statement per resource allowing the actions refused on it (sorted, no repeats), in
    /// the order the resources were first seen.
    static func policy(_ calls: [CacheDeniedCall]) -> JSONValue {
        var resources: [String] = []
        var actions: [String: Set<String>] = [:]
        for call in calls {
            if actions[call.resource] == nil { resources.append(call.resource) }
            actions[call.resource, default: []].insert(call.action)
        }
        let statements = resources.map { resource -> JSONValue in
            ["Effect": "Allow", "Action": .array((actions[resource] ?? []).sorted().map(JSONValue.string)),
             "Resource": .array([.string(resource)])]
        }
        return ["Version": "2012-10-17", "Statement": .array(statements)]
    }
}
