public import Foundation
public import Logging
public import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoCrypto

/// Hands out short-lived AWS credentials for exactly the roles a caller may use, pinned to the
/// networks they may use them from, and puts every issuance and refusal on record.
///
/// A person gets a role from their eligible roles (console callers never get a CLI-only role),
/// matched as ConsoleMe matched; an internal client gets only its configured roles, by exact
/// ARN. The role is assumed with the hub's credentials, named after the user (or client), with
/// `SourceIdentity` set, for `aws.session_duration` capped by the role's maximum, under the IP
/// restriction session policy.
public struct CredentialBroker: Sendable {
    public let configuration: Configuration
    private let roles: any EligibleRoleSource
    private let sts: STSClient
    let audit: CredentialAuditTrail
    private let logger: Logger
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - sts: an STS client signing with the hub's credentials.
    ///   - now: the clock stamped on audit events.
    public init(
        configuration: Configuration, eligibleRoles: any EligibleRoleSource, sts: STSClient,
        audit: CredentialAuditTrail, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.roles = eligibleRoles
        self.sts = sts
        self.audit = audit
        self.logger = logger
        self.now = now
    }

    /// Issues credentials for the role `requestedRole` names (an ARN, or for people a fragment of
    /// one or of an account name).
    ///
    /// - Parameters:
    ///   - consoleOnly: the credentials are for a console sign-in: CLI-only roles are not eligible.
    ///   - noIPRestrictions: leave out the IP restriction; only for members of
    ///     `aws.no_ip_restrictions_groups`, refused for everyone else.
    ///   - requestID: the caller's request id, carried into the audit event.
    /// - Throws: a refusal (`noMatchingRole`, `ambiguousRole`, …) or failure, already on record.
    public func issue(
        for principal: Principal, requestedRole: String, consoleOnly: Bool = false, noIPRestrictions: Bool = false,
        requestID: String
    ) async throws(CredentialBrokerError) -> IssuedCredentials {
        try await issueOnRecord(
            for: principal, requestedRole: requestedRole, consoleOnly: consoleOnly, noIPRestrictions: noIPRestrictions,
            requestID: requestID
        ).credentials
    }

    /// `issue`, also returning the audit event recorded for it.
    func issueOnRecord(
        for principal: Principal, requestedRole: String, consoleOnly: Bool, noIPRestrictions: Bool, requestID: String
    ) async throws(CredentialBrokerError) -> (credentials: IssuedCredentials, event: CredentialAuditEvent) {
        var event = CredentialAuditEvent(
            time: now(), requestID: requestID, action: .credentials, outcome: .refused, reason: "",
            user: principal.user, groups: principal.groups, client: principal.clientName,
            requestedRole: requestedRole, sourceIP: principal.sourceAddress?.description, consoleOnly: consoleOnly,
            noIPRestrictions: noIPRestrictions)
        let issued: IssuedCredentials
        do throws(CredentialBrokerError) {
            try BrokerInput.check(principal: principal, requestedRole: requestedRole, requestID: requestID)
            let grant = try await resolve(principal, requestedRole: requestedRole, consoleOnly: consoleOnly, event: &event)
            issued = try await assume(grant, principal: principal, noIPRestrictions: noIPRestrictions, event: &event)
        } catch {
            await recordUnsuccessful(error, into: event)
            throw error
        }
        event.outcome = .issued
        event.reason = "ok"
        event.accessKeyID = issued.accessKeyID
        event.expiration = issued.expiration
        do throws(CredentialBrokerError) {
            try await audit.record(event)
        } catch {
            logger.error("Credentials withheld: their issuance could not be put on record", metadata: [
                "request_id": "\(CredentialAuditEvent.bounded(requestID))", "access_key_id": "\(issued.accessKeyID)",
            ])
            throw error
        }
        return (issued, event)
    }

    /// Puts a refusal or failure on record; the stream being down does not hide the original
    /// error (the event is logged either way).
    func recordUnsuccessful(_ error: CredentialBrokerError, into event: CredentialAuditEvent) async {
        var event = event
        event.outcome = error.isRefusal ? .refused : .failed
        event.reason = error.reason
        if event.detail == nil { event.detail = error.description }
        if case .ambiguousRole(let matches) = error { event.matches = matches }
        _ = try? await audit.record(event)
    }

    // MARK: Which role, under which name

    /// The role to assume and the names to give the session.
    struct Grant {
        var roleARN: String
        var sessionName: String
        var sourceIdentity: String
    }

