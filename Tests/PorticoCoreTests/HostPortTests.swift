import PorticoCore
import Testing

/// `host:port` addresses, IPv6 in brackets, with errors that say what is wrong.
@Suite struct HostPortTests {
    @Test func addressesParseAndPrintBack() throws {
        #expect(try HostPort(parsing: "127.0.0.1:7101") == HostPort(host: "127.0.0.1", port: 7101))
        #expect(try HostPort(parsing: "cache.internal:0").port == 0)
        let v6 = try HostPort(parsing: "[::1]:7102")
        #expect(v6.host == "::1" && v6.description == "[::1]:7102")
    }

    @Test(arguments: [
        ("localhost", "expected host:port"), ("::1:80", "an IPv6 host must be written in brackets"),
        ("[::1]80", "expected [ipv6-host]:port"), (":80", "the host is empty"),
        ("host:65536", "the port is not a number from 0 to 65535"), ("host:http", "the port is not a number from 0 to 65535"),
    ])
    func badAddressesSayWhy(_ text: String, _ reason: String) {
        #expect(throws: HostPortParseError(text: text, reason: reason)) { try HostPort(parsing: text) }
    }
}
