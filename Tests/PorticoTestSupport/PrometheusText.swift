import Foundation

/// The samples of a Prometheus text exposition (what a `/metrics` endpoint answers), read well
/// enough for tests to ask "how many calls of this kind did that process serve" (label values
/// holding commas or escaped quotes are not read).
public struct PrometheusText: Sendable {
    /// One sample line: `name{label="value",…} number`.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public let samples: [Sample]

    /// Parses `text`; comment lines (`# HELP`, `# TYPE`) and lines that are not samples are skipped.
    public init(_ text: String) {
        samples = text.split(separator: "\n").compactMap { Self.sample(String($0)) }
    }

    /// The sum of the samples named `name` whose labels pass `include`.
    public func total(_ name: String, where include: ([String: String]) -> Bool = { _ in true }) -> Double {
        samples.filter { $0.name == name && include($0.labels) }.reduce(0) { $0 + $1.value }
    }

    private static func sample(_ line: String) -> Sample? {
        guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
              let value = Double(line[line.index(after: space)...])
        else { return nil }
        let series = line[..<space]
        guard let open = series.firstIndex(of: "{") else {
            return Sample(name: String(series), labels: [:], value: value)
        }
        guard series.hasSuffix("}") else { return nil }
        let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
        var labels: [String: String] = [:]
        for pair in body.split(separator: ",") {
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
            var quoted = pair[pair.index(after: equals)...]
            if quoted.hasPrefix("\"") { quoted = quoted.dropFirst() }
            if quoted.hasSuffix("\"") { quoted = quoted.dropLast() }
            labels[key] = String(quoted)
        }
        return Sample(name: String(series[..<open]), labels: labels, value: value)
    }
}
