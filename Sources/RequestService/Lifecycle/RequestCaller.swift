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

/// Who may do what with a request. Reviewers are `can_admin_policies`, and for the changes in one
/// account also the members of that account's groups in `policies.reviewers_by_account`; nobody
/// approves, rejects or applies their own request (an admin's `admin_auto_approve` is the one
/// exception, and only when `policies.allow_admin_self_approval` is on). Every command is checked
/// here, `cancel_change` included. `accounts` are the accounts the changes in question land in
/// (nil for one that cannot be told, which only a `can_admin_policies` reviewer may decide).
struct RequestAuthorization: Sendable {
    let allowAdminSelfApproval: Bool
    /// Account id → groups whose members review changes in that account.
    var reviewersByAccount: [String: [String]] = [:]

    /// A reviewer of every one of `accounts`.
    func isReviewer(_ caller: RequestCaller, of accounts: [String?]) -> Bool {
        if caller.canAdminPolicies { return true }
        guard !accounts.isEmpty else { return false }
        let groups = Set(caller.groups.map { $0.lowercased() })
        return accounts.allSatisfy { account in
            guard let account, let reviewers = reviewersByAccount[account] else { return false }
            return reviewers.contains { groups.contains($0.lowercased()) }
        }
    }

    /// Approve, reject, apply: a reviewer who is not the requester.
    func mayDecide(_ caller: RequestCaller, _ request: PolicyRequest, accounts: [String?]) -> Bool {
        isReviewer(caller, of: accounts) && !caller.isRequester(of: request)
    }

    /// Cancel the request or a change, or update a change: the requester while nobody has
    /// reviewed it, or a reviewer.
    func mayUpdateCancel(_ caller: RequestCaller, _ request: PolicyRequest, accounts: [String?]) -> Bool {
        isReviewer(caller, of: accounts) || (caller.isRequester(of: request) && request.reviewer == nil)
    }

    /// Back to pending from cancelled or rejected: a reviewer who is not the requester.
    func mayMoveBackToPending(_ caller: RequestCaller, _ request: PolicyRequest, accounts: [String?]) -> Bool {
        mayDecide(caller, request, accounts: accounts) && [.cancelled, .rejected].contains(request.requestStatus)
    }

    /// `admin_auto_approve` on creation.
    func maySelfApprove(_ caller: RequestCaller) -> Bool {
        caller.canAdminPolicies && allowAdminSelfApproval
    }

    func config(_ caller: RequestCaller, _ request: PolicyRequest, accounts: [String?]) -> PolicyRequestDetail.Config {
        PolicyRequestDetail.Config(
            canApproveReject: mayDecide(caller, request, accounts: accounts) && request.requestStatus == .pending,
            canUpdateCancel: mayUpdateCancel(caller, request, accounts: accounts),
            canMoveBackToPending: mayMoveBackToPending(caller, request, accounts: accounts))
    }
}
