import Foundation
import PorticoAPI
import PorticoAWS
import PorticoHTTP
import PorticoTestSupport
import Proto
import Testing

/// Role creation, cloning and deletion through the gateway, the request service's `Admin`
/// methods and the spoke roles of a signed moto: what each leaves in moto, the role page at
/// once after, an audit event per action, and refusals (403 without the right, at the gateway
/// and again at the request service; 400 naming the field; 404; 409) that change nothing.
/// A stack of its own: the roles made here would change what the shared stack's inventory tests count.
@Suite(.backendStack, .serialized) struct RoleAdministrationRoutesTests {
    static let creators = "role-creators@example.com"
    static let deleters = "role-deleters@example.com"
    static let admins = "cloud-admins@example.com"
    static let prod = MotoHubAndSpokes.prod
    static let staging = MotoHubAndSpokes.staging

    static func withGateway(_ body: (GatewayOnStack, People) async throws -> Void) async throws {
        try await GatewayOnStack.with(configure: {
            $0.groups.canCreateRoles = [creators]
            $0.groups.canDeleteIAMPrincipals = [deleters]
            $0.groups.canAdmin = [admins]
        }) { stack in
            let people = People(
                creator: try await stack.signIn("cora@example.com", groups: [creators]),
                deleter: try await stack.signIn("dan@example.com", groups: [deleters]),
                admin: try await stack.signIn("root@example.com", groups: [admins]),
                engineer: try await stack.engineer())
            try await body(stack, people)
        }
    }

    struct People {
        let creator: SignedInUser
        let deleter: SignedInUser
        /// Sees every role's page (the stack hides all but the seeded people's roles from others).
        let admin: SignedInUser
        let engineer: SignedInUser
    }

    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func send(
        _ stack: GatewayOnStack, _ user: SignedInUser, _ method: String, _ path: String, _ body: [String: Any] = [:]
    ) async throws -> HTTPClient.Response {
        let text = body.isEmpty ? "" : String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try await stack.gateway.request(
            method, path, headers: [user.bearerHeader, user.csrfHeader, ("Content-Type", "application/json")], body: text)
    }

    static func page(_ stack: GatewayOnStack, _ user: SignedInUser, _ account: String, _ name: String) async throws -> HTTPClient.Response {
        try await stack.gateway.request("/api/v2/roles/\(account)/\(name)", headers: [user.bearerHeader])
    }

    static func iam(_ stack: GatewayOnStack, _ account: String) -> IAMClient {
        stack.stack.moto.iam(inAccount: account, http: stack.stack.http, logger: quietLogger)
    }

    /// Whether moto answers `NoSuchEntity` to `body`.
    static func isMissing(_ body: () async throws -> Void) async throws -> Bool {
        do {
            try await body()
            return false
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return true
        }
    }

    static func audit(_ stack: GatewayOnStack, _ event: String, arn: String) async throws -> [[String: String]] {
        try await GatewayBackendTests.DynamicConfig.auditEntries(stack).filter { $0["event"] == event && $0["arn"] == arn }
    }

    static func json(_ text: String?) -> NSDictionary? {
        text.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
    }

    @Test func aCreatedRoleIsInMotoWithItsInstanceProfileAndOnItsPageAtOnce() async throws {
        try await Self.withGateway { stack, people in
            let name = Self.unique("created")
            let arn = "arn:aws:iam::\(Self.prod):role/\(name)"
            let created = try await Self.send(stack, people.creator, "POST", "/api/v2/roles", [
                "account_id": Self.prod, "role_name": name, "description": "made by a test", "instance_profile": true,
            ])
            #expect(created.status == 200, "\(created.bodyText)")
            let answer = try created.decoded(RoleCreationAnswer.self)
            #expect(answer.roleCreated == "true" && answer.errors == 0 && answer.arn == arn, "\(answer)")

            let iam = Self.iam(stack, Self.prod)
            let role = try await iam.getRole(name: name)
            #expect(role.arn == arn && role.description == "made by a test")
            let profile = try await iam.getInstanceProfile(name: name)
            #expect(profile.roleNames == [name])

            let page = try await Self.page(stack, people.admin, Self.prod, name)
            #expect(page.status == 200, "\(page.bodyText)")
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any])
            #expect(shown["arn"] as? String == arn && shown["description"] as? String == "made by a test")

            let events = try await Self.audit(stack, "role.create", arn: arn)
            #expect(events.count == 1 && events.first?["user"] == "cora@example.com" && events.first?["outcome"] == "done", "\(events)")

