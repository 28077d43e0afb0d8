import PorticoCore
import PorticoTestSupport
import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// Every IAM operation of `IAMClient`, signed with the hub key.
    ///
    /// Serialized: moto's IAM backend is not thread-safe (GetAccountAuthorizationDetails fails with
    /// "dictionary changed size during iteration" when roles are created in the same account at the
    /// same time), and these are the only tests that change the hub account's IAM.
    @Suite(.serialized) struct IAM {
        static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        static let readS3 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/a b~é"}]}"#

        func json(_ text: String?) throws -> JSONValue {
            try JSONValue.parseAnswer(Array(try #require(text).utf8))
        }

        @Test func roleLifecycleWithTagsAndInlinePolicies() async throws {
            let iam = IAMClient(client: try MotoIntegrationTests.hub().client())
            let name = MotoIntegrationTests.unique("role")
            let created = try await iam.createRole(
                name: name, assumeRolePolicyDocument: Self.trust, path: "/portico/", description: "test role",
                tags: [AWSTag(key: "consoleme-authorized", value: "team-a")])
            #expect(created.arn == "arn:aws:iam::\(MotoHub.hubAccount):role/portico/\(name)")

            let fetched = try await iam.getRole(name: name)
            #expect(try json(fetched.assumeRolePolicyDocument) == json(Self.trust))
            #expect(fetched.path == "/portico/")
            #expect(fetched.description == "test role")

            try await iam.tagRole(name: name, tags: [AWSTag(key: "owner", value: "sec ops")])
            #expect(Set(try await iam.listRoleTags(name: name)) == [
                AWSTag(key: "consoleme-authorized", value: "team-a"), AWSTag(key: "owner", value: "sec ops"),
            ])
            try await iam.untagRole(name: name, tagKeys: ["consoleme-authorized"])
            #expect(try await iam.listRoleTags(name: name) == [AWSTag(key: "owner", value: "sec ops")])

            try await iam.putRolePolicy(roleName: name, policyName: "read-s3", document: Self.readS3)
            let inline = try await iam.getRolePolicy(roleName: name, policyName: "read-s3")
            #expect(try json(inline.document) == json(Self.readS3))
            try await iam.deleteRolePolicy(roleName: name, policyName: "read-s3")
            let gone = await #expect(throws: AWSError.self) {
                _ = try await iam.getRolePolicy(roleName: name, policyName: "read-s3")
            }
            #expect(gone?.code == "NoSuchEntity")

            let newTrust = Self.trust.replacingOccurrences(of: "ec2.amazonaws.com", with: "lambda.amazonaws.com")
            try await iam.updateAssumeRolePolicy(roleName: name, document: newTrust)
            #expect(try json(try await iam.getRole(name: name).assumeRolePolicyDocument) == json(newTrust))

            try await iam.deleteRole(name: name)
            let deleted = await #expect(throws: AWSError.self) { _ = try await iam.getRole(name: name) }
            #expect(deleted?.code == "NoSuchEntity")
            #expect(deleted?.statusCode == 404)
        }

        @Test func managedPoliciesVersionsAttachmentsAndBoundaries() async throws {
            let iam = IAMClient(client: try MotoIntegrationTests.hub().client())
            let role = MotoIntegrationTests.unique("managed")
            _ = try await iam.createRole(name: role, assumeRolePolicyDocument: Self.trust)
            let policy = try await iam.createPolicy(name: MotoIntegrationTests.unique("policy"), document: Self.readS3)
            #expect(try await iam.getPolicy(arn: policy.arn).defaultVersionID == "v1")
            #expect(try await iam.listPolicies(scope: .local).contains { $0.arn == policy.arn })

            let broader = Self.readS3.replacingOccurrences(of: "s3:GetObject", with: "s3:*")
            let v2 = try await iam.createPolicyVersion(policyARN: policy.arn, document: broader, setAsDefault: true)
            #expect(v2.versionID == "v2")
            let fetched = try await iam.getPolicyVersion(policyARN: policy.arn, versionID: "v2")
            #expect(fetched.isDefaultVersion)
            #expect(try json(fetched.document) == json(broader))
            #expect(try await iam.getPolicy(arn: policy.arn).defaultVersionID == "v2")

            try await iam.attachRolePolicy(roleName: role, policyARN: policy.arn)
            try await iam.putRolePermissionsBoundary(roleName: role, policyARN: policy.arn)
            #expect(try await iam.getRole(name: role).permissionsBoundaryARN == policy.arn)
            #expect(try await iam.getPolicy(arn: policy.arn).attachmentCount == 1)

            let details = try await iam.getAccountAuthorizationDetails(filter: [.role, .localManagedPolicy])
            let detail = try #require(details.roles.first { $0.role.roleName == role })
            #expect(detail.attachedPolicies.map(\.policyARN) == [policy.arn])
            #expect(try json(detail.role.assumeRolePolicyDocument) == json(Self.trust))
            let managed = try #require(details.policies.first { $0.policy.arn == policy.arn })
            #expect(try json(managed.defaultDocument) == json(broader))

            try await iam.deleteRolePermissionsBoundary(roleName: role)
            #expect(try await iam.getRole(name: role).permissionsBoundaryARN == nil)
            try await iam.detachRolePolicy(roleName: role, policyARN: policy.arn)
            #expect(try await iam.getPolicy(arn: policy.arn).attachmentCount == 0)
            try await iam.deleteRole(name: role)
        }

        @Test func instanceProfiles() async throws {
            let iam = IAMClient(client: try MotoIntegrationTests.hub().client())
            let role = MotoIntegrationTests.unique("ec2")
            let profile = MotoIntegrationTests.unique("profile")
            _ = try await iam.createRole(name: role, assumeRolePolicyDocument: Self.trust)
            let created = try await iam.createInstanceProfile(name: profile)
            #expect(created.roleNames.isEmpty)
            try await iam.addRoleToInstanceProfile(profileName: profile, roleName: role)
            let listed = try await iam.listInstanceProfilesForRole(roleName: role)
            #expect(listed.map(\.name) == [profile])
            #expect(listed.first?.roleNames == [role])
            try await iam.removeRoleFromInstanceProfile(profileName: profile, roleName: role)
            #expect(try await iam.listInstanceProfilesForRole(roleName: role).isEmpty)
            try await iam.deleteInstanceProfile(name: profile)
            try await iam.deleteRole(name: role)
        }

        @Test func listing250RolesCrossesPages() async throws {
            let iam = IAMClient(client: try MotoIntegrationTests.hub().client())
            let token = MotoIntegrationTests.unique("paging")
            let path = "/\(token)/"
            let names = (0..<250).map { "\(token)-\($0)" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in stride(from: 0, to: names.count, by: 25) {
                    group.addTask {
                        for name in names[batch..<min(batch + 25, names.count)] {
                            _ = try await iam.createRole(name: name, assumeRolePolicyDocument: Self.trust, path: path)
                        }
                    }
                }
                try await group.waitForAll()
            }
            var pageSizes: [Int] = []
            var listed: [IAMRole] = []
            for try await page in try iam.listRolesPages(pathPrefix: path, pageSize: 100) {
                pageSizes.append(page.count)
                listed += page
            }
            #expect(pageSizes == [100, 100, 50])
            #expect(Set(listed.map(\.roleName)).count == 250)
            #expect(try await iam.listRoles(pathPrefix: path, pageSize: 100).count == 250)
        }

        @Test func bootstrapUserOperationsWorkSignedToo() async throws {
            let hub = try MotoIntegrationTests.hub()
            let iam = IAMClient(client: hub.client())
            let name = MotoIntegrationTests.unique("user")
            let user = try await iam.createUser(name: name)
            #expect(user.arn == "arn:aws:iam::\(MotoHub.hubAccount):user/\(name)")
            let key = try await iam.createAccessKey(userName: name)
            try await iam.putUserPolicy(userName: name, policyName: "allow-all", document: SeededMoto.allowAll)
            #expect(try await STSClient(client: hub.client(key)).getCallerIdentity().arn == user.arn)
            #expect(!key.description.contains(key.secretAccessKey))
        }

        @Test func badInputIsRefusedBeforeAnyRequest() async throws {
            let iam = IAMClient(client: try MotoIntegrationTests.hub().client())
            await #expect(throws: AWSClientError.invalidParameter(name: "RoleName", reason: "must be 1 to 128 characters without '/'")) {
                _ = try await iam.getRole(name: "")
            }
            #expect(throws: AWSClientError.self) { _ = try iam.listRolesPages(pageSize: 0) }
            await #expect(throws: AWSClientError.self) { _ = try await iam.getPolicy(arn: "not-an-arn") }
        }
    }
}
