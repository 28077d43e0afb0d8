import Foundation
import Logging
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import PorticoAWS

/// What goes on the wire for parameters moto accepts but ignores (STS session tags and source
/// identity, the web identity call's lack of a signature), read off a loopback endpoint that
/// records requests and answers like STS.
@Suite struct RequestShapeTests {
    static let assumed = """
        <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId>
        <SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
        </Credentials><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/R/alice</Arn>
        <AssumedRoleId>AROA:alice</AssumedRoleId></AssumedRoleUser><SourceIdentity>alice</SourceIdentity>
        <PackedPolicySize>12</PackedPolicySize></AssumeRoleResult></AssumeRoleResponse>
        """

    func withRecordingSTS(_ body: (LoopbackHTTPServer, STSClient) async throws -> Void) async throws {
        let http = HTTPClient(configuration: .defaults, logger: Logger(label: "test"))
        do {
            try await LoopbackHTTPServer.withRunning(handler: { request in
                .text(Self.assumed.replacingOccurrences(
                    of: "AssumeRole", with: request.bodyText.contains("WebIdentity") ? "AssumeRoleWithWebIdentity" : "AssumeRole"))
            }) { server in
                let client = AWSClient(
                    configuration: AWSConfiguration(region: "eu-west-1", endpointURL: server.baseURL, maxAttempts: 1),
                    credentials: StaticCredentialProvider(AWSCredentials(
                        accessKeyID: "AKIDHUB", secretAccessKey: "hub-secret", sessionToken: "hub-token")),
                    http: http, logger: Logger(label: "test"))
                try await body(server, STSClient(client: client))
            }
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    func form(_ request: LoopbackHTTPServer.Request) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in request.bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[PercentEncoding.decode(parts[0], plusAsSpace: true) ?? ""] =
                PercentEncoding.decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true) ?? ""
        }
        return fields
    }

    @Test func assumeRoleSendsPolicyDurationTagsAndSourceIdentity() async throws {
        try await withRecordingSTS { server, sts in
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
            let assumed = try await sts.assumeRole(AssumeRoleRequest(
                roleARN: "arn:aws:iam::111111111111:role/R", sessionName: "alice@example.com", durationSeconds: 3600,
                policy: policy, tags: [AWSTag(key: "requester", value: "alice smith")], transitiveTagKeys: ["requester"],
                sourceIdentity: "alice", externalID: "ext-1"))
            #expect(assumed.sourceIdentity == "alice")
            #expect(assumed.packedPolicySize == 12)
            let request = try #require(server.requests.first)
            #expect(form(request) == [
                "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::111111111111:role/R",
                "RoleSessionName": "alice@example.com", "DurationSeconds": "3600", "Policy": policy,
                "Tags.member.1.Key": "requester", "Tags.member.1.Value": "alice smith",
                "TransitiveTagKeys.member.1": "requester", "SourceIdentity": "alice", "ExternalId": "ext-1",
            ])
            // Signed for the configured region with the hub's session token.
            #expect(request.header("Authorization")?.contains("/eu-west-1/sts/aws4_request") == true)
            #expect(request.header("X-Amz-Security-Token") == "hub-token")
        }
    }

    @Test func webIdentityIsSentUnsigned() async throws {
        try await withRecordingSTS { server, sts in
            _ = try await sts.assumeRoleWithWebIdentity(
                roleARN: "arn:aws:iam::111111111111:role/R", sessionName: "pod", webIdentityToken: "jwt.token.here")
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == nil)
            #expect(request.header("X-Amz-Security-Token") == nil)
            #expect(form(request)["WebIdentityToken"] == "jwt.token.here")
        }
    }
}
