import Foundation

/// Google's error text from an error response body, made safe to log and return: the
/// `error_description` (OAuth) or `error.message` (Directory API), else a short printable prefix
/// of the body; control characters removed, length capped, and any secret the caller names
/// (the access token, the assertion) cut out.
enum GoogleErrorMessage {
    static let maxCharacters = 300

    static func extract(from body: [UInt8], redacting secrets: [String]) -> String {
        var text = parsed(body) ?? String(decoding: body.prefix(4 * maxCharacters), as: UTF8.self)
        for secret in secrets where secret.count >= 8 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        let cleaned = String(String.UnicodeScalarView(
            text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty { return "no error message" }
        return cleaned.count > maxCharacters ? String(cleaned.prefix(maxCharacters)) + "…" : cleaned
    }

    /// `{"error": "code", "error_description": "…"}` or `{"error": {"code": 403, "message": "…"}}`.
    private static func parsed(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        if let code = object["error"] as? String {
            if let description = object["error_description"] as? String, !description.isEmpty {
                return "\(code): \(description)"
            }
            return code
        }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String {
            return message
        }
        return nil
    }
}