            let again = try await Self.send(stack, people.creator, "POST", "/api/v2/roles", ["account_id": Self.prod, "role_name": name])
            #expect(again.status == 409 && again.headers.values(for: "Content-Type").first == "application/problem+json", "\(again.bodyText)")
            for (body, field) in [
                (["account_id": "12345", "role_name": "x"], "account_id"),
                (["account_id": Self.prod, "role_name": "has space"], "role_name"),
                (["account_id": Self.prod, "role_name": "x", "instance_profile": "yes"], "instance_profile"),
                (["account_id": "333333333333", "role_name": Self.unique("elsewhere")], "account_id"),
                (["account_id": Self.prod, "role_name": MotoHubAndSpokes.spokeRoleName], "role_name"),
            ] as [([String: Any], String)] {
                let refused = try await Self.send(stack, people.creator, "POST", "/api/v2/roles", body)
                #expect(refused.status == 400, "\(body): \(refused.bodyText)")
                let problem = try refused.decoded(PolicyRequestProblem.self)
                #expect(problem.message.contains("\(field): "), "\(body): \(problem.message)")
            }
        }
    }

    @Test func aCloneIntoAnotherAccountHasTheSourcesSettingsAndPolicies() async throws {
        try await Self.withGateway { stack, people in
            let source = Self.unique("source")
            let clone = Self.unique("clone")
            let prod = Self.iam(stack, Self.prod)
            let staging = Self.iam(stack, Self.staging)
            let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
            let boundaryName = Self.unique("boundary")
            let managedName = Self.unique("managed")
            for iam in [prod, staging] {
                _ = try await iam.createPolicy(name: boundaryName, document: document)
                _ = try await iam.createPolicy(name: managedName, document: document)
            }
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(MotoHubAndSpokes.hubAccount):root"},"Action":"sts:AssumeRole"}]}"#
            let tags = [AWSTag(key: "consoleme-authorized", value: "engineering@example.com"), AWSTag(key: "owner", value: "team-x")]
            _ = try await prod.createRole(
                name: source, assumeRolePolicyDocument: trust, description: "the original", maxSessionDuration: 7200,
                permissionsBoundaryARN: "arn:aws:iam::\(Self.prod):policy/\(boundaryName)", tags: tags)
            try await prod.putRolePolicy(roleName: source, policyName: "reads", document: document)
            try await prod.attachRolePolicy(roleName: source, policyARN: "arn:aws:iam::\(Self.prod):policy/\(managedName)")

            let options: [String: Any] = [
                "assume_role_policy": true, "tags": true, "copy_description": true, "inline_policies": true,
                "managed_policies": true, "max_session_duration": true,
            ]
            let cloned = try await Self.send(stack, people.creator, "POST", "/api/v2/clone/role", [
                "account_id": Self.prod, "role_name": source, "dest_account_id": Self.staging, "dest_role_name": clone, "options": options,
            ])
            #expect(cloned.status == 200, "\(cloned.bodyText)")
            let answer = try cloned.decoded(RoleCreationAnswer.self)
            #expect(answer.errors == 0 && answer.actionResults.count == 3, "\(answer)")

            let original = try await prod.getRole(name: source)
            let copy = try await staging.getRole(name: clone)
            #expect(copy.maxSessionDuration == 7200 && copy.description == "the original")
            #expect(copy.permissionsBoundaryARN == "arn:aws:iam::\(Self.staging):policy/\(boundaryName)")
            #expect(Set(copy.tags) == Set(original.tags) && Set(copy.tags) == Set(tags))
            #expect(Self.json(copy.assumeRolePolicyDocument) == Self.json(trust) && Self.json(trust) != nil)
            let inline = try await staging.getRolePolicy(roleName: clone, policyName: "reads")
            #expect(Self.json(inline.document) == Self.json(document))
            #expect(try await staging.listRolePolicyNames(roleName: clone) == ["reads"])
            #expect(try await staging.listAttachedRolePolicies(roleName: clone).map(\.policyARN)
                == ["arn:aws:iam::\(Self.staging):policy/\(managedName)"])

            let page = try await Self.page(stack, people.admin, Self.staging, clone)
            #expect(page.status == 200, "\(page.bodyText)")
            let events = try await Self.audit(stack, "role.clone", arn: "arn:aws:iam::\(Self.staging):role/\(clone)")
            #expect(events.count == 1 && events.first?["source_arn"] == original.arn, "\(events)")
            #expect(events.allSatisfy { event in !event.values.contains { $0.contains("s3:GetObject") } }, "a document in the audit stream")

            // A bare clone: only the boundary is kept.
            let bare = Self.unique("bare")
            let plain = try await Self.send(stack, people.creator, "POST", "/api/v2/clone/role", [
                "account_id": Self.prod, "role_name": source, "dest_account_id": Self.prod, "dest_role_name": bare,
                "options": ["description": "plain"],
            ])
            #expect(plain.status == 200, "\(plain.bodyText)")
            let plainRole = try await prod.getRole(name: bare)
            #expect(plainRole.tags.isEmpty && plainRole.maxSessionDuration == 3600 && plainRole.description == "plain")
            #expect(plainRole.permissionsBoundaryARN == "arn:aws:iam::\(Self.prod):policy/\(boundaryName)")
            #expect(try await prod.listRolePolicyNames(roleName: bare).isEmpty)
            #expect(try await prod.listAttachedRolePolicies(roleName: bare).isEmpty)

            let exists = try await Self.send(stack, people.creator, "POST", "/api/v2/clone/role", [
                "account_id": Self.prod, "role_name": source, "dest_account_id": Self.staging, "dest_role_name": clone, "options": [:],
            ])
            #expect(exists.status == 409, "\(exists.bodyText)")
            let unknown = try await Self.send(stack, people.creator, "POST", "/api/v2/clone/role", [
                "account_id": Self.prod, "role_name": Self.unique("nothing"), "dest_account_id": Self.staging,
                "dest_role_name": Self.unique("never"), "options": [:],
            ])
            #expect(unknown.status == 404, "\(unknown.bodyText)")
            // The boundary the clone keeps must exist in the destination account.
            let lonelyBoundary = Self.unique("prod-only")
            _ = try await prod.createPolicy(name: lonelyBoundary, document: document)
            let bounded = Self.unique("bounded")
            _ = try await prod.createRole(
                name: bounded, assumeRolePolicyDocument: trust, permissionsBoundaryARN: "arn:aws:iam::\(Self.prod):policy/\(lonelyBoundary)")
            let unbounded = Self.unique("unbounded")
            let noBoundary = try await Self.send(stack, people.creator, "POST", "/api/v2/clone/role", [
                "account_id": Self.prod, "role_name": bounded, "dest_account_id": Self.staging, "dest_role_name": unbounded, "options": [:],
            ])
            #expect(noBoundary.status == 400 && noBoundary.bodyText.contains("dest_account_id: "), "\(noBoundary.bodyText)")
            #expect(try await Self.isMissing { _ = try await staging.getRole(name: unbounded) })
            let noOptions = try await Self.send(stack, people.creator, "POST", "/api/v2/clone/role", [
                "account_id": Self.prod, "role_name": source, "dest_account_id": Self.staging, "dest_role_name": Self.unique("x"),
            ])
            #expect(noOptions.status == 400 && noOptions.bodyText.contains("options: "), "\(noOptions.bodyText)")
        }
    }

    @Test func aDeleteLeavesNothingBehindInMotoAndThePageIs404() async throws {
        try await Self.withGateway { stack, people in
            let name = Self.unique("doomed")
            let arn = "arn:aws:iam::\(Self.prod):role/\(name)"
            let created = try await Self.send(stack, people.creator, "POST", "/api/v2/roles", ["account_id": Self.prod, "role_name": name])
            #expect(created.status == 200, "\(created.bodyText)")
            let iam = Self.iam(stack, Self.prod)
            let policy = try await iam.createPolicy(
                name: Self.unique("attached"),
                document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"#)
            try await iam.attachRolePolicy(roleName: name, policyARN: policy.arn)
            try await iam.putRolePolicy(
                roleName: name, policyName: "inline",
                document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:*","Resource":"*"}]}"#)
            #expect(try await Self.page(stack, people.admin, Self.prod, name).status == 200)

            let deleted = try await Self.send(stack, people.deleter, "DELETE", "/api/v2/roles/\(Self.prod)/\(name)")
            #expect(deleted.status == 200, "\(deleted.bodyText)")
            let answer = try deleted.decoded(RoleDeletionAnswer.self)
            #expect(answer.status == "success" && answer.message == "Successfully deleted role from account")
            #expect(answer.role == name && answer.account == Self.prod && answer.actionResults.allSatisfy { $0.status == "success" })

            #expect(try await Self.isMissing { _ = try await iam.getRole(name: name) })
            #expect(try await Self.isMissing { _ = try await iam.getInstanceProfile(name: name) })
            #expect(try await iam.getPolicy(arn: policy.arn).attachmentCount == 0)
            // A role made again under the name starts empty: nothing of the old one's is left over.
            _ = try await iam.createRole(name: name, assumeRolePolicyDocument: RoleAdministrationTrust.account(Self.prod))
            #expect(try await iam.listRolePolicyNames(roleName: name).isEmpty)
            #expect(try await iam.listAttachedRolePolicies(roleName: name).isEmpty)
            try await iam.deleteRole(name: name)

            #expect(try await Self.page(stack, people.admin, Self.prod, name).status == 404)
            let events = try await Self.audit(stack, "role.delete", arn: arn)
            #expect(events.count == 1 && events.first?["user"] == "dan@example.com" && events.first?["outcome"] == "done", "\(events)")
            let again = try await Self.send(stack, people.deleter, "DELETE", "/api/v2/roles/\(Self.prod)/\(name)")
            #expect(again.status == 404, "\(again.bodyText)")
        }
    }

    @Test func withoutTheRightItIs403AtTheGatewayAndAtTheRequestServiceAndNothingChanges() async throws {
        try await Self.withGateway { stack, people in
            let kept = Self.unique("kept")
            #expect(try await Self.send(stack, people.creator, "POST", "/api/v2/roles", ["account_id": Self.prod, "role_name": kept]).status == 200)
            let never = Self.unique("never")
            let attempts: [(SignedInUser, String, String, [String: Any])] = [
                (people.engineer, "POST", "/api/v2/roles", ["account_id": Self.prod, "role_name": never]),
                (people.deleter, "POST", "/api/v2/roles", ["account_id": Self.prod, "role_name": never]),
                (people.engineer, "POST", "/api/v2/clone/role", [
                    "account_id": Self.prod, "role_name": kept, "dest_account_id": Self.staging, "dest_role_name": never, "options": [:],
                ]),
                (people.engineer, "DELETE", "/api/v2/roles/\(Self.prod)/\(kept)", [:]),
                (people.creator, "DELETE", "/api/v2/roles/\(Self.prod)/\(kept)", [:]),
            ]
            for (user, method, path, body) in attempts {
                let refused = try await Self.send(stack, user, method, path, body)
                #expect(refused.status == 403, "\(method) \(path): \(refused.bodyText)")
                #expect(refused.headers.values(for: "Content-Type").first == "application/problem+json")
                let problem = try refused.decoded(PolicyRequestProblem.self)
                #expect(problem.status == 403 && problem.title == "Forbidden", "\(problem)")
            }

            // The request service checks the right itself, whatever a caller says it checked.
            let rpc = try RPCClient(
                configuration: .init(endpoints: [stack.stack.requestsEndpoint]),
                tokens: try ServiceTokenIssuer(identity: "gateway", secret: BackendStack.rpcSecret), logger: quietLogger)
            let admin = AdminClient(rpc: rpc)
            let nobody = AdminCaller(principal: Principal(user: "mallory@example.com", groups: []))
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await admin.createRole(.init(caller: nobody, accountID: Self.prod, roleName: never)) },
                { _ = try await admin.cloneRole(.init(
                    caller: nobody, accountID: Self.prod, roleName: kept, destAccountID: Self.staging, destRoleName: never)) },
                { _ = try await admin.deleteRole(.init(caller: nobody, accountID: Self.prod, roleName: kept)) },
                {
                    _ = try await admin.deleteRole(.init(
                        caller: AdminCaller(principal: nobody.principal, canCreateRoles: true), accountID: Self.prod, roleName: kept))
                },
            ]
            for call in calls {
                do {
                    try await call()
                    Issue.record("the request service did the call for a caller without the right")
                } catch let error as RPCError {
                    #expect(error.code == .permissionDenied, "\(error)")
                }
            }
            await rpc.close()

            #expect(try await Self.iam(stack, Self.prod).getRole(name: kept).roleName == kept)
            for account in [Self.prod, Self.staging] {
                #expect(try await Self.isMissing { _ = try await Self.iam(stack, account).getRole(name: never) })
            }
            // The gateway's refusals never reached the request service; its own are on record.
            let deletions = try await Self.audit(stack, "role.delete", arn: "arn:aws:iam::\(Self.prod):role/\(kept)")
            #expect(deletions.count == 2 && deletions.allSatisfy { $0["outcome"] == "refused" && $0["user"] == "mallory@example.com" }, "\(deletions)")
            let creations = try await Self.audit(stack, "role.create", arn: "arn:aws:iam::\(Self.prod):role/\(never)")
            #expect(creations.map { $0["outcome"] } == ["refused"] && creations.first?["service"] == "gateway", "\(creations)")
        }
    }
}

/// Trust policies for roles the tests make in moto themselves.
enum RoleAdministrationTrust {
    static func account(_ account: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(account):root"},"Action":"sts:AssumeRole"}]}"#
    }
}
