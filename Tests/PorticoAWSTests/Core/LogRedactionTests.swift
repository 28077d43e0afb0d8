import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport
import Synchronization
import Testing

@testable import PorticoAWS

/// Whatever the AWS layer logs (at trace level, the most verbose) carries no secret key, session
/// token, signature or `Authorization` value — including on failures and retries.
@Suite struct LogRedactionTests {
    @Test func signedCallsRetriesAndErrorsLogNoSecrets() async throws {
        let record = LogRecorder()
        let logger = record.logger
        let credentials = AWSCredentials(
            accessKeyID: "ASIALOGTEST", secretAccessKey: "log-secret-0123456789", sessionToken: "log-session-token-xyz")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        let answers = Mutex(0)
        try await LoopbackHTTPServer.withRunning(handler: { _ in
            let count = answers.withLock { value in defer { value += 1 }; return value }
            return count == 0
                ? .text("<ErrorResponse><Error><Code>Throttling</Code><Message>slow</Message></Error></ErrorResponse>", status: 400)
                : .text("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>", status: 403)
        }) { server in
            let client = AWSClient(
                configuration: AWSConfiguration(endpointURL: server.baseURL, maxAttempts: 3),
                credentials: StaticCredentialProvider(credentials), http: http, logger: logger,
                runtime: AWSRuntime(now: { Date() }, sleep: { _ in }, random: { 0 }))
            await #expect(throws: AWSError.self) { _ = try await IAMClient(client: client).listRoles() }
            let authorizations = server.requests.compactMap { $0.header("Authorization") }
            #expect(authorizations.count == 2)
            let signatures = authorizations.compactMap { $0.components(separatedBy: "Signature=").last }
            let logged = record.lines
            #expect(logged.contains { $0.contains("Throttling") })
            for line in logged {
                #expect(!line.contains(credentials.secretAccessKey), "\(line)")
                #expect(!line.contains("log-session-token-xyz"), "\(line)")
                for signature in signatures { #expect(!line.contains(signature), "\(line)") }
            }
        }
        await http.shutdown()
    }
}
