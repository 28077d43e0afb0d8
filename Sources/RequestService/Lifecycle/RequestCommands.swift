import Foundation
import PorticoAPI
import PorticoCore

extension PolicyRequests {
    /// `PUT /api/v2/requests/{id}`: one command, authorized on the server.
    func modify(
        _ id: String, _ body: PolicyRequestModification, caller: RequestCaller
    ) async throws -> PolicyRequestModificationResponse {
        guard var request = try await store.get(id) else { throw PolicyRequestProblem.notFound("Error getting request: no request \(id)") }
        let command = body.modificationModel
        let closed: Set<PolicyRequest.Status> = [.cancelled, .rejected, .expired]
        if closed.contains(request.requestStatus), !["add_comment", "move_back_to_pending"].contains(command.command) {
            throw PolicyRequestProblem.badRequest("Cannot perform \(command.command) on \(request.requestStatus.rawValue) requests")
        }
        var results: [PolicyRequestActionResult] = []
        do {
            switch command.command {
            case "add_comment":
                guard let text = command.commentText, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.utf8.count <= 10_000 else {
                    throw PolicyRequestProblem.badRequest("modification_model.comment_text: 1-10000 characters are required")
                }
                request.comments.append(PolicyRequestComment(id: UUID().uuidString.lowercased(), timestamp: isoNow, userEmail: caller.user, text: text))
                request = try await save(request)
                try await audit.record("comment", by: caller.user, request: request)
                notifications.commented(request, by: caller.user)
                results.append(.success("comment added"))
            case "approve_request":
                try requireDecider(caller, request)
                // A second reviewer whose read comes after the first's approval lost the same race
                // as one whose conditional write failed: 409 with the request as it stands.
                if request.requestStatus == .approved {
                    throw PolicyRequestProblem.conflict("approved meanwhile by \(request.reviewer ?? "another reviewer")", current: request)
                }
                guard request.requestStatus == .pending else { throw PolicyRequestProblem.badRequest("only pending requests can be approved") }
                let outcome = try await applyAll(request, caller: caller, approving: true)
                request = outcome.request
                results = outcome.results
            case "apply_change":
                let changeID = try self.changeID(command)
                try requireDecider(caller, request, only: changeID)
                if let document = command.policyDocument {
                    request = try await replaceDocument(request, changeID: changeID, document: document, caller: caller)
                }
                guard request.changes.changes.contains(where: { $0.id == changeID && ($0.status == .notApplied || $0.status == .failed) }) else {
                    throw PolicyRequestProblem.badRequest("Unable to find a compatible non-applied change with that ID in this policy request")
                }
                let outcome = try await applyAll(request, caller: caller, approving: true, only: changeID)
                request = outcome.request
                results = outcome.results
            case "reject_request", "cancel_request":
                let rejecting = command.command == "reject_request"
                if rejecting { try requireDecider(caller, request) } else { try requireUpdater(caller, request) }
                guard request.requestStatus == .pending else { throw PolicyRequestProblem.badRequest("only pending requests can be \(rejecting ? "rejected" : "cancelled")") }
                guard !request.changes.changes.contains(where: { $0.status == .applied }) else {
                    throw PolicyRequestProblem.badRequest("changes of this request are applied already; end_access or cancel them one by one")
                }
                request.requestStatus = rejecting ? .rejected : .cancelled
                if rejecting { request.reviewer = caller.user }
                request = try await save(request)
                try await audit.record(rejecting ? "reject" : "cancel", by: caller.user, request: request)
                notifications.decided(request, by: caller.user)
                results.append(.success("request \(request.requestStatus.rawValue)"))
            case "cancel_change":
                try requireUpdater(caller, request)
                let changeID = try self.changeID(command)
                guard let index = request.changes.changes.firstIndex(where: { $0.id == changeID && $0.status == .notApplied }) else {
                    throw PolicyRequestProblem.badRequest("Unable to find a compatible non-applied change with that ID in this policy request")
                }
                request.changes.changes[index].status = .cancelled
                request.changes.changes[index].updatedBy = caller.user
                if request.changes.changes.allSatisfy({ $0.status == .cancelled }) { request.requestStatus = .cancelled }
                request = try await save(request)
                try await audit.record("cancel_change", by: caller.user, request: request, change: request.changes.changes[index])
                results.append(.success("change cancelled"))
            case "update_change":
                try requireUpdater(caller, request)
                let changeID = try self.changeID(command)
                if let document = command.policyDocument {
                    request = try await replaceDocument(request, changeID: changeID, document: document, caller: caller)
                }
                if let expiry = command.expiresAt {
                    request = try await updateExpiry(request, changeID: changeID, expiresAt: expiry, caller: caller)
                }
                results.append(.success("change updated"))
            case "move_back_to_pending":
                guard authorization.mayMoveBackToPending(caller, request, accounts: accounts(of: request)) else {
                    throw PolicyRequestProblem.forbidden("Cannot move this request back to pending")
                }
                request.requestStatus = .pending
                request = try await save(request)
                try await audit.record("move_back_to_pending", by: caller.user, request: request)
                results.append(.success("request pending"))
            case "end_access":
                try requireUpdater(caller, request)
                let outcome = try await endAccess(request, by: caller.user, only: command.changeID, expired: false)
                request = outcome.request
                results = outcome.results
            default:
                throw PolicyRequestProblem.badRequest("modification_model.command: unknown command '\(command.command.prefix(64))'")
            }
        } catch let conflict as RevisionConflict {
            throw PolicyRequestProblem.conflict("the request changed meanwhile; look again", current: conflict.current)
        }
        return PolicyRequestModificationResponse(
            errors: results.filter { $0.status == "error" }.count, actionResults: results, request: request)
    }