    private func resolve(
        _ principal: Principal, requestedRole: String, consoleOnly: Bool, event: inout CredentialAuditEvent
    ) async throws(CredentialBrokerError) -> Grant {
        let requested = requestedRole.trimmingWhitespace()
        if let client = principal.clientName {
            guard let allowed = configuration.clientRoles[client] else { throw .unknownClient(client) }
            guard let role = allowed.first(where: { $0.lowercased() == requested.lowercased() }) else {
                throw .roleNotAllowedForClient(client: client, role: requested)
            }
            event.role = role
            let name = SessionName.forUser(client)
            return Grant(roleARN: role, sessionName: name, sourceIdentity: name)
        }

        let eligible: [EligibleRole]
        do {
            eligible = try await roles.eligibleRoles(user: principal.user, groups: principal.groups)
        } catch let refusal as CredentialBrokerError {
            throw refusal
        } catch {
            throw .eligibleRolesUnavailable("\(error)")
        }
        let accountNames = await roles.accountNames()
        let usable = consoleOnly ? eligible.filter { !$0.cliOnly } : eligible
        switch RoleMatcher(eligibleRoles: usable.map(\.arn), accountNames: accountNames).match(requested) {
        case .matched(let role):
            event.role = role
            let name = SessionName.forUser(principal.user)
            return Grant(roleARN: role, sessionName: name, sourceIdentity: name)
        case .ambiguous(let matches):
            throw .ambiguousRole(matches: matches)
        case .noMatch:
            if consoleOnly, case .matched(let cliOnly) = RoleMatcher(
                eligibleRoles: eligible.map(\.arn), accountNames: accountNames
            ).match(requested) {
                event.role = cliOnly
                event.detail = "\(cliOnly) is eligible for the CLI only, not for the console"
            }
            throw .noMatchingRole
        }
    }

    // MARK: Assuming the role

    private func assume(
        _ grant: Grant, principal: Principal, noIPRestrictions: Bool, event: inout CredentialAuditEvent
    ) async throws(CredentialBrokerError) -> IssuedCredentials {
        let policy = try sessionPolicy(for: principal, noIPRestrictions: noIPRestrictions)
        let document = policy?.document
        event.sessionPolicySHA256 = document.map { Hex.encode(SHA256.hash($0)) }

        let roleMaximum: Int?
        do {
            roleMaximum = try await roles.maxSessionDuration(roleARN: grant.roleARN)
        } catch {
            logger.warning("Role maximum session duration unknown; using IAM's default", metadata: [
                "role": "\(grant.roleARN)", "error": "\(error)",
            ])
            roleMaximum = nil
        }
        let duration = configuration.duration(roleMaximum: roleMaximum)
        event.sessionName = grant.sessionName
        event.durationSeconds = duration

        let assumed: AssumedRole
        do {
            assumed = try await sts.assumeRole(AssumeRoleRequest(
                roleARN: grant.roleARN, sessionName: grant.sessionName, durationSeconds: duration, policy: document,
                sourceIdentity: grant.sourceIdentity))
        } catch let error as AWSError {
            throw .stsFailed(code: error.code, message: error.message)
        } catch {
            throw .stsFailed(code: nil, message: "\(error)")
        }
        let credentials = assumed.credentials
        guard let token = credentials.sessionToken, let expiration = credentials.expiration else {
            throw .stsFailed(code: nil, message: "AssumeRole returned no session token or expiry")
        }
        return IssuedCredentials(
            accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey, sessionToken: token,
            expiration: Int(expiration.timeIntervalSince1970), roleARN: grant.roleARN,
            sessionName: grant.sessionName, durationSeconds: duration)
    }

    /// The IP restriction for this caller; nil when nothing restricts (no networks configured,
    /// or an allowed `no_ip_restrictions`).
    private func sessionPolicy(
        for principal: Principal, noIPRestrictions: Bool
    ) throws(CredentialBrokerError) -> IPRestrictionPolicy? {
        if noIPRestrictions {
            guard configuration.allowsUnrestricted(groups: principal.groups) else { throw .ipRestrictionsRequired }
            return nil
        }
        let requester = configuration.ipRestrictionsOnRequesterIP ? principal.sourceAddress : nil
        // Restricting to the requester's address needs it: a person's must be known; for an
        // internal client (whose calls carry no address) the configured networks suffice, but
        // never nothing at all.
        if configuration.ipRestrictionsOnRequesterIP, requester == nil,
           principal.clientName == nil || configuration.ipRestrictions.isEmpty {
            throw .invalidRequest("the requester's address is unknown, and aws.ip_restrictions_on_requester_ip needs it")
        }
        return IPRestrictionPolicy(configured: configuration.ipRestrictions, requesterAddress: requester)
    }
}
