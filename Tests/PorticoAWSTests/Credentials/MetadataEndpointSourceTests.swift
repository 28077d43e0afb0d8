import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import PorticoAWS

/// The ECS container endpoint and EC2 IMDSv2, against loopback servers standing in for them
/// (neither can run outside AWS). The stand-ins refuse requests without the right token, as the
/// real endpoints do.
@Suite struct MetadataEndpointSourceTests {
    static let expiration = "2030-01-01T00:00:00Z"

    static func credentialsJSON(_ keyID: String, code: String? = nil) -> String {
        let codeField = code.map { "\"Code\":\"\($0)\"," } ?? ""
        return #"{"# + codeField
            + #""AccessKeyId":"\#(keyID)","SecretAccessKey":"secret-\#(keyID)","Token":"token-\#(keyID)","Expiration":"\#(expiration)","RoleArn":"arn:aws:iam::123456789012:role/task"}"#
    }

    func withContext(
        _ variables: @escaping (LoopbackHTTPServer) -> [String: String], files: [String: String] = [:],
        handler: @escaping LoopbackHTTPServer.Handler,
        _ body: (LoopbackHTTPServer, CredentialSourceContext) async throws -> Void
    ) async throws {
        let http = HTTPClient(configuration: .defaults, logger: Logger(label: "test"))
        do {
            try await LoopbackHTTPServer.withRunning(handler: handler) { server in
                // A generous metadata timeout: a loaded CI machine must not look like "not on EC2".
                var assigned = variables(server)
                assigned["AWS_METADATA_SERVICE_TIMEOUT"] = assigned["AWS_METADATA_SERVICE_TIMEOUT"] ?? "20"
                let environment = CredentialEnvironment(
                    variables: assigned, homeDirectory: "/nonexistent",
                    readFile: { files[$0].map { Array($0.utf8) } })
                try await body(server, CredentialSourceContext(
                    environment: environment, configuration: .defaults, http: http, logger: Logger(label: "test")))
            }
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    // MARK: Container endpoint

    static func containerEndpoint(expecting token: String) -> LoopbackHTTPServer.Handler {
        { request in
            guard request.method == "GET", request.path == "/v2/credentials/task" else { return .text("no", status: 404) }
            guard request.header("Authorization") == token else { return .text("denied", status: 401) }
            return .json(credentialsJSON("ASIACONTAINER"))
        }
    }

    @Test func containerFullURIWithAuthorizationToken() async throws {
        try await withContext({ server in
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/task",
             "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic c2VjcmV0"]
        }, handler: Self.containerEndpoint(expecting: "Basic c2VjcmV0")) { server, context in
            let credentials = try #require(try await ContainerCredentialSource(context: context).load())
            #expect(credentials.accessKeyID == "ASIACONTAINER")
            #expect(credentials.secretAccessKey == "secret-ASIACONTAINER")
            #expect(credentials.sessionToken == "token-ASIACONTAINER")
            #expect(credentials.expiration == ISO8601Timestamp.parse(Self.expiration))
            #expect(server.requests.map(\.path) == ["/v2/credentials/task"])
        }
    }

    @Test func containerTokenFileWinsOverTheVariableAndIsReadEachTime() async throws {
        try await withContext({ server in
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/task",
             "AWS_CONTAINER_AUTHORIZATION_TOKEN": "stale-variable-token",
             "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/secrets/eks/token"]
        }, files: ["/var/run/secrets/eks/token": "rotated-file-token\n"],
            handler: Self.containerEndpoint(expecting: "rotated-file-token")) { server, context in
            let credentials = try await CredentialProviderChain.standard(context: context).credentials()
            #expect(credentials.accessKeyID == "ASIACONTAINER")
            #expect(server.requests.first?.header("Authorization") == "rotated-file-token")
        }
    }

