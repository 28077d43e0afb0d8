import Foundation

extension PolicyChecker {
    /// `RESOURCE_MISMATCH` for a Resource entry that no resource type of the statement's actions
    /// can name (`s3:GetObject` on `arn:aws:s3:::bucket`), and `ACTION_RESOURCE_MISMATCH` for a named
    /// action (no wildcard) that none of the statement's resources fits (`s3:ListBucket` on objects
    /// only). Statements with `Resource: *`, NotAction or NotResource are not judged.
    func resourceFindings(
        _ statement: PolicyStatement, at: String, grantedByEntry: [(entry: String, actions: [IAMAction])]
    ) -> [PolicyFinding] {
        guard let resources = statement.resource, !resources.contains("*"), statement.notAction == nil else { return [] }
        let judged = grantedByEntry.filter { !$0.actions.isEmpty && $0.entry != "*" }
        guard !judged.isEmpty else { return [] }
        // Policy variables (`${aws:username}`) stand for any text.
        let specific = resources.map(Self.withoutPolicyVariables)
        var patterns: [String: ARNPattern] = [:]
        func types(of action: IAMAction) -> [ARNPattern] {
            guard let service = catalog.service(action.service) else { return [] }
            return action.resourceTypes.compactMap { use in
                guard let arn = service.resourceTypes[use.name] else { return nil }
                if let known = patterns[arn] { return known }
                let pattern = ARNPattern(arn)
                patterns[arn] = pattern
                return pattern
            }
        }
        let allActions = judged.flatMap(\.actions)
        var findings: [PolicyFinding] = []
        var fitting = Set<Int>()
        for (index, resource) in specific.enumerated() {
            if allActions.contains(where: { action in types(of: action).contains { $0.admits(resource) } }) {
                fitting.insert(index)
                continue
            }
            let named = Set(allActions.map(\.fullName)).sorted().prefix(3).joined(separator: ", ")
            findings.append(finding("RESOURCE_MISMATCH", "\(at).Resource[\(index)]", .warning, "Resource fits no action",
                                    "\(resources[index]) is not a resource any of the statement's actions (\(named)) acts on"))
        }
        for (number, granted) in grantedByEntry.enumerated() {
            guard granted.entry != "*", !Glob(granted.entry).hasWildcards, let action = granted.actions.first else { continue }
            let accepted = types(of: action)
            guard !specific.contains(where: { resource in accepted.contains { $0.admits(resource) } }) else { continue }
            let names = action.resourceTypes.map(\.name)
            let takes = names.isEmpty ? "only \"*\"" : names.joined(separator: ", ")
            findings.append(finding("ACTION_RESOURCE_MISMATCH", "\(at).Action[\(number)]", .warning, "Action fits no resource",
                                    "\(action.fullName) acts on \(takes); none of the statement's resources is one"))
        }
        return findings
    }

    /// `${aws:username}` → `*`.
    static func withoutPolicyVariables(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var result = "", rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound] + "*"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
