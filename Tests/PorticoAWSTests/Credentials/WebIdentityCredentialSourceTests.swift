import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import PorticoAWS

/// Web identity against moto. `AssumeRoleWithWebIdentity` is unsigned by design, and moto with
/// signature checking on rejects every unsigned call (it is not on moto's list of public
/// operations), so this suite runs its own moto without signature checking. (A missing token
/// file is covered in `CredentialProviderChainTests`: it fails before any request.)
@Suite struct WebIdentityCredentialSourceTests {
    static let roleARN = "arn:aws:iam::123456789012:role/web-identity"

    func withMoto(_ body: (CredentialSourceContext, AWSClient) async throws -> Void) async throws {
        let moto = try await MotoServer.start()
        let logger = Logger(label: "portico.aws.tests")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        let configuration = AWSConfiguration(endpointURL: moto.endpoint, maxAttempts: 1)
        let anyKey = AWSClient(
            configuration: configuration,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x")),
            http: http, logger: logger)
        do {
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#
            _ = try await IAMClient(client: anyKey).createRole(name: "web-identity", assumeRolePolicyDocument: trust)
            let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZXJ2aWNlIn0.c2lnbmF0dXJl"
            let environment = CredentialEnvironment(
                variables: [
                    "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/token", "AWS_ROLE_ARN": Self.roleARN,
                    "AWS_ROLE_SESSION_NAME": "pod-session", "AWS_EC2_METADATA_DISABLED": "true",
                ],
                homeDirectory: "/nonexistent",
                readFile: { path in path == "/var/run/secrets/token" ? Array("\(token)\n".utf8) : nil })
            try await body(
                CredentialSourceContext(environment: environment, configuration: configuration, http: http, logger: logger),
                anyKey)
        } catch {
            await http.shutdown()
            moto.stop()
            throw error
        }
        await http.shutdown()
        moto.stop()
    }

    @Test func tokenFileAndRoleARNAssumeTheRole() async throws {
        try await withMoto { context, client in
            let credentials = try await CredentialProviderChain.standard(context: context).credentials()
            #expect(credentials.sessionToken != nil)
            #expect(credentials.expiration != nil)
            let identity = try await STSClient(client: client.with(credentials: StaticCredentialProvider(credentials)))
                .getCallerIdentity()
            #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/web-identity/pod-session")
        }
    }
}
