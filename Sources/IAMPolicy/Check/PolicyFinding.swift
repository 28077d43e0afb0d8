/// One finding of the policy checker, in ConsoleMe's `policies/check` shape
/// (`{issue, detail, location, severity, title, description}`).
public struct PolicyFinding: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error = "ERROR", securityWarning = "SECURITY_WARNING", warning = "WARNING", suggestion = "SUGGESTION"
    }

    /// A stable code (`UNKNOWN_ACTION`, `PRIVILEGE_ESCALATION`…).
    public var issue: String
    public var detail: String
    /// The path in the document (`Statement[1].Action[0]`).
    public var location: String
    public var severity: Severity
    public var title: String
    public var description: String
}
