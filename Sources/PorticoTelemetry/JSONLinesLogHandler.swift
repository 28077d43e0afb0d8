import Foundation
public import Logging

/// A log handler that writes one JSON object per line (`ts`, `level`, `label`, `message`, then
/// metadata), for log shippers. Newlines and control characters inside values are escaped, so a
/// hostile value can never forge a second log line.
public struct JSONLinesLogHandler: LogHandler {
    /// Where finished lines go (stderr in production, a collector in tests).
    public typealias Sink = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: Sink

    public init(label: String, sink: @escaping Sink = JSONLinesLogHandler.standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = "{\"ts\":\(JSONText.string(Self.timestamp()))"
        line += ",\"level\":\(JSONText.string(event.level.rawValue))"
        line += ",\"label\":\(JSONText.string(label))"
        line += ",\"message\":\(JSONText.string(event.message.description))"
        if let error = event.error { line += ",\"error\":\(JSONText.string(String(describing: error)))" }
        for key in merged.keys.sorted() where !["ts", "level", "label", "message", "error"].contains(key) {
            line += ",\(JSONText.string(key)):\(JSONText.value(merged[key]!))"
        }
        line += "}"
        sink(line)
    }

    /// Writes a line to standard error in one `write` call, so concurrent lines never interleave.
    public static let standardError: Sink = { line in
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().timeSeparator(.colon).time(includingFractionalSeconds: true))
    }
}

/// JSON encoding of log values, without Foundation's encoder on the hot path.
enum JSONText {
    static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case let .string(text): string(text)
        case let .stringConvertible(convertible): string(convertible.description)
        case let .array(items): "[" + items.map(Self.value).joined(separator: ",") + "]"
        case let .dictionary(pairs):
            "{" + pairs.keys.sorted().map { string($0) + ":" + Self.value(pairs[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c == "\u{2028}" || c == "\u{2029}":
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
