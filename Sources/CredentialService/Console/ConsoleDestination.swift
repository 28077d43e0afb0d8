import Foundation

/// Where the console sends a person after sign-in: the configured console URL for the region,
/// or the caller's `redirect` when it is an https URL on an AWS console host (anything else
/// would make Portico an open redirector carrying a fresh sign-in).
enum ConsoleDestination {
    /// AWS console hosts in each partition; a redirect's host must be one of them or a subdomain.
    static let consoleHosts = ["console.aws.amazon.com", "console.amazonaws-us-gov.com", "console.amazonaws.cn"]
    static let maxRedirectLength = 4096

    /// The destination URL for `region` (`{region}` in the configured URL) or `redirect`.
    static func resolve(
        consoleURL: String, region: String, redirect: String?
    ) throws(CredentialBrokerError) -> String {
        guard isRegion(region) else { throw .invalidRequest("'\(region.prefix(64))' is not an AWS region name") }
        guard let redirect, !redirect.isEmpty else {
            return consoleURL.replacingOccurrences(of: "{region}", with: region)
        }
        try check(redirect: redirect)
        return redirect
    }

    static func check(redirect: String) throws(CredentialBrokerError) {
        guard redirect.utf8.count <= maxRedirectLength else {
            throw .invalidRedirect("longer than \(maxRedirectLength) bytes")
        }
        guard !redirect.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f || $0 == "\\" }),
              let components = URLComponents(string: redirect)
        else { throw .invalidRedirect("not a URL") }
        guard components.scheme?.lowercased() == "https" else { throw .invalidRedirect("not an https URL") }
        guard components.user == nil, components.password == nil else { throw .invalidRedirect("carries userinfo") }
        guard components.port == nil || components.port == 443 else { throw .invalidRedirect("names a port") }
        // The host as written: letters, digits, dots and dashes only. A percent-encoded host
        // (`%2e`, `%2f`…) decodes differently in different parsers, so it is never compared.
        guard let host = components.percentEncodedHost?.lowercased(), !host.isEmpty,
              host.utf8.allSatisfy(isHostByte)
        else { throw .invalidRedirect("the host may hold only letters, digits, dots and dashes") }
        guard consoleHosts.contains(where: { host == $0 || host.hasSuffix("." + $0) })
        else { throw .invalidRedirect("not an AWS console host") }
    }

    /// A byte of a DNS host name as a URL writes it (lowercased).
    static func isHostByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`: lowercase letters, digits
    /// and dashes, starting with a letter.
    static func isRegion(_ text: String) -> Bool {
        guard (1...32).contains(text.utf8.count), text.first?.isLetter == true else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
