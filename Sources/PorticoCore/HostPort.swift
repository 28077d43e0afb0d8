/// A listen or connect address, written `host:port` (IPv6 in brackets: `[::1]:7101`): the
/// `listen.*` and `services.*` addresses of the configuration, where RPC servers listen and
/// clients connect.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (port 0 lets a server pick a free port).
    /// - Throws: `HostPortParseError` naming what is wrong with the text.
    public init(parsing text: String) throws(HostPortParseError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw HostPortParseError(text: text, reason: "expected [ipv6-host]:port")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw HostPortParseError(text: text, reason: "expected host:port")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else {
                throw HostPortParseError(text: text, reason: "an IPv6 host must be written in brackets")
            }
        }
        guard !host.isEmpty else { throw HostPortParseError(text: text, reason: "the host is empty") }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw HostPortParseError(text: text, reason: "the port is not a number from 0 to 65535")
        }
        self.init(host: String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a `host:port` text is not an address.
public struct HostPortParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid endpoint \"\(text)\": \(reason)" }
}
