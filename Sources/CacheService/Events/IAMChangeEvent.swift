import Foundation
import PorticoAWS
import PorticoCore

/// One message of the events queue, read: an EventBridge envelope around a CloudTrail record
/// (`detail`), reduced to what the cache acts on. A role-changing IAM call names the role to
/// read again; a denied call (`AccessDenied`, `UnauthorizedOperation`) names the role that made
/// it, with the action and resource. Anything else well-formed is `ignored`.
enum IAMChangeEvent: Sendable, Hashable {
    /// An IAM call changed (or may have changed) this role: read it again.
    case roleChanged(RoleReference)
    /// A role was refused an action on a resource.
    case denied(DeniedCall)
    /// Well-formed, but nothing the cache acts on (another event, another service).
    case ignored(eventName: String)

    /// A role named by an event: its account and name, and its full ARN when the event carried
    /// one (the name alone loses a path).
    struct RoleReference: Sendable, Hashable {
        var account: String
        var name: String
        var arn: String?

        /// The ARN without a path, when the event did not carry one.
        var plainARN: String { arn ?? "arn:aws:iam::\(account):role/\(name)" }
    }

    /// A call a role was refused.
    struct DeniedCall: Sendable, Hashable {
        /// The role that made the call (its IAM ARN, not the session's).
        var roleARN: String
        /// `service:Operation`, e.g. `s3:GetObject`.
        var action: String
        /// The resource refused, or `*` when the event does not say.
        var resource: String
        /// When it happened (Unix milliseconds; 0 when the event has no readable time).
        var at: Int64
    }

    /// Why a message was dropped as malformed (counted, never shown to users).
    struct Malformed: Error, Sendable, Hashable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// The IAM calls that change a role as the cache holds it.
    static let roleChangingEvents: Set<String> = [
        "CreateRole", "DeleteRole", "UpdateRole", "UpdateRoleDescription", "UpdateAssumeRolePolicy",
        "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy", "TagRole", "UntagRole",
        "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
    ]

    /// The error codes of a denied call.
    static let deniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation",
    ]

    /// The largest message body read (SQS allows 256 KiB).
    static let maxBodyBytes = 256 * 1024

    /// Reads one message body.
    /// - Throws: `Malformed` naming what is missing or wrong.
    init(body: String) throws(Malformed) {
        guard body.utf8.count <= Self.maxBodyBytes else { throw Malformed(reason: "the body is over 256 KiB") }
        let json: JSONValue
        do { json = try JSONValue(parsing: Array(body.utf8)) } catch { throw Malformed(reason: "the body is not JSON") }
        guard json.objectValue != nil else { throw Malformed(reason: "the body is not a JSON object") }
        // EventBridge puts the CloudTrail record under `detail`; a record sent as it is works too.
        let detail = json["detail"] ?? json
        guard detail.objectValue != nil else { throw Malformed(reason: "detail is not an object") }
        guard let name = detail["eventName"]?.stringValue, !name.isEmpty, name.utf8.count <= 128 else {
            throw Malformed(reason: "detail.eventName is missing")
        }
        if let code = detail["errorCode"]?.stringValue, !code.isEmpty {
            guard Self.deniedCodes.contains(code) else { self = .ignored(eventName: name); return }
            self = .denied(try Self.deniedCall(detail, eventName: name))
            return
        }
        let source = detail["eventSource"]?.stringValue ?? "iam.amazonaws.com"
        guard source == "iam.amazonaws.com", Self.roleChangingEvents.contains(name) else {
            self = .ignored(eventName: name)
            return
        }
        let account = detail["recipientAccountId"]?.stringValue ?? json["account"]?.stringValue ?? ""
        guard AccountID.isValid(account) else { throw Malformed(reason: "detail.recipientAccountId is not an account id") }
        guard let roleName = detail["requestParameters"]?["roleName"]?.stringValue, Self.isRoleName(roleName) else {
            throw Malformed(reason: "detail.requestParameters.roleName is missing or not a role name")
        }
        // CreateRole answers the role with its ARN (and so its path).
        var arn = detail["responseElements"]?["role"]?["arn"]?.stringValue
        if let given = arn, ARN(given)?.account != account || !given.hasSuffix("/" + roleName) { arn = nil }
        self = .roleChanged(RoleReference(account: account, name: roleName, arn: arn))
    }

    /// The role, action and resource of a denied call.
    static func deniedCall(_ detail: JSONValue, eventName: String) throws(Malformed) -> DeniedCall {
        guard let role = callerRole(detail["userIdentity"]) else {
            throw Malformed(reason: "detail.userIdentity names no role")
        }
        guard let source = detail["eventSource"]?.stringValue, let service = source.split(separator: ".").first,
              !service.isEmpty, service.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else { throw Malformed(reason: "detail.eventSource is missing") }
        let resource = deniedResource(detail) ?? "*"
        return DeniedCall(
            roleARN: role, action: "\(service):\(eventName)", resource: String(resource.prefix(1024)),
            at: detail["eventTime"]?.stringValue.flatMap(ISO8601Timestamp.parse).map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0)
    }

    /// The IAM role behind an assumed-role identity: the session issuer's ARN, or the role named
    /// in the session's ARN (`arn:aws:sts::A:assumed-role/Name/session`, without a path).
    static func callerRole(_ identity: JSONValue?) -> String? {
        guard let identity, identity["type"]?.stringValue == "AssumedRole" else { return nil }
        if let issuer = identity["sessionContext"]?["sessionIssuer"]?["arn"]?.stringValue,
           let parsed = ARN(issuer), parsed.service == "iam", parsed.resource.hasPrefix("role/"), AccountID.isValid(parsed.account) {
            return issuer
        }
        guard let session = identity["arn"]?.stringValue, let parsed = ARN(session), parsed.service == "sts",
              AccountID.isValid(parsed.account)
        else { return nil }
        let parts = parsed.resource.split(separator: "/")
        guard parts.count >= 2, parts[0] == "assumed-role", isRoleName(String(parts[1])) else { return nil }
        return "arn:aws:iam::\(parsed.account):role/\(parts[1])"
    }

    /// The resource of a denied call: the ARN in `errorMessage` ("… on resource: arn:…"), else
    /// the event's first listed resource.
    static func deniedResource(_ detail: JSONValue) -> String? {
        if let message = detail["errorMessage"]?.stringValue, let range = message.range(of: "on resource: ") {
            let rest = message[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" }
            let trimmed = rest.hasSuffix(".") || rest.hasSuffix(",") ? rest.dropLast() : rest
            if trimmed.hasPrefix("arn:") { return String(trimmed) }
        }
        if let first = detail["resources"]?.arrayValue?.first {
            return first["ARN"]?.stringValue ?? first["arn"]?.stringValue
        }
        return nil
    }

    /// IAM's role name rule: 1–64 of `[A-Za-z0-9+=,.@_-]`.
    static func isRoleName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }
    }
}
