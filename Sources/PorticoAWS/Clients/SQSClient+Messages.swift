/// Messages on an SQS queue: long-polled receive, delete, and send (for tests and tools). The
/// cache's event consumer reads IAM change events this way.
extension SQSClient {
    /// One received message: its body and the receipt handle that deletes it.
    public struct Message: Sendable, Hashable {
        public var messageID: String
        public var receiptHandle: String
        public var body: String
        /// How often SQS has handed this message out (`ApproximateReceiveCount`), 0 when not told.
        public var receiveCount: Int
    }

    /// `sqs:ReceiveMessage`: up to `maxMessages` (1–10), waiting up to `waitSeconds` (0–20) for
    /// the first one (long polling); the messages stay invisible for `visibilityTimeout` seconds
    /// when given.
    public func receiveMessages(
        queueURL: String, maxMessages: Int = 10, waitSeconds: Int = 20, visibilityTimeout: Int? = nil
    ) async throws -> [Message] {
        guard (1...10).contains(maxMessages) else {
            throw AWSClientError.invalidParameter(name: "MaxNumberOfMessages", reason: "must be 1 to 10")
        }
        guard (0...20).contains(waitSeconds) else {
            throw AWSClientError.invalidParameter(name: "WaitTimeSeconds", reason: "must be 0 to 20")
        }
        var parameters = try queueParameters(queueURL)
        parameters.set("MaxNumberOfMessages", maxMessages)
        parameters.set("WaitTimeSeconds", waitSeconds)
        parameters.set("VisibilityTimeout", visibilityTimeout)
        parameters.set("AttributeName.1", "ApproximateReceiveCount")
        let result = try await QueryProtocol.call(client, service: .sqs, action: "ReceiveMessage", parameters: parameters)
        return result.children("Message").compactMap { node in
            guard let handle = node.string("ReceiptHandle") else { return nil }
            let attributes = Self.attributes(node.children("Attribute"))
            return Message(
                messageID: node.string("MessageId") ?? "", receiptHandle: handle, body: node.string("Body") ?? "",
                receiveCount: attributes["ApproximateReceiveCount"].flatMap { Int($0) } ?? 0)
        }
    }

    /// `sqs:DeleteMessage`.
    public func deleteMessage(queueURL: String, receiptHandle: String) async throws {
        var parameters = try queueParameters(queueURL)
        parameters.set("ReceiptHandle", receiptHandle)
        _ = try await QueryProtocol.call(client, service: .sqs, action: "DeleteMessage", parameters: parameters)
    }

    /// `sqs:SendMessage`; returns the message id.
    @discardableResult
    public func sendMessage(queueURL: String, body: String) async throws -> String {
        var parameters = try queueParameters(queueURL)
        parameters.set("MessageBody", body)
        let result = try await QueryProtocol.call(client, service: .sqs, action: "SendMessage", parameters: parameters)
        return result.string("MessageId") ?? ""
    }
}
