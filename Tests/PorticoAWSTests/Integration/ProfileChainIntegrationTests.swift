import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// Shared-file profiles whose `role_arn`/`source_profile` chains are assumed for real.
    @Suite struct ProfileChains {
        func context(_ hub: MotoHub, variables: [String: String], files: [String: String]) -> CredentialSourceContext {
            let environment = CredentialEnvironment(
                variables: variables.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { own, _ in own },
                homeDirectory: "/home/tester", readFile: { path in files[path].map { Array($0.utf8) } })
            return CredentialSourceContext(
                environment: environment, configuration: hub.configuration, http: hub.http, logger: hub.logger)
        }

        func files(_ hub: MotoHub) -> [String: String] {
            [
                "/home/tester/.aws/credentials": """
                    [hub]
                    aws_access_key_id = \(hub.hubKey.accessKeyID)
                    aws_secret_access_key = \(hub.hubKey.secretAccessKey)
                    """,
                "/home/tester/.aws/config": """
                    [profile spoke-a]
                    role_arn = arn:aws:iam::\(MotoHub.spokeAccounts[0]):role/\(MotoHub.spokeRoleName)
                    source_profile = hub
                    role_session_name = chain-a
                    [profile spoke-b]
                    role_arn = arn:aws:iam::\(MotoHub.spokeAccounts[1]):role/\(MotoHub.spokeRoleName)
                    source_profile = spoke-a
                    duration_seconds = 1800
                    """,
            ]
        }

        @Test func oneHopAssumesTheRoleWithTheSourceProfileKeys() async throws {
            let hub = try MotoIntegrationTests.hub()
            let chain = CredentialProviderChain.standard(
                context: context(hub, variables: ["AWS_PROFILE": "spoke-a"], files: files(hub)))
            let credentials = try await chain.credentials()
            let identity = try await STSClient(client: hub.client(credentials)).getCallerIdentity()
            #expect(identity.account == MotoHub.spokeAccounts[0])
            #expect(identity.arn.hasSuffix(":assumed-role/\(MotoHub.spokeRoleName)/chain-a"))
        }

        @Test func twoHopsFollowTheSourceProfileChain() async throws {
            let hub = try MotoIntegrationTests.hub()
            let credentials = try await CredentialProviderChain.standard(
                context: context(hub, variables: ["AWS_PROFILE": "spoke-b"], files: files(hub))
            ).credentials()
            #expect(try await STSClient(client: hub.client(credentials)).getCallerIdentity().account == MotoHub.spokeAccounts[1])
            let expiration = try #require(credentials.expiration)
            #expect(abs(expiration.timeIntervalSinceNow - 1800) < 120)
        }

        @Test func filesAreFoundWhereTheEnvironmentSays() async throws {
            let hub = try MotoIntegrationTests.hub()
            var moved: [String: String] = [:]
            for (path, text) in files(hub) { moved[path.replacingOccurrences(of: "/home/tester/.aws/", with: "/etc/portico/")] = text }
            let credentials = try await CredentialProviderChain.standard(context: context(
                hub,
                variables: [
                    "AWS_PROFILE": "spoke-a", "AWS_SHARED_CREDENTIALS_FILE": "/etc/portico/credentials",
                    "AWS_CONFIG_FILE": "/etc/portico/config",
                ],
                files: moved)
            ).credentials()
            #expect(try await STSClient(client: hub.client(credentials)).getCallerIdentity().account == MotoHub.spokeAccounts[0])
        }

        @Test func hubCredentialsFromTheChainAreCachedAndSign() async throws {
            let hub = try MotoIntegrationTests.hub()
            let provider = CredentialProviderChain.hub(
                context: context(hub, variables: ["AWS_PROFILE": "hub"], files: files(hub)))
            let client = AWSClient(
                configuration: hub.configuration, credentials: provider, http: hub.http, logger: hub.logger)
            #expect(try await STSClient(client: client).getCallerIdentity().account == MotoHub.hubAccount)
            #expect(try await provider.credentials() == hub.hubKey)
        }
    }
}
