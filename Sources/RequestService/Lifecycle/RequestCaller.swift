import PorticoAPI

/// The person a call acts for, as the gateway named them, with the rights AuthService gave.
struct RequestCaller: Sendable, Hashable {
    let user: String
    let groups: [String]
    /// `groups.can_admin_policies` (or `can_admin`): reviews, approves, applies.
    let canAdminPolicies: Bool

    func isRequester(of request: PolicyRequest) -> Bool {
        user.lowercased() == request.requesterEmail.lowercased()
    }
}

/// Who may do what with a request. Reviewers are `can_admin_policies`; nobody approves,
/// rejects or applies their own request (an admin's `admin_auto_approve` is the one exception,
/// and only when `policies.allow_admin_self_approval` is on). Every command is checked here,
/// `cancel_change` included.
struct RequestAuthorization: Sendable {
    let allowAdminSelfApproval: Bool

    /// Approve, reject, apply: a reviewer who is not the requester.
    func mayDecide(_ caller: RequestCaller, _ request: PolicyRequest) -> Bool {
        caller.canAdminPolicies && !caller.isRequester(of: request)
    }

    /// Cancel the request or a change, or update a change: the requester while nobody has
    /// reviewed it, or a reviewer.
    func mayUpdateCancel(_ caller: RequestCaller, _ request: PolicyRequest) -> Bool {
        caller.canAdminPolicies || (caller.isRequester(of: request) && request.reviewer == nil)
    }

    /// Back to pending from cancelled or rejected: a reviewer who is not the requester.
    func mayMoveBackToPending(_ caller: RequestCaller, _ request: PolicyRequest) -> Bool {
        mayDecide(caller, request) && [.cancelled, .rejected].contains(request.requestStatus)
    }

    /// `admin_auto_approve` on creation.
    func maySelfApprove(_ caller: RequestCaller) -> Bool {
        caller.canAdminPolicies && allowAdminSelfApproval
    }

    func config(_ caller: RequestCaller, _ request: PolicyRequest) -> PolicyRequestDetail.Config {
        PolicyRequestDetail.Config(
            canApproveReject: mayDecide(caller, request) && request.requestStatus == .pending,
            canUpdateCancel: mayUpdateCancel(caller, request),
            canMoveBackToPending: mayMoveBackToPending(caller, request))
    }
}
