import PorticoCore
import PorticoCrypto

/// A policy document's stable hash: SHA-256 of its canonical JSON (keys sorted, compact).
enum DocumentHash {
    static func of(_ document: JSONValue) -> String {
        Hex.encode(SHA256.hash(document.encoded()))
    }

    static func of(_ document: String?) -> String {
        guard let document, let value = try? JSONValue(parsing: Array(document.utf8)) else { return "" }
        return of(value)
    }

    /// An AWS document (URL-encoded by IAM's query API, or plain) as JSON; empty policy when absent.
    static func parse(_ text: String?) -> JSONValue {
        guard let text, !text.isEmpty else { return emptyPolicy }
        if let value = try? JSONValue(parsing: Array(text.utf8)) { return value }
        if let decoded = text.removingPercentEncoding, let value = try? JSONValue(parsing: Array(decoded.utf8)) { return value }
        return emptyPolicy
    }

    static let emptyPolicy: JSONValue = ["Version": "2012-10-17", "Statement": .array([])]
}
