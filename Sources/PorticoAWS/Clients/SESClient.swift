/// Amazon SES (query protocol, `email.<region>` endpoint, signing name `ses`): sending the
/// notification e-mails of policy requests.
public struct SESClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// `ses:SendEmail`; returns the message id.
    public func sendEmail(_ email: EmailMessage) async throws -> String {
        try email.validate()
        var parameters = QueryParameters()
        parameters.set("Source", email.source)
        parameters.setList("Destination.ToAddresses", email.to)
        parameters.setList("Destination.CcAddresses", email.cc)
        parameters.setList("Destination.BccAddresses", email.bcc)
        parameters.setList("ReplyToAddresses", email.replyTo)
        parameters.set("Message.Subject.Data", email.subject)
        parameters.set("Message.Subject.Charset", "UTF-8")
        if let text = email.textBody {
            parameters.set("Message.Body.Text.Data", text)
            parameters.set("Message.Body.Text.Charset", "UTF-8")
        }
        if let html = email.htmlBody {
            parameters.set("Message.Body.Html.Data", html)
            parameters.set("Message.Body.Html.Charset", "UTF-8")
        }
        let result = try await QueryProtocol.call(client, service: .ses, action: "SendEmail", parameters: parameters)
        return try result.required("MessageId")
    }
}

/// An e-mail to send through SES: at least one recipient and one body.
public struct EmailMessage: Sendable {
    public var source: String
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var replyTo: [String]
    public var subject: String
    public var textBody: String?
    public var htmlBody: String?

    public init(
        source: String, to: [String], cc: [String] = [], bcc: [String] = [], replyTo: [String] = [],
        subject: String, textBody: String? = nil, htmlBody: String? = nil
    ) {
        self.source = source
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
    }

    func validate() throws {
        guard source.contains("@") else { throw AWSClientError.invalidParameter(name: "Source", reason: "not an e-mail address") }
        let recipients = to + cc + bcc
        guard !recipients.isEmpty, recipients.count <= 50 else {
            throw AWSClientError.invalidParameter(name: "Destination", reason: "must have 1 to 50 recipients")
        }
        guard textBody != nil || htmlBody != nil else {
            throw AWSClientError.invalidParameter(name: "Message.Body", reason: "needs a text or an HTML body")
        }
    }
}
