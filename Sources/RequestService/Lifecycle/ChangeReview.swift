import IAMPolicy
import PorticoAPI
import PorticoCore

/// What a reviewer is shown of a change, and the policy checker's verdict on its document:
/// an error finding refuses the change (400 naming the field and the finding), the rest are kept
/// on the change as `warnings`; the effect lists (`newly_allowed`, `no_longer_allowed`) come from
/// the document before and after.
enum ChangeReview {
    /// Which checks fit a document: an identity policy (inline, or managed), a resource policy,
    /// or a trust policy (no `Resource`; its `Principal` is what it is about).
    enum DocumentKind: Sendable {
        case inline, managed, resource, trust
    }

    static let checker = PolicyChecker(catalog: .bundled)

    /// The checker's findings on `document`, short of errors.
    /// - Throws: `PolicyRequestProblem` 400 naming `path` and the first error finding.
    static func findings(_ document: JSONValue, at path: String, kind: DocumentKind) throws(PolicyRequestProblem) -> [PolicyRequestFinding] {
        let text = document.jsonText
        var findings = checker.check(text)
        if kind != .inline {
            // IAM's inline size limit is for inline policies; trust policies name no Resource.
            findings.removeAll { $0.issue == "POLICY_TOO_LARGE" || (kind == .trust && $0.issue == "RESOURCE_MISSING") }
        }
        if let error = findings.first(where: { $0.severity == .error }) {
            let location = error.location.isEmpty ? "" : " at \(error.location)"
            throw .badRequest("\(path): \(error.issue)\(location): \(error.detail)")
        }
        return findings.map {
            PolicyRequestFinding(issue: $0.issue, severity: $0.severity.rawValue, location: $0.location, title: $0.title, detail: $0.detail)
        }
    }

    /// `change` with its effect lists filled from `old_policy` and `policy` (for a managed
    /// policy attachment, from the attached policy's document, `managedDocument`). Trust
    /// policies allow no action on a resource, so theirs stay empty.
    static func withEffect(_ change: PolicyRequestChange, managedDocument: JSONValue? = nil) -> PolicyRequestChange {
        var change = change
        let before: PolicyDocument?, after: PolicyDocument?
        switch change.knownType {
        case .inlinePolicy, .managedPolicyResource, .resourcePolicy:
            before = policyDocument(change.oldPolicy?.policyDocument)
            after = change.action == "detach" ? nil : policyDocument(change.policy?.policyDocument)
        case .managedPolicy:
            guard let managed = policyDocument(managedDocument) else { return change }
            (before, after) = change.action == "detach" ? (managed, nil) : (nil, managed)
        default:
            return change
        }
        let diff = PolicyEffectDiff(before: before, after: after, catalog: checker.catalog)
        change.newlyAllowed = diff.newlyAllowed
        change.noLongerAllowed = diff.noLongerAllowed
        return change
    }

    /// A stored document as the model; nil for none, an empty policy, or one that does not parse.
    static func policyDocument(_ json: JSONValue?) -> PolicyDocument? {
        guard var json else { return nil }
        if case .string(let text) = json { json = DocumentHash.parse(text) }
        return try? PolicyDocument(json: json)
    }
}
