import Foundation
import Logging
import PorticoAWS
import PorticoService
import Proto

/// Creating, cloning and deleting IAM roles for a person holding `can_create_roles` or
/// `can_delete_iam_principals`, through the spoke role (`policies.role_name`) in the account
/// the role lives in. Only accounts the cache knows are touched, and never the spoke role itself.
/// The role is read again into the cache before the answer (`Cache/RefreshItem`), so its page
/// and the policies table show it, or no longer show it, at once. Every action is put on record
/// (who, which role, what became of each step; never a policy document).
struct RoleAdministration: Sendable {
    let spokes: SpokeSessions
    let inventory: InventoryLookup
    let audit: AuditTrail
    /// The spoke role's name, which is refused as a target.
    let spokeRoleName: String
    let logger: Logger

    /// One IAM step and what became of it.
    typealias Step = AdminRoleActionResult

    /// The caller, when an internal service calls for a person holding `right`
    /// (`AdminCallerCheck`); a refusal is put on record (`outcome: refused`) before it is thrown.
    func authorized(
        _ caller: AdminCaller?, _ context: RPCContext, right: KeyPath<AdminCaller, Bool>, _ name: String, action: String, arn: String
    ) async throws(RPCError) -> AdminCaller {
        do {
            return try AdminCallerCheck.require(caller, context, right: right, name)
        } catch {
            await record(
                action, arn: arn, caller: caller ?? AdminCaller(), outcome: "refused", steps: [],
                fields: [AuditField("service", context.caller.identity), AuditField("reason", String(error.message.prefix(300)))])
            throw error
        }
    }

    // MARK: Create

    func create(_ request: AdminCreateRoleRequest, caller: AdminCaller) async throws -> AdminRoleChangeResponse {
        if let refusal = try await check(account: request.accountID, "account_id", role: request.roleName, "role_name") {
            return refusal
        }
        let arn = Self.arn(request.accountID, request.roleName)
        let iam = IAMClient(client: spokes.client(account: request.accountID))
        var steps: [Step] = []
        do {
            _ = try await iam.createRole(
                name: request.roleName,
                assumeRolePolicyDocument: Self.defaultTrust(account: request.accountID, ec2: request.instanceProfile),
                description: request.description.isEmpty ? nil : request.description)
            steps.append(Step(succeeded: true, message: "Role \(arn) created"))
        } catch let error as AWSError where error.code == "EntityAlreadyExists" {
            return AdminRoleChangeResponse(outcome: .alreadyExists, arn: arn, field: "role_name", message: "\(arn) already exists")
        } catch let error as AWSError {
            return try await failed(
                "create", arn: arn, caller: caller, error: error, steps: steps,
                fields: [AuditField("instance_profile", "\(request.instanceProfile)")])
        }
        if request.instanceProfile {
            steps += await instanceProfile(for: request.roleName, iam: iam)
        }
        return try await done(
            "create", arn: arn, caller: caller, steps: steps, message: "Role \(arn) created",
            fields: [AuditField("instance_profile", "\(request.instanceProfile)")])
    }

    // MARK: Clone

    func clone(_ request: AdminCloneRoleRequest, caller: AdminCaller) async throws -> AdminRoleChangeResponse {
        if let refusal = try await check(account: request.accountID, "account_id", role: request.roleName, "role_name") {
            return refusal
        }
        if let refusal = try await check(account: request.destAccountID, "dest_account_id", role: request.destRoleName, "dest_role_name") {
            return refusal
        }
        let source = Self.arn(request.accountID, request.roleName)
        let arn = Self.arn(request.destAccountID, request.destRoleName)
        let options = request.options ?? AdminCloneRoleOptions()
        let detail: RoleDetail
        do {
            detail = try await IAMClient(client: spokes.client(account: request.accountID)).roleDetail(name: request.roleName)
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return AdminRoleChangeResponse(outcome: .notFound, arn: source, field: "role_name", message: "\(source) does not exist")
        }
        let move = { (policyARN: String) in Self.inAccount(policyARN, from: request.accountID, to: request.destAccountID) }
        let role = detail.role
        let description = options.copyDescription ? role.description : (options.description.isEmpty ? nil : options.description)
        let iam = IAMClient(client: spokes.client(account: request.destAccountID))
        if let boundary = role.permissionsBoundaryARN.map(move), !boundary.contains(":iam::aws:") {
            do {
                _ = try await iam.getPolicy(arn: boundary)
            } catch let error as AWSError where error.code == "NoSuchEntity" {
                return AdminRoleChangeResponse(
                    outcome: .invalid, arn: arn, field: "dest_account_id",
                    message: "dest_account_id: the permissions boundary \(boundary) the clone keeps does not exist there")
            }
        }
        let auditFields = [AuditField("source_arn", source), AuditField("options", Self.describe(options))]
        var steps: [Step] = []
        do {
            _ = try await iam.createRole(
                name: request.destRoleName,
                assumeRolePolicyDocument: options.assumeRolePolicy
                    ? (role.assumeRolePolicyDocument ?? Self.defaultTrust(account: request.destAccountID, ec2: false))
                    : Self.defaultTrust(account: request.destAccountID, ec2: false),
                path: role.path.isEmpty ? nil : role.path, description: description,
                maxSessionDuration: options.maxSessionDuration ? role.maxSessionDuration : nil,
                permissionsBoundaryARN: role.permissionsBoundaryARN.map(move),
                tags: options.tags ? role.tags : [])
            steps.append(Step(succeeded: true, message: "Role \(arn) created like \(source)"))
        } catch let error as AWSError where error.code == "EntityAlreadyExists" {
            return AdminRoleChangeResponse(outcome: .alreadyExists, arn: arn, field: "dest_role_name", message: "\(arn) already exists")
        } catch let error as AWSError {
            return try await failed("clone", arn: arn, caller: caller, error: error, steps: steps, fields: auditFields)
        }
        if options.inlinePolicies {
            for policy in detail.inlinePolicies {
                steps.append(await step("Inline policy \(policy.name) added") {
                    try await iam.putRolePolicy(roleName: request.destRoleName, policyName: policy.name, document: policy.document)
                })
            }
        }
        if options.managedPolicies {
            for policy in detail.attachedPolicies {
                let policyARN = move(policy.policyARN)
                steps.append(await step("Managed policy \(policyARN) attached") {
                    try await iam.attachRolePolicy(roleName: request.destRoleName, policyARN: policyARN)
                })
            }
        }
        if !detail.instanceProfiles.isEmpty {
            steps += await instanceProfile(for: request.destRoleName, iam: iam)
        }
        return try await done("clone", arn: arn, caller: caller, steps: steps, message: "Role \(arn) created like \(source)", fields: auditFields)
    }

