import Logging
import PorticoHTTP
import PorticoTestSupport
import Testing

/// Signatures, tokens and passwords in URLs and headers never reach errors or logs.
@Suite struct HTTPClientRedactionTests {
    @Test func aConnectionErrorDropsTheQueryStringAndUserinfo() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        let port = closed.port
        let client = makeClient()
        let error = await clientError {
            try await client.execute(.init(
                url: "http://admin:hunter2@127.0.0.1:\(port)/bucket/key?X-Amz-Signature=secret&X-Amz-Credential=AKIA#frag"))
        }
        await client.shutdown()
        let text = try #require(error).description
        #expect(text.contains("http://127.0.0.1:\(port)/bucket/key"))
        for secret in ["X-Amz-Signature", "secret", "AKIA", "hunter2", "admin", "frag"] {
            #expect(!text.contains(secret), "\(secret) leaked into: \(text)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aTimeoutErrorDropsTheQueryString() async throws {
        let handler: LoopbackHTTPServer.Handler = { _ in
            try? await Task.sleep(for: .seconds(600))
            return .text("late")
        }
        try await LoopbackHTTPServer.withRunning(handler: handler) { server in
            let client = makeClient()
            let error = await clientError {
                try await client.execute(.init(url: server.baseURL + "/p?X-Amz-Signature=secret", timeout: .milliseconds(200)))
            }
            await client.shutdown()
            #expect(error == .timeout(url: server.baseURL + "/p"))
            #expect(error?.description.contains("secret") == false)
        }
    }

    @Test func logsHoldNeitherHeaderValuesNorQueryStrings() async throws {
        let capture = LogRecorder()
        try await LoopbackHTTPServer.withRunning(handler: { _ in .text("ok", status: 403) }) { server in
            let client = makeClient(logger: capture.logger)
            _ = try await client.execute(.init(
                url: server.baseURL + "/role?X-Amz-Signature=sig-value",
                headers: ["Authorization": "Bearer token-value", "X-Amz-Security-Token": "session-value"]))
            await client.shutdown()
        }
        let entries = capture.lines
        #expect(entries.contains { $0.contains("/role") && $0.contains("403") })
        for secret in ["token-value", "session-value", "sig-value", "X-Amz-Signature"] {
            #expect(!entries.contains { $0.contains(secret) }, "\(secret) was logged")
        }
    }
}
