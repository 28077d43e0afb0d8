import PorticoCore

/// The canonical forms SigV4 hashes: URI, query string and headers.
enum Canonicalization {
    /// The canonical URI of a wire path. Every service but S3 normalises the path (drops `.`,
    /// resolves `..`, merges repeated slashes) and percent-encodes it once more, so an escape
    /// sent as `%20` is signed as `%2520`; S3 signs the wire path as it is.
    static func uri(wirePath: String, normalize: Bool, doubleEncode: Bool) -> String {
        var path = wirePath.isEmpty ? "/" : wirePath
        if normalize { path = normalizedPath(path) }
        return doubleEncode ? PercentEncoding.encode(path, allowing: .unreservedAndSlash) : path
    }

    /// RFC 3986 dot-segment removal plus collapsing of empty segments; a trailing slash stays.
    static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        let joined = "/" + segments.joined(separator: "/")
        let endsWithSlash = path.hasSuffix("/") && !segments.isEmpty
        return endsWithSlash ? joined + "/" : joined
    }

    /// Encodes each name and value, sorts by encoded name then encoded value (byte order), and
    /// joins them as `name=value&…`; an empty value still gets its `=`.
    static func queryString(_ items: [QueryItem]) -> String {
        items
            .map { (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name != rhs.name
                    ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                    : lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Lower-cased names, sorted; values trimmed with inner runs of white space collapsed to one
    /// space; repeated headers joined with `,` in the order they were given.
    static func headers(_ fields: [HeaderField]) -> (canonical: String, signedNames: String) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for field in fields {
            let name = field.name.lowercased()
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(collapseWhitespace(field.value))
        }
        let names = order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    private static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}
