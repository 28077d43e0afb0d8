/// Amazon SQS over the query protocol: list queues, read and change their attributes (the access
/// policy is the `Policy` attribute), read tags, and create queues for seeding.
public struct SQSClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// `sqs:ListQueues`, page by page; items are queue URLs.
    public func listQueuesPages(prefix: String? = nil, pageSize: Int? = nil) throws -> AWSPages<[String], String> {
        if let pageSize, !(1...1000).contains(pageSize) {
            throw AWSClientError.invalidParameter(name: "MaxResults", reason: "must be 1 to 1000")
        }
        return AWSPages { token in
            var parameters = QueryParameters()
            parameters.set("QueueNamePrefix", prefix)
            // SQS only pages when MaxResults is given.
            parameters.set("MaxResults", pageSize ?? 1000)
            parameters.set("NextToken", token)
            let result = try await call("ListQueues", parameters)
            return (result.children("QueueUrl").map(\.text), result.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// `sqs:ListQueues`, every page.
    public func listQueues(prefix: String? = nil, pageSize: Int? = nil) async throws -> [String] {
        try await listQueuesPages(prefix: prefix, pageSize: pageSize).collect()
    }

    /// `sqs:GetQueueAttributes` (all attributes unless `names` narrows them).
    public func getQueueAttributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        var parameters = try queueParameters(queueURL)
        for (index, name) in names.enumerated() { parameters.set("AttributeName.\(index + 1)", name) }
        let result = try await call("GetQueueAttributes", parameters)
        return Self.attributes(result.children("Attribute"))
    }

    /// `sqs:SetQueueAttributes`.
    public func setQueueAttributes(queueURL: String, attributes: [String: String]) async throws {
        var parameters = try queueParameters(queueURL)
        parameters.setMap("Attribute", attributes, keyName: "Name", valueName: "Value")
        _ = try await call("SetQueueAttributes", parameters)
    }

    /// `sqs:ListQueueTags`.
    public func listQueueTags(queueURL: String) async throws -> [AWSTag] {
        let result = try await call("ListQueueTags", try queueParameters(queueURL))
        return result.children("Tag").compactMap { tag in
            tag.string("Key").map { AWSTag(key: $0, value: tag.string("Value") ?? "") }
        }
    }

    /// `sqs:CreateQueue` (for seeding); returns the queue URL.
    public func createQueue(name: String, attributes: [String: String] = [:], tags: [AWSTag] = []) async throws -> String {
        guard (1...80).contains(name.utf8.count) else {
            throw AWSClientError.invalidParameter(name: "QueueName", reason: "must be 1 to 80 characters")
        }
        var parameters = QueryParameters()
        parameters.set("QueueName", name)
        parameters.setMap("Attribute", attributes, keyName: "Name", valueName: "Value")
        for (index, tag) in tags.enumerated() {
            parameters.set("Tag.\(index + 1).Key", tag.key)
            parameters.set("Tag.\(index + 1).Value", tag.value)
        }
        let result = try await call("CreateQueue", parameters)
        return try result.required("QueueUrl")
    }

    /// `sqs:GetQueueUrl`: the URL of the queue `name` of `ownerAccountID` (the caller's when nil).
    public func getQueueURL(name: String, ownerAccountID: String? = nil) async throws -> String {
        guard (1...80).contains(name.utf8.count) else {
            throw AWSClientError.invalidParameter(name: "QueueName", reason: "must be 1 to 80 characters")
        }
        var parameters = QueryParameters()
        parameters.set("QueueName", name)
        parameters.set("QueueOwnerAWSAccountId", ownerAccountID)
        return try await call("GetQueueUrl", parameters).required("QueueUrl")
    }

    private func call(_ action: String, _ parameters: QueryParameters) async throws -> XMLTree {
        try await QueryProtocol.call(client, service: .sqs, action: action, parameters: parameters)
    }

    func queueParameters(_ queueURL: String) throws -> QueryParameters {
        guard queueURL.hasPrefix("http://") || queueURL.hasPrefix("https://") else {
            throw AWSClientError.invalidParameter(name: "QueueUrl", reason: "not a queue URL")
        }
        var parameters = QueryParameters()
        parameters.set("QueueUrl", queueURL)
        return parameters
    }

    /// `<Attribute><Name/><Value/></Attribute>…` as a dictionary.
    static func attributes(_ nodes: [XMLTree]) -> [String: String] {
        var attributes: [String: String] = [:]
        for node in nodes {
            if let name = node.string("Name") { attributes[name] = node.string("Value") ?? "" }
        }
        return attributes
    }
}
