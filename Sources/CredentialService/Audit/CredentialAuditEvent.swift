public import Foundation

/// One credential issuance or refusal, as it goes to the log and the audit stream: who asked,
/// for what, from where, what they got or why not. It carries the access key *id* (to find the
/// session in CloudTrail) but never the secret key, the session token or a sign-in token.
public struct CredentialAuditEvent: Sendable, Equatable {
    /// What was asked for.
    public enum Action: String, Sendable {
        case credentials
        case consoleSignIn = "console_sign_in"
    }

    public enum Outcome: String, Sendable {
        case issued
        case refused
        case failed
        /// The caller went away (deadline or cancellation) before an answer.
        case cancelled
    }

    public var time: Date
    public var requestID: String
    public var action: Action
    public var outcome: Outcome
    /// `ok` when issued, else `CredentialBrokerError.reason`.
    public var reason: String
    /// A human explanation of a refusal or failure.
    public var detail: String?
    public var user: String
    public var groups: [String]
    /// The internal client (`rpc.clients`) that asked for itself.
    public var client: String?
    /// What the caller typed: an ARN or a fragment.
    public var requestedRole: String
    /// The role given (or, for a refusal after matching, the role matched).
    public var role: String?
    /// The roles a fragment matched, when it matched several.
    public var matches: [String]
    public var sourceIP: String?
    public var consoleOnly: Bool
    public var noIPRestrictions: Bool
    /// SHA-256 (hex) of the session policy sent to STS; nil when none was sent.
    public var sessionPolicySHA256: String?
    public var sessionName: String?
    public var durationSeconds: Int?
    public var accessKeyID: String?
    /// When the credentials expire, in seconds since 1970.
    public var expiration: Int?

    /// The longest text kept from a caller-supplied value.
    static let maxValueLength = 512

    public init(
        time: Date, requestID: String, action: Action, outcome: Outcome, reason: String, detail: String? = nil,
        user: String, groups: [String], client: String?, requestedRole: String, role: String? = nil,
        matches: [String] = [], sourceIP: String?, consoleOnly: Bool, noIPRestrictions: Bool,
        sessionPolicySHA256: String? = nil, sessionName: String? = nil, durationSeconds: Int? = nil,
        accessKeyID: String? = nil, expiration: Int? = nil
    ) {
        self.time = time
        self.requestID = requestID
        self.action = action
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
        self.user = user
        self.groups = groups
        self.client = client
        self.requestedRole = requestedRole
        self.role = role
        self.matches = matches
        self.sourceIP = sourceIP
        self.consoleOnly = consoleOnly
        self.noIPRestrictions = noIPRestrictions
        self.sessionPolicySHA256 = sessionPolicySHA256
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.accessKeyID = accessKeyID
        self.expiration = expiration
    }

    /// The event as ordered name/value pairs (absent values left out), as stored in the stream
    /// and logged as metadata. Lists are comma-separated; caller-supplied text is cut short.
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("time", Self.timestamp(time)),
            ("request_id", Self.bounded(requestID)),
            ("action", action.rawValue),
            ("outcome", outcome.rawValue),
            ("reason", reason),
        ]
        func add(_ name: String, _ value: String?) {
            if let value { fields.append((name, Self.bounded(value))) }
        }
        add("detail", detail)
        add("user", user)
        add("groups", groups.isEmpty ? nil : groups.joined(separator: ","))
        add("client", client)
        add("requested_role", requestedRole)
        add("role", role)
        add("matches", matches.isEmpty ? nil : matches.joined(separator: ","))
        add("source_ip", sourceIP)
        add("console_only", String(consoleOnly))
        add("no_ip_restrictions", String(noIPRestrictions))
        add("session_policy_sha256", sessionPolicySHA256)
        add("session_name", sessionName)
        add("duration_seconds", durationSeconds.map(String.init))
        add("access_key_id", accessKeyID)
        add("expiration", expiration.map(String.init))
        return fields
    }

    static func bounded(_ text: String) -> String {
        let printable = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return printable.count > maxValueLength ? String(printable.prefix(maxValueLength)) + "…" : printable
    }

    /// `2024-05-01T12:34:56.789Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
