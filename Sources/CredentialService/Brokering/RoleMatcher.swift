import PorticoCore

/// Picks the role a caller meant from what they typed, as ConsoleMe and Weep users expect:
/// a case-insensitive exact ARN wins; otherwise the text is matched as a substring of the
/// caller's eligible role ARNs and of their accounts' friendly names.
public struct RoleMatcher: Sendable {
    /// What a request for a role resolved to.
    public enum Outcome: Sendable, Equatable {
        case matched(String)
        /// Nothing eligible matched (ConsoleMe code 900).
        case noMatch
        /// Several eligible roles matched (ConsoleMe code 901); sorted.
        case ambiguous([String])
    }

    /// The caller's eligible role ARNs.
    public var eligibleRoles: [String]
    /// Account id → friendly name, so `prod` can pick the role in the `prod` account.
    public var accountNames: [String: String]

    public init(eligibleRoles: [String], accountNames: [String: String]) {
        self.eligibleRoles = eligibleRoles
        self.accountNames = accountNames
    }

    public func match(_ requested: String) -> Outcome {
        let query = requested.trimmingWhitespace().lowercased()
        guard !query.isEmpty else { return .noMatch }
        if let exact = eligibleRoles.first(where: { $0.lowercased() == query }) { return .matched(exact) }
        let candidates = eligibleRoles.filter { arn in
            if arn.lowercased().contains(query) { return true }
            guard let account = RoleARN(arn)?.accountID, let name = accountNames[account] else { return false }
            return name.lowercased().contains(query)
        }
        switch Set(candidates).count {
        case 0: return .noMatch
        case 1: return .matched(candidates[0])
        default: return .ambiguous(Set(candidates).sorted())
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