    private func requireDecider(_ caller: RequestCaller, _ request: PolicyRequest, only: String? = nil) throws {
        guard authorization.mayDecide(caller, request, accounts: accounts(of: request, only: only)) else {
            throw PolicyRequestProblem.forbidden(
                caller.isRequester(of: request) ? "You cannot approve, reject or apply your own request" : "You are not authorized to manage this request")
        }
    }

    private func requireUpdater(_ caller: RequestCaller, _ request: PolicyRequest) throws {
        guard authorization.mayUpdateCancel(caller, request, accounts: accounts(of: request)) else {
            throw PolicyRequestProblem.forbidden("You are not authorized to update or cancel changes in this request")
        }
    }

    private func changeID(_ command: PolicyRequestModification.Command) throws -> String {
        guard let id = command.changeID, !id.isEmpty else { throw PolicyRequestProblem.badRequest("modification_model.change_id is required") }
        return id
    }

    private func replaceDocument(_ request: PolicyRequest, changeID: String, document: JSONValue, caller: RequestCaller) async throws -> PolicyRequest {
        var request = request
        let editable: Set<PolicyRequestChange.ChangeType> = [.inlinePolicy, .resourcePolicy, .stsResourcePolicy, .assumeRolePolicy, .managedPolicyResource]
        guard let index = request.changes.changes.firstIndex(where: {
            $0.id == changeID && $0.status == .notApplied && $0.knownType.map(editable.contains) == true
        }) else {
            throw PolicyRequestProblem.badRequest("Unable to find a compatible non-applied change with that ID in this policy request")
        }
        let type = request.changes.changes[index].knownType
        let trust = [.stsResourcePolicy, .assumeRolePolicy].contains(type)
        try PolicyDocumentCheck.statements(document, at: "modification_model.policy_document", trust: trust)
        let kind: ChangeReview.DocumentKind = trust ? .trust : type == .inlinePolicy ? .inline : type == .resourcePolicy ? .resource : .managed
        request.changes.changes[index].warnings = try ChangeReview.findings(document, at: "modification_model.policy_document", kind: kind)
        request.changes.changes[index].policy = PolicyRequestDocument(policyDocument: document, policySHA256: DocumentHash.of(document))
        request.changes.changes[index] = ChangeReview.withEffect(request.changes.changes[index])
        request.changes.changes[index].autogenerated = false
        request.changes.changes[index].updatedBy = caller.user
        let saved = try await save(request)
        try await audit.record("update_change", by: caller.user, request: saved, change: saved.changes.changes[index])
        return saved
    }

    private func updateExpiry(_ request: PolicyRequest, changeID: String, expiresAt: String, caller: RequestCaller) async throws -> PolicyRequest {
        var request = request
        guard let index = request.changes.changes.firstIndex(where: { $0.id == changeID && $0.status != .cancelled }) else {
            throw PolicyRequestProblem.badRequest("modification_model.change_id: no such change")
        }
        // Once reviewed, only reviewers change how long a grant lasts.
        guard authorization.isReviewer(caller, of: accounts(of: request, only: changeID)) || request.changes.changes[index].status == .notApplied else {
            throw PolicyRequestProblem.forbidden("only reviewers may change the expiry of an applied grant")
        }
        guard let date = ISO8601DateFormatter().date(from: expiresAt), date.timeIntervalSince(now()) >= Double(validation.minExpirySeconds) else {
            throw PolicyRequestProblem.badRequest("modification_model.expires_at: an ISO 8601 time at least \(validation.minExpirySeconds) seconds ahead")
        }
        request.changes.changes[index].expiresAt = expiresAt
        request.changes.changes[index].updatedBy = caller.user
        let saved = try await save(request)
        try await audit.record("update_expiry", by: caller.user, request: saved, change: saved.changes.changes[index], detail: expiresAt)
        return saved
    }

    /// The accounts the request's changes land in (or only the change `only`), cancelled and
    /// unsupported changes aside; nil for a change whose account cannot be told.
    func accounts(of request: PolicyRequest, only: String? = nil) -> [String?] {
        request.changes.changes
            .filter { $0.status != .cancelled && $0.supported != false && (only == nil || $0.id == only) }
            .map { try? applier.target(of: $0).account }
    }
}
