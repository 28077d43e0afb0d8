/// Queue tags for applying `resource_tag` changes.
extension SQSClient {
    /// `sqs:TagQueue`: sets `tags` (others stay).
    public func tagQueue(queueURL: String, tags: [AWSTag]) async throws {
        var parameters = try queueParameters(queueURL)
        for (index, tag) in tags.enumerated() {
            parameters.set("Tag.\(index + 1).Key", tag.key)
            parameters.set("Tag.\(index + 1).Value", tag.value)
        }
        _ = try await QueryProtocol.call(client, service: .sqs, action: "TagQueue", parameters: parameters)
    }

    /// `sqs:UntagQueue`: removes the tags named `keys`.
    public func untagQueue(queueURL: String, keys: [String]) async throws {
        var parameters = try queueParameters(queueURL)
        for (index, key) in keys.enumerated() { parameters.set("TagKey.\(index + 1)", key) }
        _ = try await QueryProtocol.call(client, service: .sqs, action: "UntagQueue", parameters: parameters)
    }
}
