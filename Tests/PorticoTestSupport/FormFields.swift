import Foundation

/// `application/x-www-form-urlencoded` bodies and query strings, decoded (AWS query-protocol
/// requests, federation URLs).
public enum FormFields {
    public static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// The query parameters of `url`.
    public static func query(of url: String) -> [String: String] {
        guard let start = url.firstIndex(of: "?") else { return [:] }
        return parse(String(url[url.index(after: start)...]))
    }
}
