import Foundation
import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// STS and the spoke sessions built on it.
    @Suite struct STS {
        @Test func assumeRoleWithSessionPolicyTagsAndSourceIdentityActsInTheSpoke() async throws {
            let hub = try MotoIntegrationTests.hub()
            let spoke = MotoHub.spokeAccounts[0]
            let assumed = try await STSClient(client: hub.client()).assumeRole(AssumeRoleRequest(
                roleARN: "arn:aws:iam::\(spoke):role/\(MotoHub.spokeRoleName)", sessionName: "alice@example.com",
                durationSeconds: 900,
                policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"sts:GetCallerIdentity","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8"]}}}]}"#,
                tags: [AWSTag(key: "requester", value: "alice")], sourceIdentity: "alice"))
            #expect(assumed.assumedRoleARN == "arn:aws:sts::\(spoke):assumed-role/\(MotoHub.spokeRoleName)/alice@example.com")
            let expiration = try #require(assumed.credentials.expiration)
            #expect(abs(expiration.timeIntervalSinceNow - 900) < 120)
            #expect(assumed.credentials.sessionToken != nil)

            let identity = try await STSClient(client: hub.client(assumed.credentials)).getCallerIdentity()
            #expect(identity.account == spoke)
            #expect(identity.arn == assumed.assumedRoleARN)
        }

        @Test func badAssumeRoleInputIsRefusedLocally() async throws {
            let sts = STSClient(client: try MotoIntegrationTests.hub().client())
            let role = "arn:aws:iam::\(MotoHub.spokeAccounts[0]):role/\(MotoHub.spokeRoleName)"
            for request in [
                AssumeRoleRequest(roleARN: "arn:aws:s3:::bucket", sessionName: "ok-name"),
                AssumeRoleRequest(roleARN: role, sessionName: "has space"),
                AssumeRoleRequest(roleARN: role, sessionName: String(repeating: "a", count: 65)),
                AssumeRoleRequest(roleARN: role, sessionName: "ok", durationSeconds: 60),
                AssumeRoleRequest(roleARN: role, sessionName: "ok", sourceIdentity: "a/b"),
            ] {
                await #expect(throws: AWSClientError.self) { _ = try await sts.assumeRole(request) }
            }
        }

        @Test func spokeSessionsSeeThreeDisjointAccounts() async throws {
            let hub = try MotoIntegrationTests.hub()
            let sessions = hub.spokeSessions()
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            for account in MotoHub.spokeAccounts {
                let iam = IAMClient(client: sessions.client(account: account))
                for index in 1...3 {
                    _ = try await iam.createRole(name: "only-in-\(account)-\(index)", assumeRolePolicyDocument: trust)
                }
            }
            var roleNames: [String: Set<String>] = [:]
            for account in MotoHub.spokeAccounts {
                let client = sessions.client(account: account)
                #expect(try await STSClient(client: client).getCallerIdentity().account == account)
                let roles = try await IAMClient(client: client).listRoles()
                #expect(roles.allSatisfy { $0.arn.hasPrefix("arn:aws:iam::\(account):role/") })
                roleNames[account] = Set(roles.map(\.roleName))
            }
            for account in MotoHub.spokeAccounts {
                let own = roleNames[account, default: []]
                #expect(own.isSuperset(of: (1...3).map { "only-in-\(account)-\($0)" }))
                for other in MotoHub.spokeAccounts where other != account {
                    #expect(own.isDisjoint(with: roleNames[other, default: []].filter { $0.hasPrefix("only-in-") }))
                }
            }
            #expect(await sessions.assumeRoleCalls == MotoHub.spokeAccounts.count)
        }

        @Test func concurrentCallersForOneAccountShareOneAssumeRole() async throws {
            let sessions = try MotoIntegrationTests.hub().spokeSessions()
            let account = MotoHub.spokeAccounts[1]
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await sessions.credentials(account: account).accessKeyID }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(keys.count == 1)
            #expect(await sessions.assumeRoleCalls == 1)
            await #expect(throws: AWSClientError.self) { _ = try await sessions.credentials(account: "12345") }
        }
    }
}
