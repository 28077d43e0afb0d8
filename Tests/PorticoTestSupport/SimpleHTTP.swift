/// A minimal HTTP/1.0 GET over loopback for checking that servers answer, independent of
/// Portico's own HTTP client.
public enum SimpleHTTP {
    public struct Reply: Sendable {
        public var status: Int
        public var raw: String
    }

    public static func get(port: Int, path: String) async -> Reply? {
        let request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        guard let raw = try? await runBlocking({ LoopbackProbe.exchange(port: port, request: request, readAll: true) }) ?? nil
        else { return nil }
        let parts = raw.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        return Reply(status: status, raw: raw)
    }
}
