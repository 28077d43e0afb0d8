/// Decides whether a generated policy is auto-approved: every statement of it must satisfy
/// one rule, judged on the policy itself (not the wizard's choices), so a hand-edited policy
/// cannot slip through.
public struct AutoApprovalEvaluator: Sendable {
    public var catalog: IAMCatalog

    public init(catalog: IAMCatalog = .bundled) {
        self.catalog = catalog
    }

    /// The outcome for one request.
    public enum Decision: Sendable, Hashable {
        /// Approved by the rule named.
        case approved(rule: String)
        /// For people; why each rule did not apply (rule name → first reason).
        case needsReview(reasons: [String: String])
    }

    /// The request being judged.
    public struct Request: Sendable {
        public var document: PolicyDocument
        public var requesterGroups: Set<String>
        /// nil for a permanent policy.
        public var durationSeconds: Int?

        public init(document: PolicyDocument, requesterGroups: Set<String>, durationSeconds: Int?) {
            self.document = document
            self.requesterGroups = requesterGroups
            self.durationSeconds = durationSeconds
        }
    }

    /// The first rule (in order) the request satisfies, else every rule's reason.
    public func decide(
        _ request: Request, rules: [AutoApprovalRule], tags: (String) async -> [String: String]?
    ) async -> Decision {
        var reasons: [String: String] = [:]
        for rule in rules {
            if let reason = await refusal(request, by: rule, tags: tags) {
                reasons[rule.name] = reason
            } else {
                return .approved(rule: rule.name)
            }
        }
        return .needsReview(reasons: reasons)
    }

    public func decide(_ request: Request, source: some AutoApprovalSource) async -> Decision {
        await decide(request, rules: source.rules(), tags: { await source.tags(of: $0) })
    }

    /// Why `rule` does not approve `request`, or nil when it does.
    func refusal(_ request: Request, by rule: AutoApprovalRule, tags: (String) async -> [String: String]?) async -> String? {
        if !rule.groups.isEmpty, rule.groups.isDisjoint(with: request.requesterGroups) {
            return "the requester is in none of the rule's groups"
        }
        if let max = rule.maxDurationSeconds {
            guard let duration = request.durationSeconds else { return "a permanent policy; the rule allows at most \(max) s" }
            if duration > max { return "\(duration) s is longer than the rule's \(max) s" }
        }
        guard !request.document.statements.isEmpty else { return "the policy has no statements" }
        for (index, statement) in request.document.statements.enumerated() {
            let at = "Statement[\(index)]"
            guard statement.effect == .allow else { continue }  // a Deny only narrows what is granted
            if statement.notAction != nil || statement.notResource != nil || statement.notPrincipal != nil {
                return "\(at) uses NotAction, NotResource or NotPrincipal"
            }
            if statement.condition != nil { return "\(at) has a condition the rule cannot judge" }
            guard let actions = statement.action, let resources = statement.resource else {
                return "\(at) names no Action or no Resource"
            }
            for entry in actions {
                let granted = catalog.actions(matching: entry)
                if granted.isEmpty { return "\(at) action \(entry) is not in the catalog" }
                if let outside = granted.first(where: { !rule.services.contains($0.service.lowercased()) }) {
                    return "\(at) action \(entry) grants \(outside.fullName), outside the rule's services"
                }
                if let outside = granted.first(where: { !rule.accessLevels.contains($0.accessLevel) }) {
                    return "\(at) action \(entry) grants \(outside.fullName) (\(outside.accessLevel.rawValue))"
                }
            }
            for resource in resources {
                if resource == "*", !rule.resources.contains("*") { return "\(at) grants on every resource (*)" }
                if !rule.resources.isEmpty, !rule.resources.contains(where: { Glob($0).matches(resource) }) {
                    return "\(at) resource \(resource) matches none of the rule's resources"
                }
                if !rule.resourceTags.isEmpty {
                    guard let found = await tags(Self.taggedResource(resource)) else {
                        return "\(at) resource \(resource) has no known tags"
                    }
                    for (key, value) in rule.resourceTags where found[key] != value {
                        return "\(at) resource \(resource) is not tagged \(key): \(value)"
                    }
                }
            }
        }
        return nil
    }

    /// The resource that carries tags: an S3 object ARN's bucket (`arn:aws:s3:::b/logs/*` → `arn:aws:s3:::b`).
    static func taggedResource(_ arn: String) -> String {
        guard arn.hasPrefix("arn:aws:s3:::"), let slash = arn.firstIndex(of: "/") else { return arn }
        return String(arn[..<slash])
    }
}
