import Foundation
import PorticoHTTP

extension HTTPClient.Response {
    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The `message` of a JSON error body.
    var message: String { json["message"] as? String ?? "" }

    /// The `Set-Cookie` header that sets `name`, if any.
    func setCookie(named name: String) -> String? {
        headers.values(for: "Set-Cookie").first { $0.hasPrefix(name + "=") }
    }

    /// The value `Set-Cookie` gives the cookie `name`.
    func cookieValue(named name: String) -> String? {
        guard let header = setCookie(named: name) else { return nil }
        let pair = header.split(separator: ";", maxSplits: 1)[0]
        return String(pair.dropFirst(name.count + 1))
    }
}