    // MARK: Delete

    func delete(_ request: AdminDeleteRoleRequest, caller: AdminCaller) async throws -> AdminRoleChangeResponse {
        if let refusal = try await check(account: request.accountID, "account_id", role: request.roleName, "role_name") {
            return refusal
        }
        let arn = Self.arn(request.accountID, request.roleName)
        let iam = IAMClient(client: spokes.client(account: request.accountID))
        let name = request.roleName
        let profiles: [InstanceProfile]
        let inline: [String]
        let attached: [AttachedPolicy]
        do {
            _ = try await iam.getRole(name: name)
            profiles = try await iam.listInstanceProfilesForRole(roleName: name)
            inline = try await iam.listRolePolicyNames(roleName: name)
            attached = try await iam.listAttachedRolePolicies(roleName: name)
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            _ = try? await inventory.refresh(arn)
            return AdminRoleChangeResponse(outcome: .notFound, arn: arn, field: "role_name", message: "\(arn) does not exist")
        }
        var steps: [Step] = []
        for policy in attached {
            steps.append(await step("Managed policy \(policy.policyARN) detached") {
                try await ignoringMissing { try await iam.detachRolePolicy(roleName: name, policyARN: policy.policyARN) }
            })
        }
        for policy in inline {
            steps.append(await step("Inline policy \(policy) deleted") {
                try await ignoringMissing { try await iam.deleteRolePolicy(roleName: name, policyName: policy) }
            })
        }
        for profile in profiles {
            steps.append(await step("Instance profile \(profile.name) deleted") {
                try await ignoringMissing { try await iam.removeRoleFromInstanceProfile(profileName: profile.name, roleName: name) }
                try await ignoringMissing { try await iam.deleteInstanceProfile(name: profile.name) }
            })
        }
        do {
            try await iam.deleteRole(name: name)
            steps.append(Step(succeeded: true, message: "Role \(arn) deleted"))
        } catch let error as AWSError {
            return try await failed("delete", arn: arn, caller: caller, error: error, steps: steps, fields: [])
        }
        return try await done("delete", arn: arn, caller: caller, steps: steps, message: "Successfully deleted role from account", fields: [])
    }

    // MARK: Steps

    /// Checks a target: a 12-digit account the cache knows and an IAM role name that is not
    /// the spoke role's; the refusal naming the field, or nil.
    private func check(account: String, _ accountField: String, role: String, _ roleField: String) async throws -> AdminRoleChangeResponse? {
        func invalid(_ field: String, _ message: String) -> AdminRoleChangeResponse {
            AdminRoleChangeResponse(outcome: .invalid, field: field, message: "\(field): \(message)")
        }
        guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return invalid(accountField, "must be a 12-digit account id")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        guard (1...64).contains(role.count), role.allSatisfy({ allowed.contains($0) }) else {
            return invalid(roleField, "must be 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -")
        }
        guard role.lowercased() != spokeRoleName.lowercased() else {
            return invalid(roleField, "\(role) is Portico's spoke role, which Portico does not create or delete")
        }
        guard try await knownAccounts().contains(account) else {
            return invalid(accountField, "\(account) is not an account Portico manages")
        }
        return nil
    }

