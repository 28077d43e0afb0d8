import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// AWS Config, Organizations and SES.
    @Suite struct AccountServices {
        @Test func configListsDiscoveredBucketsOfTheSpokeAccount() async throws {
            let hub = try MotoIntegrationTests.hub()
            let spoke = hub.spokeSessions().client(account: MotoHub.spokeAccounts[0])
            let bucket = MotoIntegrationTests.unique("config-bucket")
            try await S3Client(client: spoke).createBucket(bucket: bucket)
            let config = ConfigServiceClient(client: spoke)
            let resources = try await config.listDiscoveredResources(resourceType: "AWS::S3::Bucket")
            #expect(resources.contains(where: { $0.resourceID == bucket && $0.resourceType == "AWS::S3::Bucket" }))
            #expect(!(try await ConfigServiceClient(client: hub.client())
                .listDiscoveredResources(resourceType: "AWS::S3::Bucket")).contains(where: { $0.resourceID == bucket }))
        }

        @Test func configSelectResourceConfigAnswers() async throws {
            // moto accepts SelectResourceConfig but does not evaluate the SQL: it answers with no rows.
            let config = ConfigServiceClient(client: try MotoIntegrationTests.hub().client())
            let rows = try await config.selectResourceConfig(
                expression: "SELECT resourceId, resourceType WHERE resourceType = 'AWS::S3::Bucket'", pageSize: 50)
            #expect(rows == [])
            await #expect(throws: AWSClientError.self) { _ = try await config.selectResourceConfig(expression: "") }
        }

        @Test func organizationsListsTheManagementAccount() async throws {
            let client = try MotoIntegrationTests.hub().client()
            _ = try await JSONProtocol.call(
                client, service: .organizations, version: .v1_1, operation: "CreateOrganization",
                body: ["FeatureSet": "ALL"])
            let accounts = try await OrganizationsClient(client: client).listAccounts(pageSize: 20)
            let management = try #require(accounts.first { $0.id == MotoHub.hubAccount })
            #expect(management.status == "ACTIVE")
            #expect(management.arn.contains(MotoHub.hubAccount))
        }

        @Test func sesSendsFromAVerifiedAddress() async throws {
            let client = try MotoIntegrationTests.hub().client()
            var verify = QueryParameters()
            verify.set("EmailAddress", "portico@example.com")
            _ = try await QueryProtocol.call(client, service: .ses, action: "VerifyEmailIdentity", parameters: verify)
            let ses = SESClient(client: client)
            let messageID = try await ses.sendEmail(EmailMessage(
                source: "portico@example.com", to: ["admin@example.com"], subject: "Policy request r1 needs review",
                textBody: "alice asks for s3:GetObject on arn:aws:s3:::b/*", htmlBody: "<p>alice asks…</p>"))
            #expect(!messageID.isEmpty)

            let unverified = await #expect(throws: AWSError.self) {
                _ = try await ses.sendEmail(EmailMessage(
                    source: "nobody@unverified.example", to: ["admin@example.com"], subject: "x", textBody: "y"))
            }
            #expect(unverified?.code == "MessageRejected")
            await #expect(throws: AWSClientError.self) {
                _ = try await ses.sendEmail(EmailMessage(source: "portico@example.com", to: [], subject: "x", textBody: "y"))
            }
        }
    }
}
