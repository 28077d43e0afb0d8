import Foundation
import PorticoHTTP
import PorticoTestSupport

/// A loopback HTTP proxy in front of moto that passes every request through unchanged (the Host
/// header included, so SigV4 signatures still verify) and keeps what was sent, so tests can see
/// the exact AssumeRole parameters the broker sent: moto does not enforce session policies and
/// does not keep `SourceIdentity` or `DurationSeconds`.
struct RecordingAWSProxy: Sendable {
    let server: LoopbackHTTPServer

    var endpoint: String { server.baseURL }

    /// Hop-by-hop and framing headers the proxy sets itself on each leg.
    private static let dropped: Set<String> = ["connection", "keep-alive", "transfer-encoding", "content-length", "expect"]

    static func start(forwardingTo upstream: String, http: HTTPClient) async throws -> RecordingAWSProxy {
        let server = try await LoopbackHTTPServer.start { request in
            var headers = HTTPClient.Headers()
            for (name, value) in request.headers where !dropped.contains(name.lowercased()) {
                headers.add(name: name, value: value)
            }
            let url = upstream + request.path + (request.query.map { "?" + $0 } ?? "")
            do {
                let answer = try await http.execute(HTTPClient.Request(
                    method: request.method, url: url, headers: headers, body: request.body))
                let forwarded = answer.headers.filter { !dropped.contains($0.name.lowercased()) }
                return LoopbackHTTPServer.Response(status: answer.status, headers: forwarded, body: answer.body)
            } catch {
                return .text("proxy: \(error)", status: 502)
            }
        }
        return RecordingAWSProxy(server: server)
    }

    func stop() async { await server.shutdown() }

    /// The form parameters of every STS AssumeRole sent so far.
    var assumeRoleCalls: [[String: String]] {
        server.requests.map { FormFields.parse($0.bodyText) }.filter { $0["Action"] == "AssumeRole" }
    }

    /// The AssumeRole calls that named the session `sessionName`.
    func assumeRoleCalls(sessionName: String) -> [[String: String]] {
        assumeRoleCalls.filter { $0["RoleSessionName"] == sessionName }
    }
}

/// `application/x-www-form-urlencoded` and query strings, decoded.
enum FormFields {
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// The query parameters of `url`.
    static func query(of url: String) -> [String: String] {
        guard let start = url.firstIndex(of: "?") else { return [:] }
        return parse(String(url[url.index(after: start)...]))
    }
}