    /// The ids of the accounts the cache sweeps.
    private func knownAccounts() async throws -> Set<String> {
        var ids: Set<String> = []
        var cursor = ""
        repeat {
            let page = try await inventory.cache.listAccounts(CacheListAccountsRequest(page: PageRequest(cursor: cursor, limit: 1000)))
            ids.formUnion(page.accounts.map(\.id))
            cursor = page.page?.nextCursor ?? ""
        } while !cursor.isEmpty
        return ids
    }

    /// An instance profile named like the role, holding it.
    private func instanceProfile(for role: String, iam: IAMClient) async -> [Step] {
        [await step("Instance profile \(role) created with the role in it") {
            do {
                _ = try await iam.createInstanceProfile(name: role)
            } catch let error as AWSError where error.code == "EntityAlreadyExists" {}
            try await iam.addRoleToInstanceProfile(profileName: role, roleName: role)
        }]
    }

    /// Runs one IAM step; its failure is reported, not thrown, so the steps after it still run.
    private func step(_ message: String, _ body: () async throws -> Void) async -> Step {
        do {
            try await body()
            return Step(succeeded: true, message: message)
        } catch {
            return Step(succeeded: false, message: "\(message): failed: \(Self.describe(error))")
        }
    }

    private func ignoringMissing(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as AWSError where error.code == "NoSuchEntity" {}
    }

    /// Reads the role into the cache, records the action and answers DONE.
    private func done(
        _ action: String, arn: String, caller: AdminCaller, steps: [Step], message: String, fields: [AuditField]
    ) async throws -> AdminRoleChangeResponse {
        await refresh(arn)
        await record(action, arn: arn, caller: caller, outcome: "done", steps: steps, fields: fields)
        return AdminRoleChangeResponse(outcome: .done, arn: arn, message: message, actionResults: steps)
    }

    /// Records an action AWS refused and answers FAILED (the steps before it stand).
    private func failed(
        _ action: String, arn: String, caller: AdminCaller, error: AWSError, steps: [Step], fields: [AuditField]
    ) async throws -> AdminRoleChangeResponse {
        let message = Self.describe(error)
        let all = steps + [Step(succeeded: false, message: message)]
        if !steps.isEmpty { await refresh(arn) }
        await record(action, arn: arn, caller: caller, outcome: "failed", steps: all, fields: fields + [AuditField("failure", message)])
        return AdminRoleChangeResponse(outcome: .failed, arn: arn, message: message, actionResults: all)
    }

    private func refresh(_ arn: String) async {
        do {
            try await inventory.refresh(arn)
        } catch {
            // The next sweep of the account brings the cache up to date.
            logger.warning("role changed but not refreshed in the cache", metadata: ["arn": "\(arn)", "error": "\(Self.describe(error))"])
        }
    }

    func record(_ action: String, arn: String, caller: AdminCaller, outcome: String, steps: [Step], fields: [AuditField]) async {
        let user = caller.principal?.user ?? ""
        do {
            _ = try await audit.record(AuditEvent(summary: "role \(action) by \(user)", fields: [
                AuditField("event", "role.\(action)"), AuditField("user", user), AuditField("arn", arn),
                AuditField("outcome", outcome), AuditField("failed_steps", "\(steps.filter { !$0.succeeded }.count)"),
                AuditField("steps", String(steps.map(\.message).joined(separator: "; ").prefix(2000))),
            ] + fields))
        } catch {
            // Done already: the trail logged the whole event at error.
            logger.error("role changed but its audit event was refused", metadata: ["arn": "\(arn)", "error": "\(error)"])
        }
    }

    // MARK: Values

    static func arn(_ account: String, _ role: String) -> String { "arn:aws:iam::\(account):role/\(role)" }

    /// The trust policy of a role made without one: its own account (and EC2, for an instance profile).
    static func defaultTrust(account: String, ec2: Bool) -> String {
        var principal = #""AWS":"arn:aws:iam::\#(account):root""#
        if ec2 { principal += #","Service":"ec2.amazonaws.com""# }
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{\#(principal)},"Action":"sts:AssumeRole"}]}"#
    }

    /// A customer-managed policy's ARN in `source` as the same path and name in `destination`;
    /// AWS-managed policies (`arn:aws:iam::aws:policy/…`) as they are.
    static func inAccount(_ policyARN: String, from source: String, to destination: String) -> String {
        let prefix = ":iam::\(source):"
        guard let range = policyARN.range(of: prefix) else { return policyARN }
        return policyARN.replacingCharacters(in: range, with: ":iam::\(destination):")
    }

    static func describe(_ options: AdminCloneRoleOptions) -> String {
        [
            ("assume_role_policy", options.assumeRolePolicy), ("tags", options.tags), ("copy_description", options.copyDescription),
            ("inline_policies", options.inlinePolicies), ("managed_policies", options.managedPolicies),
            ("max_session_duration", options.maxSessionDuration),
        ].filter(\.1).map(\.0).joined(separator: ",")
    }

    static func describe(_ error: any Error) -> String {
        if let aws = error as? AWSError { return "\(aws.code): \(aws.message.prefix(300))" }
        return String(String(describing: error).prefix(300))
    }
}
