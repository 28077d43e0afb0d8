import Hummingbird

/// The few server-rendered pages of the identity flows (CLI login approval, development
/// sign-in): escaped text, a strict Content-Security-Policy (scripts only with the page's
/// nonce), and no framing, so a page with an approval button cannot be clickjacked.
struct HTMLPage {
    var title: String
    /// The body's markup; interpolate user data only through `HTMLPage.escape`.
    var body: String
    /// The nonce an inline `<script nonce="…">` must carry; nil allows no script.
    var scriptNonce: String?

    func response(status: HTTPResponse.Status = .ok) -> Response {
        let scripts = scriptNonce.map { "'nonce-\($0)'" } ?? "'none'"
        let policy = "default-src 'none'; script-src \(scripts); style-src 'unsafe-inline'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
            button{font-size:1rem;padding:.5rem 1rem}</style></head>
            <body>
            \(body)
            </body></html>
            """
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: policy, .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `text` safe inside HTML element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
