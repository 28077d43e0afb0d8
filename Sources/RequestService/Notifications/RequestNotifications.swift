import Foundation
import Logging
import PorticoAPI
import PorticoAWS
import PorticoCore
import PorticoHTTP

/// Tells people about requests: a Slack incoming webhook (Block Kit) on new requests and every
/// decision, and e-mail through SES to reviewers on new requests and requester comments, to the
/// requester on every decision, comment and expiry. Sending runs beside the request, never
/// failing it: each message is tried three times and counted sent or failed.
struct RequestNotifications: Sendable {
    let slackWebhook: String?
    let http: HTTPClient
    let ses: SESClient?
    let sender: String?
    let reviewers: [String]
    let baseURL: String
    let metrics: RequestMetrics
    let logger: Logger

    func created(_ request: PolicyRequest) {
        slack(request, headline: "A new request has been created")
        mail(to: reviewers, subject: "Portico: Policy change request for \(request.principal.principalARN) has been created", request: request)
    }

    func decided(_ request: PolicyRequest, by user: String) {
        slack(request, headline: "The request is \(request.requestStatus.rawValue) (by \(user))")
        mail(
            to: [request.requesterEmail],
            subject: "Portico: Policy change request for \(request.principal.principalARN) has been updated to \(request.requestStatus.rawValue)",
            request: request)
    }

    func commented(_ request: PolicyRequest, by user: String) {
        let byRequester = user.lowercased() == request.requesterEmail.lowercased()
        mail(
            to: byRequester ? reviewers : [request.requesterEmail],
            subject: "Portico: A new comment has been added to Policy Change request for \(request.principal.principalARN)",
            request: request)
    }

    private func link(_ request: PolicyRequest) -> String { baseURL + "/policies/request/" + request.id }

    private func slack(_ request: PolicyRequest, headline: String) {
        guard let slackWebhook else { return }
        let url = link(request)
        let blocks: JSONValue = ["blocks": .array([
            ["type": "section", "text": ["type": "mrkdwn", "text": .string("*<\(url)|Portico Policy Change Request>*")]],
            ["type": "section", "text": ["type": "mrkdwn", "text": .string("*User* \n \(request.requesterEmail)")]],
            ["type": "section", "text": ["type": "mrkdwn", "text": .string("*Resource* \n \(request.principal.principalARN)")]],
            ["type": "section", "fields": .array([
                ["type": "mrkdwn", "text": "*Justification*"],
                ["type": "plain_text", "text": .string(request.justification ?? "-")],
            ])],
            ["type": "divider"],
            ["type": "section", "text": ["type": "mrkdwn", "text": .string("\(headline). Click *<\(url)|here>* to view it.")]],
        ])]
        send("slack") {
            let response = try await http.execute(HTTPClient.Request(
                method: "POST", url: slackWebhook, headers: ["Content-Type": "application/json"], body: blocks.encoded()))
            guard (200..<300).contains(response.status) else { throw ApplyFailure("Slack answered \(response.status)") }
        }
    }

    private func mail(to recipients: [String], subject: String, request: PolicyRequest) {
        guard let ses, let sender else { return }
        let to = recipients.filter { $0.contains("@") }
        guard !to.isEmpty else { return }
        let body = "\(subject)\n\nRequested by \(request.requesterEmail): \(request.justification ?? "")\nStatus: \(request.requestStatus.rawValue)\n\(link(request))\n"
        send("email") {
            _ = try await ses.sendEmail(EmailMessage(source: sender, to: to, subject: subject, textBody: body))
        }
    }

    private func send(_ channel: String, _ attempt: @escaping @Sendable () async throws -> Void) {
        let metrics = metrics
        let logger = logger
        Task {
            for round in 1...3 {
                do {
                    try await attempt()
                    metrics.notificationsSent.increment()
                    return
                } catch {
                    if round == 3 {
                        metrics.notificationsFailed.increment()
                        logger.warning("notification failed", metadata: ["channel": "\(channel)", "error": "\(String(describing: error).prefix(200))"])
                    } else {
                        try? await Task.sleep(for: .milliseconds(200 * round * round))
                    }
                }
            }
        }
    }
}
