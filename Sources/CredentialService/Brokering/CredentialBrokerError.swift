/// Why the broker did not hand out credentials or a console sign-in. Refusals say what the
/// caller got wrong (with ConsoleMe's code where its clients expect one); failures say which
/// dependency let the broker down. No case ever carries a secret.
public enum CredentialBrokerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request itself is malformed (ConsoleMe 904).
    case invalidRequest(String)
    /// None of the caller's eligible roles matched (ConsoleMe 900).
    case noMatchingRole
    /// Several eligible roles matched; sorted (ConsoleMe 901).
    case ambiguousRole(matches: [String])
    /// The caller named itself as an internal client that `rpc.clients` does not list.
    case unknownClient(String)
    /// An internal client asked for a role outside its configured `roles`.
    case roleNotAllowedForClient(client: String, role: String)
    /// `no_ip_restrictions` was asked for, but none of the caller's groups is in
    /// `aws.no_ip_restrictions_groups`.
    case ipRestrictionsRequired
    /// The console `redirect` is not an https URL on an AWS console host.
    case invalidRedirect(String)
    /// The eligible-role mapping could not be read.
    case eligibleRolesUnavailable(String)
    /// STS did not issue the credentials (its error code when it answered, and message).
    case stsFailed(code: String?, message: String)
    /// The federation endpoint did not give a sign-in token.
    case federationFailed(String)
    /// The audit event could not be recorded, so nothing was handed out.
    case auditUnavailable(String)
    /// The caller went away (its deadline passed, or it cancelled) before the answer was ready.
    case cancelled

    /// ConsoleMe's error code for the gateway's JSON answers, where its clients expect one.
    public var consoleMeCode: String? {
        switch self {
        case .noMatchingRole: "900"
        case .ambiguousRole: "901"
        case .invalidRequest, .invalidRedirect: "904"
        default: nil
        }
    }

    /// Whether the caller was refused (as opposed to the broker failing).
    public var isRefusal: Bool {
        switch self {
        case .eligibleRolesUnavailable, .stsFailed, .federationFailed, .auditUnavailable, .cancelled: false
        default: true
        }
    }

    /// A stable, machine-readable reason for audit events and metrics.
    public var reason: String {
        switch self {
        case .invalidRequest: "invalid_request"
        case .noMatchingRole: "no_matching_role"
        case .ambiguousRole: "ambiguous_role"
        case .unknownClient: "unknown_client"
        case .roleNotAllowedForClient: "role_not_allowed_for_client"
        case .ipRestrictionsRequired: "ip_restrictions_required"
        case .invalidRedirect: "invalid_redirect"
        case .eligibleRolesUnavailable: "eligible_roles_unavailable"
        case .stsFailed: "sts_failed"
        case .federationFailed: "federation_failed"
        case .auditUnavailable: "audit_unavailable"
        case .cancelled: "cancelled"
        }
    }

    public var description: String {
        switch self {
        case .invalidRequest(let what): "Invalid request: \(what)"
        case .noMatchingRole: "No matching roles"
        case .ambiguousRole(let matches): "More than one role matched: \(matches.joined(separator: ", "))"
        case .unknownClient(let name): "Unknown internal client '\(name)'"
        case .roleNotAllowedForClient(let client, let role): "Client '\(client)' may not obtain \(role)"
        case .ipRestrictionsRequired: "Credentials without IP restrictions are not allowed for your groups"
        case .invalidRedirect(let why): "Invalid redirect: \(why)"
        case .eligibleRolesUnavailable(let why): "Eligible roles are unavailable: \(why)"
        case .stsFailed(let code, let message): "STS did not issue credentials: \(code.map { "\($0): " } ?? "")\(message)"
        case .federationFailed(let why): "The AWS federation endpoint did not sign in: \(why)"
        case .auditUnavailable(let why): "The audit trail is unavailable: \(why)"
        case .cancelled: "The call was cancelled by its caller (or its deadline passed)"
        }
    }
}

extension CredentialBrokerError {
    /// `.cancelled` when the current task is cancelled (whatever failed then failed because the
    /// caller went away, not because a dependency did); otherwise the error itself.
    var unlessCancelled: CredentialBrokerError {
        Task.isCancelled ? .cancelled : self
    }
}
