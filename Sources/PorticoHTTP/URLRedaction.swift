/// Makes URLs safe for logs and errors: query strings, fragments and userinfo may hold
/// signatures, tokens or passwords (a presigned `X-Amz-Signature`, `user:pass@`), so they go.
enum URLRedaction {
    /// The longest redacted URL kept; longer ones are cut.
    static let maxLength = 200

    /// `scheme://host:port/path` of `url`, whether or not it parses; control characters become `?`.
    static func redact(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        if let schemeEnd = text.range(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
            if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
                text = text[..<authorityStart] + text[text.index(after: at)...]
            }
        } else if let at = text.firstIndex(of: "@") {
            // No scheme: whatever precedes an `@` may still be credentials.
            text = text[text.index(after: at)...]
        }
        var result = String(text.unicodeScalars.map { scalar -> Character in
            scalar.value < 0x20 || scalar.value == 0x7f ? "?" : Character(scalar)
        })
        if result.count > maxLength { result = String(result.prefix(maxLength)) + "…" }
        return result
    }

    /// `text` with every occurrence of the secret parts of `url` (its query, fragment and userinfo)
    /// blanked, for libcurl's error messages, which may quote what they were given.
    static func scrub(_ text: String, secretsOf url: String) -> String {
        var secrets: [Substring] = []
        if let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            secrets.append(url[url.index(after: cut)...])
        }
        if let schemeEnd = url.range(of: "://") {
            let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@") { secrets.append(authority[..<at]) }
        }
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: "…")
        }
        return result
    }
}
