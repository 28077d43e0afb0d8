import Foundation
import PorticoAPI
import PorticoHTTP
import Testing

extension HTTPClient.Response {
    /// The body read as one of the REST contract's types; fails the test (naming the body) when
    /// it is not one.
    func decoded<Value: Decodable>(_ type: Value.Type, sourceLocation: SourceLocation = #_sourceLocation) throws -> Value {
        do {
            return try APIJSON.decode(type, from: Data(body))
        } catch {
            Issue.record("not a \(Value.self): \(error); the body: \(bodyText)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The body as the API's error body.
    func apiError(sourceLocation: SourceLocation = #_sourceLocation) throws -> APIErrorBody {
        try decoded(APIErrorBody.self, sourceLocation: sourceLocation)
    }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The `message` of a JSON error body (empty when it is not one).
    var message: String { (try? APIJSON.decode(APIErrorBody.self, from: Data(body)))?.message ?? "" }

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
