import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport
import Synchronization
import Testing

@testable import PorticoAWS

/// Retries seen from the wire: a loopback server stands in for an AWS API that throttles or
/// fails (moto cannot be made to throttle), and a recording sleeper stands in for the clock so
/// the delays asked for are checked without waiting for them.
@Suite struct RetryBehaviourTests {
    /// Records every pause the client asks for and returns at once.
    final class RecordingSleeper: Sendable {
        private let recorded = Mutex<[Duration]>([])
        var delays: [Duration] { recorded.withLock { $0 } }
        func sleep(_ duration: Duration) async throws { recorded.withLock { $0.append(duration) } }
    }

    /// Answers the n-th request (0-based) with `script(n)`.
    final class Script: Sendable {
        private let count = Mutex(0)
        let answer: @Sendable (Int) -> LoopbackHTTPServer.Response
        init(_ answer: @escaping @Sendable (Int) -> LoopbackHTTPServer.Response) { self.answer = answer }
        func next() -> LoopbackHTTPServer.Response {
            answer(count.withLock { value in defer { value += 1 }; return value })
        }
    }

    static let identity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
        <Arn>arn:aws:iam::123456789012:user/hub</Arn><UserId>AIDA</UserId><Account>123456789012</Account>
        </GetCallerIdentityResult><ResponseMetadata><RequestId>ok-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>
        """

    static func queryError(_ code: String, status: Int, headers: [(name: String, value: String)] = []) -> LoopbackHTTPServer.Response {
        .text(
            "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(code) happened</Message></Error>"
                + "<RequestId>req-\(code)</RequestId></ErrorResponse>",
            status: status, headers: headers + [("Content-Type", "text/xml")])
    }

    func withServer(
        maxAttempts: Int = 3, _ script: Script,
        _ body: (LoopbackHTTPServer, AWSClient, RecordingSleeper) async throws -> Void
    ) async throws {
        let sleeper = RecordingSleeper()
        let http = HTTPClient(configuration: .defaults, logger: Logger(label: "test"))
        do {
            try await LoopbackHTTPServer.withRunning(handler: { _ in script.next() }) { server in
                let client = AWSClient(
                    configuration: AWSConfiguration(
                        endpointURL: server.baseURL, maxAttempts: maxAttempts,
                        retry: RetryConfiguration(baseDelay: .milliseconds(100), maxBackoff: .seconds(20))),
                    credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
                    http: http, logger: Logger(label: "test"),
                    runtime: AWSRuntime(now: { Date() }, sleep: sleeper.sleep, random: { 0.5 }))
                try await body(server, client, sleeper)
            }
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    @Test func throttlingTwiceThenSuccessTakesThreeRequests() async throws {
        let script = Script { $0 < 2 ? Self.queryError("Throttling", status: 400) : .text(Self.identity) }
        try await withServer(script) { server, client, sleeper in
            let identity = try await STSClient(client: client).getCallerIdentity()
            #expect(identity.account == "123456789012")
            #expect(server.requestCount == 3)
            #expect(sleeper.delays == [.milliseconds(50), .milliseconds(100)])  // full jitter at 0.5: 0.5·100, 0.5·200
            // Each attempt is a complete signed request, not a replay of stale headers.
            for request in server.requests {
                #expect(request.method == "POST")
                #expect(request.header("Authorization")?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTEST/") == true)
                #expect(request.header("X-Amz-Date") != nil)
                #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
                #expect(request.bodyText == "Action=GetCallerIdentity&Version=2011-06-15")
            }
        }
    }

    @Test func accessDeniedIsNotRetried() async throws {
        let script = Script { _ in Self.queryError("AccessDenied", status: 403) }
        try await withServer(script) { server, client, sleeper in
            let error = await #expect(throws: AWSError.self) { _ = try await STSClient(client: client).getCallerIdentity() }
            #expect(error?.code == "AccessDenied")
            #expect(error?.statusCode == 403)
            #expect(error?.requestID == "req-AccessDenied")
            #expect(server.requestCount == 1)
            #expect(sleeper.delays.isEmpty)
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        let script = Script { $0 == 0 ? Self.queryError("ServiceUnavailable", status: 503, headers: [("Retry-After", "7")]) : .text(Self.identity) }
        try await withServer(script) { server, client, sleeper in
            _ = try await STSClient(client: client).getCallerIdentity()
            #expect(server.requestCount == 2)
            #expect(sleeper.delays.count == 1)
            #expect(sleeper.delays.allSatisfy { $0 >= .seconds(7) })
        }
    }

    @Test func throttlingThatNeverStopsGivesUpAfterMaxAttempts() async throws {
        let script = Script { _ in Self.queryError("RequestLimitExceeded", status: 503) }
        try await withServer(maxAttempts: 4, script) { server, client, sleeper in
            let error = await #expect(throws: AWSError.self) { _ = try await STSClient(client: client).getCallerIdentity() }
            #expect(error?.code == "RequestLimitExceeded")
            #expect(server.requestCount == 4)
            #expect(sleeper.delays == [.milliseconds(50), .milliseconds(100), .milliseconds(200)])
        }
    }

    @Test func jsonThrottlingAndServerErrorsAreRetried() async throws {
        let script = Script { attempt in
            switch attempt {
            case 0: .json(#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow"}"#, status: 400)
            case 1: .text("upstream broke", status: 502)
            default: .json(#"{"Item":{"id":{"S":"a"}}}"#)
            }
        }
        try await withServer(script) { server, client, _ in
            let item = try await DynamoDBClient(client: client).getItem(table: "requests", key: ["id": "a"])
            #expect(item == ["id": "a"])
            #expect(server.requestCount == 3)
            #expect(server.requests.last?.header("X-Amz-Target") == "DynamoDB_20120810.GetItem")
            #expect(server.requests.last?.header("Content-Type") == "application/x-amz-json-1.0")
        }
    }

    @Test func transportFailuresAreRetriedThenSurfaceAsTransportErrors() async throws {
        let sleeper = RecordingSleeper()
        let http = HTTPClient(configuration: .defaults, logger: Logger(label: "test"))
        let closed = try ClosedPort()
        defer { closed.close() }
        let client = AWSClient(
            configuration: AWSConfiguration(endpointURL: "http://127.0.0.1:\(closed.port)", maxAttempts: 3),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            http: http, logger: Logger(label: "test"),
            runtime: AWSRuntime(now: { Date() }, sleep: sleeper.sleep, random: { 0 }))
        await #expect(throws: AWSClientError.self) { _ = try await STSClient(client: client).getCallerIdentity() }
        await http.shutdown()
        #expect(sleeper.delays.count == 2)
    }
}
