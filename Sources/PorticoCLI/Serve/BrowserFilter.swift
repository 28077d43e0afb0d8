/// Refuses requests that look like a web page's: a browser must not be able to read
/// credentials off the local metadata endpoints (a DNS-rebinding or cross-site page). Any
/// `Origin`, `Referer` (or the misspelt `Referrer`), `X-Forwarded-For`, `Sec-Fetch-*`, a
/// browser `User-Agent` (`Mozilla…`), or a `Host` other than loopback or 169.254.169.254 is refused.
enum BrowserFilter {
    static let allowedHosts: Set = ["localhost", "127.0.0.1", "169.254.169.254", "::1", "[::1]"]

    /// Why the request is refused, or nil when it may be answered.
    static func refusal(headers: [(name: String, value: String)]) -> String? {
        var host: String?
        for (name, value) in headers {
            let lower = name.lowercased()
            if ["origin", "referer", "referrer", "x-forwarded-for"].contains(lower) || lower.hasPrefix("sec-fetch-") {
                return "requests carrying \(name) are refused"
            }
            if lower == "user-agent", value.lowercased().contains("mozilla") { return "browsers are refused" }
            if lower == "host" { host = value }
        }
        guard let host else { return "a Host header is required" }
        guard allowedHosts.contains(hostName(host)) else { return "host \(host) is refused" }
        return nil
    }

    /// `host:port` → `host` (and `[v6]:port` → `[v6]`).
    static func hostName(_ value: String) -> String {
        let lower = value.lowercased()
        if lower.hasPrefix("[") {
            guard let close = lower.firstIndex(of: "]") else { return lower }
            return String(lower[...close])
        }
        if lower.filter({ $0 == ":" }).count == 1, let colon = lower.firstIndex(of: ":") { return String(lower[..<colon]) }
        return lower
    }
}