    @Test func containerFailuresAreErrorsThatLeakNoToken() async throws {
        try await withContext({ server in
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/task",
             "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-token-value"]
        }, handler: Self.containerEndpoint(expecting: "right-token")) { _, context in
            let error = await #expect(throws: AWSCredentialsError.self) {
                _ = try await ContainerCredentialSource(context: context).load()
            }
            #expect(error == .sourceFailed(source: "container credentials endpoint", reason: "HTTP 401"))
            #expect(!"\(String(describing: error))".contains("wrong-token-value"))
        }
    }

    @Test func plainHTTPFullURIsMustStayOnLoopbackOrTheAgentAddress() throws {
        #expect(throws: AWSCredentialsError.self) {
            try ContainerCredentialSource.validate(fullURI: "http://credentials.example.com/creds")
        }
        #expect(throws: AWSCredentialsError.self) { try ContainerCredentialSource.validate(fullURI: "ftp://127.0.0.1/x") }
        try ContainerCredentialSource.validate(fullURI: "http://127.0.0.1:51679/creds")
        try ContainerCredentialSource.validate(fullURI: "http://169.254.170.23/v1/credentials")
        try ContainerCredentialSource.validate(fullURI: "https://credentials.example.com/creds")
    }

    // MARK: IMDSv2

    static let imdsToken = "AQAEAImdsSessionToken=="

    static func instanceMetadata(role: String?) -> LoopbackHTTPServer.Handler {
        { request in
            if request.path == "/latest/api/token" {
                guard request.method == "PUT", request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" else {
                    return .text("bad token request", status: 400)
                }
                return .text(imdsToken)
            }
            // IMDSv2 only: every read must carry the session token.
            guard request.header("X-aws-ec2-metadata-token") == imdsToken else { return .text("", status: 401) }
            switch request.path {
            case "/latest/meta-data/iam/security-credentials/":
                guard let role else { return .text("", status: 404) }
                return .text(role + "\n")
            case "/latest/meta-data/iam/security-credentials/\(role ?? "")":
                return .json(credentialsJSON("ASIAINSTANCE", code: "Success"))
            default:
                return .text("", status: 404)
            }
        }
    }

    @Test func imdsV2FetchesATokenThenTheRoleThenItsCredentials() async throws {
        try await withContext({ ["AWS_EC2_METADATA_SERVICE_ENDPOINT": $0.baseURL + "/"] },
                              handler: Self.instanceMetadata(role: "portico-instance")) { server, context in
            let credentials = try #require(try await InstanceMetadataCredentialSource(context: context).load())
            #expect(credentials.accessKeyID == "ASIAINSTANCE")
            #expect(credentials.sessionToken == "token-ASIAINSTANCE")
            #expect(server.requests.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/portico-instance",
            ])
        }
    }

    @Test func theChainEndsAtIMDSWhenNothingElseIsConfigured() async throws {
        try await withContext({ ["AWS_EC2_METADATA_SERVICE_ENDPOINT": $0.baseURL] },
                              handler: Self.instanceMetadata(role: "portico-instance")) { _, context in
            let credentials = try await CredentialProviderChain.standard(context: context).credentials()
            #expect(credentials.accessKeyID == "ASIAINSTANCE")
        }
    }

    @Test func anInstanceWithoutARoleIsNotConfigured() async throws {
        try await withContext({ ["AWS_EC2_METADATA_SERVICE_ENDPOINT": $0.baseURL] },
                              handler: Self.instanceMetadata(role: nil)) { server, context in
            let credentials = try await InstanceMetadataCredentialSource(context: context).load()
            #expect(credentials == nil)
            #expect(server.requestCount == 2)
        }
    }

    @Test func disabledIMDSSendsNothing() async throws {
        try await withContext({ ["AWS_EC2_METADATA_SERVICE_ENDPOINT": $0.baseURL, "AWS_EC2_METADATA_DISABLED": "true"] },
                              handler: Self.instanceMetadata(role: "portico-instance")) { server, context in
            let credentials = try await InstanceMetadataCredentialSource(context: context).load()
            #expect(credentials == nil)
            #expect(server.requestCount == 0)
        }
    }

    @Test func nothingListeningMeansNotOnEC2() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        let port = closed.port
        try await withContext({ _ in ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)"] },
                              handler: { _ in .text("") }) { _, context in
            let credentials = try await InstanceMetadataCredentialSource(context: context).load()
            #expect(credentials == nil)
        }
    }
}
