import Proto
import Testing

@Suite("RPC endpoints from configuration")
struct TransportEndpointTests {
    @Test("host:port, bracketed IPv6 and port 0 parse", arguments: [
        ("127.0.0.1:7101", RPCEndpoint(host: "127.0.0.1", port: 7101)),
        ("auth.internal:7101", RPCEndpoint(host: "auth.internal", port: 7101)),
        ("[::1]:7102", RPCEndpoint(host: "::1", port: 7102)),
        ("127.0.0.1:0", RPCEndpoint(host: "127.0.0.1", port: 0)),
    ])
    func parses(text: String, expected: RPCEndpoint) throws {
        #expect(try RPCEndpoint(parsing: text) == expected)
        #expect(try RPCEndpoint(parsing: expected.description) == expected)
    }

    @Test("malformed endpoints are refused with a reason", arguments: [
        "127.0.0.1", ":7101", "host:", "host:http", "host:70000", "::1:7101", "[::1]7101", "[::1",
    ])
    func refuses(text: String) {
        #expect(throws: RPCEndpointParseError.self) { try RPCEndpoint(parsing: text) }
    }
}
