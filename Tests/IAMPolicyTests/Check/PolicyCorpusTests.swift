import Foundation
import IAMPolicy
import PorticoCore
import PorticoTestSupport
import Testing

/// The checker over the policy corpus in Tests/IAMPolicyTests/Corpus: each `NAME.json` beside a
/// `NAME.expected` listing `ISSUE@location` lines (empty for a good policy). `managed-*` files are
/// checked against the managed policy size limit. The same corpus goes through PyPI's parliament.
@Suite struct PolicyCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    struct Entry: Sendable {
        var name: String
        var text: String
        var expected: [String]
        var kind: PolicyChecker.PolicyKind { name.hasPrefix("managed-") ? .managed : .inline }
    }

    static func corpus() throws -> [Entry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let base = String(name.dropLast(".json".count))
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let expected = try String(contentsOf: directory.appendingPathComponent("\(base).expected"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            return Entry(name: name, text: text, expected: expected)
        }
    }

    let checker = PolicyChecker()

    func found(_ entry: Entry) -> [String] {
        checker.check(entry.text, kind: entry.kind).map { "\($0.issue)@\($0.location)" }
    }

    @Test func theCorpusHasAtLeastFortyPoliciesWithGoodOnesAndOneOrMorePerFinding() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count >= 40)
        #expect(corpus.filter(\.expected.isEmpty).count >= 15)
        let covered = Set(corpus.flatMap(\.expected).map { String($0.prefix { $0 != "@" }) })
        let every: Set<String> = [
            "MALFORMED_JSON", "MALFORMED_POLICY", "UNKNOWN_SERVICE", "UNKNOWN_ACTION", "RESOURCE_MISMATCH",
            "ACTION_RESOURCE_MISMATCH", "NOTACTION_WITH_ALLOW", "NOTRESOURCE_WITH_ALLOW", "STAR_ACTION", "STAR_RESOURCE",
            "PRIVILEGE_ESCALATION", "UNKNOWN_CONDITION_FOR_ACTION", "UNKNOWN_CONDITION_KEY", "RESOURCE_MISSING",
            "POLICY_TOO_LARGE",
        ]
        #expect(every.subtracting(covered).isEmpty, "no corpus policy for \(every.subtracting(covered).sorted())")
    }

    @Test func everyPolicyGetsExactlyItsExpectedFindings() throws {
        for entry in try Self.corpus() {
            #expect(found(entry).sorted() == entry.expected.sorted(), "\(entry.name)")
        }
    }

    /// Parliament's issue codes and the Portico findings that cover each.
    static let parliamentCounterparts: [String: Set<String>] = [
        "MALFORMED_JSON": ["MALFORMED_JSON"],
        "MALFORMED": ["MALFORMED_POLICY", "RESOURCE_MISSING"],
        "PARLIAMENT_CANNOT_READ": ["MALFORMED_POLICY", "MALFORMED_JSON"],
        "UNKNOWN_PREFIX": ["UNKNOWN_SERVICE"],
        "UNKNOWN_ACTION": ["UNKNOWN_ACTION"],
        "RESOURCE_MISMATCH": ["RESOURCE_MISMATCH", "ACTION_RESOURCE_MISMATCH"],
        "RESOURCE_STAR": ["STAR_RESOURCE"],
        "UNKNOWN_CONDITION_FOR_ACTION": ["UNKNOWN_CONDITION_FOR_ACTION", "UNKNOWN_CONDITION_KEY"],
    ]

    /// Where Portico answers otherwise on purpose (README § Self-service lists them).
    static let intendedDifferences: Set<String> = [
        // parliament's reader accepts a trailing comma; IAM refuses the text, and so does Portico, stopping there.
        "bad-json-trailing-comma.json RESOURCE_STAR",
        // Portico reports the NotAction (every action but iam:*) rather than judging which resources it fits.
        "bad-notaction-allow.json RESOURCE_STAR",
    ]

    @Test func parliamentFindsNothingPorticoMisses() async throws {
        let output = try await runBlocking { try Self.parliamentFindings() }
        let corpus = try Self.corpus()
        #expect(Set(output.keys) == Set(corpus.map(\.name)))
        for entry in corpus {
            let ours = Set(found(entry).map { String($0.prefix { $0 != "@" }) })
            for issue in output[entry.name] ?? [] where !Self.intendedDifferences.contains("\(entry.name) \(issue)") {
                let counterparts = Self.parliamentCounterparts[issue] ?? []
                #expect(!counterparts.isDisjoint(with: ours), "\(entry.name): parliament's \(issue) has no Portico finding (\(ours.sorted()))")
                if entry.expected.isEmpty {
                    Issue.record("\(entry.name) is meant to be good, but parliament reports \(issue)")
                }
            }
        }
    }

    /// Runs Corpus/parliament_findings.py: file name → parliament issue codes.
    static func parliamentFindings() throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.appendingPathComponent("parliament_findings.py").path, directory.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let failure = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, case .object(let fields) = try JSONValue(parsing: Array(data)) else {
            throw ParliamentUnavailable(reason: String(decoding: failure, as: UTF8.self))
        }
        return fields.mapValues { ($0.arrayValue ?? []).compactMap(\.stringValue) }
    }

    struct ParliamentUnavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String { "parliament did not run (install it with scripts/install-deps): \(reason)" }
    }
}
