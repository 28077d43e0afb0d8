/// Topic tags for applying `resource_tag` changes.
extension SNSClient {
    /// `sns:TagResource`: sets `tags` (others stay).
    public func tagResource(arn: String, tags: [AWSTag]) async throws {
        try SNSValidation.arn(arn, "ResourceArn")
        var parameters = QueryParameters()
        parameters.set("ResourceArn", arn)
        parameters.setTags("Tags", tags)
        _ = try await QueryProtocol.call(client, service: .sns, action: "TagResource", parameters: parameters)
    }

    /// `sns:UntagResource`: removes the tags named `keys`.
    public func untagResource(arn: String, keys: [String]) async throws {
        try SNSValidation.arn(arn, "ResourceArn")
        var parameters = QueryParameters()
        parameters.set("ResourceArn", arn)
        parameters.setList("TagKeys", keys)
        _ = try await QueryProtocol.call(client, service: .sns, action: "UntagResource", parameters: parameters)
    }
}
