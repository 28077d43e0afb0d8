import PorticoCore
import Testing

/// `host:port` addresses (listen and connect addresses of the configuration), IPv6 in brackets,
/// with errors that say what is wrong.
@Suite("host:port addresses")
struct HostPortTests {
    @Test("host:port, bracketed IPv6 and port 0 parse and print back", arguments: [
        ("127.0.0.1:7101", HostPort(host: "127.0.0.1", port: 7101)),
        ("auth.internal:7101", HostPort(host: "auth.internal", port: 7101)),
        ("[::1]:7102", HostPort(host: "::1", port: 7102)),
        ("127.0.0.1:0", HostPort(host: "127.0.0.1", port: 0)),
    ])
    func parses(text: String, expected: HostPort) throws {
        #expect(try HostPort(parsing: text) == expected)
        #expect(try HostPort(parsing: expected.description) == expected)
        #expect(expected.description == text)
    }

    @Test("malformed addresses are refused with a reason", arguments: [
        ("127.0.0.1", "expected host:port"), (":7101", "the host is empty"),
        ("host:", "the port is not a number from 0 to 65535"), ("host:http", "the port is not a number from 0 to 65535"),
        ("host:70000", "the port is not a number from 0 to 65535"), ("::1:7101", "an IPv6 host must be written in brackets"),
        ("[::1]7101", "expected [ipv6-host]:port"), ("[::1", "expected [ipv6-host]:port"),
    ])
    func refuses(text: String, reason: String) {
        #expect(throws: HostPortParseError(text: text, reason: reason)) { try HostPort(parsing: text) }
    }
}
