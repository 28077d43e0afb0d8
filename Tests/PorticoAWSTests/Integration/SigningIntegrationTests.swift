import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// Signatures as moto verifies them (botocore's own canonicalisation on the other side).
    @Suite struct Signing {
        @Test func signatureCheckingIsOnAfterTheBootstrap() async throws {
            let hub = try MotoIntegrationTests.hub()
            let stranger = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap-only")
            let error = await #expect(throws: AWSError.self) {
                _ = try await STSClient(client: hub.client(stranger)).getCallerIdentity()
            }
            #expect(error?.code == "InvalidClientTokenId")
            #expect(error?.statusCode == 403)
        }

        @Test func hubKeySignsAcceptedRequests() async throws {
            let hub = try MotoIntegrationTests.hub()
            let identity = try await STSClient(client: hub.client()).getCallerIdentity()
            #expect(identity.account == MotoHub.hubAccount)
            #expect(identity.arn == "arn:aws:iam::\(MotoHub.hubAccount):user/portico-hub")
        }

        @Test func wrongSecretFailsWithSignatureDoesNotMatchAndLeaksNothing() async throws {
            let hub = try MotoIntegrationTests.hub()
            let wrongSecret = "not-the-secret-0123456789abcdefghijklmn"
            let forged = AWSCredentials(accessKeyID: hub.hubKey.accessKeyID, secretAccessKey: wrongSecret)
            let error = await #expect(throws: AWSError.self) {
                _ = try await IAMClient(client: hub.client(forged)).listRoles()
            }
            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(error?.statusCode == 403)
            #expect(error?.service == "iam")
            #expect(error?.operation == "ListRoles")
            let text = "\(String(describing: error))"
            #expect(!text.contains(wrongSecret))
            #expect(!text.contains(hub.hubKey.secretAccessKey))
        }

        @Test func everyProtocolIsSignedAcceptably() async throws {
            // Query (IAM, STS, SNS, SQS), JSON 1.0/1.1 (DynamoDB, Config) and REST-XML (S3) all pass
            // moto's verification with the hub key; a signing bug in any of them fails here.
            let hub = try MotoIntegrationTests.hub()
            let client = hub.client()
            _ = try await IAMClient(client: client).listPolicies(scope: .local)
            _ = try await SNSClient(client: client).listTopics()
            _ = try await SQSClient(client: client).listQueues()
            _ = try await S3Client(client: client).listBuckets()
            _ = try await ConfigServiceClient(client: client).listDiscoveredResources(resourceType: "AWS::S3::Bucket")
            let missing = await #expect(throws: AWSError.self) {
                _ = try await DynamoDBClient(client: client).describeTable(name: MotoIntegrationTests.unique("absent"))
            }
            #expect(missing?.code == "ResourceNotFoundException")
        }
    }
}
