/// Amazon SNS over the query protocol: list topics, read and change their attributes (the access
/// policy is the `Policy` attribute), read tags, and create topics for seeding.
public struct SNSClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// `sns:ListTopics`, page by page (SNS pages by 100); items are topic ARNs.
    public func listTopicsPages() -> AWSPages<[String], String> {
        AWSPages { token in
            var parameters = QueryParameters()
            parameters.set("NextToken", token)
            let result = try await call("ListTopics", parameters)
            let arns = (result.child("Topics")?.members ?? []).compactMap { $0.string("TopicArn") }
            return (arns, result.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// `sns:ListTopics`, every page.
    public func listTopics() async throws -> [String] {
        try await listTopicsPages().collect()
    }

    /// `sns:GetTopicAttributes`.
    public func getTopicAttributes(topicARN: String) async throws -> [String: String] {
        let result = try await call("GetTopicAttributes", try topicParameters(topicARN))
        var attributes: [String: String] = [:]
        for entry in result.child("Attributes")?.children("entry") ?? [] {
            if let key = entry.string("key") { attributes[key] = entry.string("value") ?? "" }
        }
        return attributes
    }

    /// `sns:SetTopicAttributes` (one attribute per call, as SNS defines it).
    public func setTopicAttribute(topicARN: String, name: String, value: String?) async throws {
        var parameters = try topicParameters(topicARN)
        parameters.set("AttributeName", name)
        parameters.set("AttributeValue", value)
        _ = try await call("SetTopicAttributes", parameters)
    }

    /// `sns:ListTagsForResource`.
    public func listTagsForResource(arn: String) async throws -> [AWSTag] {
        try SNSValidation.arn(arn, "ResourceArn")
        var parameters = QueryParameters()
        parameters.set("ResourceArn", arn)
        return try await call("ListTagsForResource", parameters).child("Tags")?.tags ?? []
    }

    /// `sns:CreateTopic` (for seeding); returns the topic ARN.
    public func createTopic(name: String, attributes: [String: String] = [:], tags: [AWSTag] = []) async throws -> String {
        guard (1...256).contains(name.utf8.count) else {
            throw AWSClientError.invalidParameter(name: "Name", reason: "must be 1 to 256 characters")
        }
        var parameters = QueryParameters()
        parameters.set("Name", name)
        parameters.setMap("Attributes.entry", attributes, keyName: "key", valueName: "value")
        parameters.setTags("Tags", tags)
        return try await call("CreateTopic", parameters).required("TopicArn")
    }

    private func call(_ action: String, _ parameters: QueryParameters) async throws -> XMLTree {
        try await QueryProtocol.call(client, service: .sns, action: action, parameters: parameters)
    }

    private func topicParameters(_ arn: String) throws -> QueryParameters {
        try SNSValidation.arn(arn, "TopicArn")
        var parameters = QueryParameters()
        parameters.set("TopicArn", arn)
        return parameters
    }
}

enum SNSValidation {
    static func arn(_ value: String, _ parameter: String) throws {
        guard value.hasPrefix("arn:"), value.utf8.count <= 1024 else {
            throw AWSClientError.invalidParameter(name: parameter, reason: "not an ARN")
        }
    }
}
