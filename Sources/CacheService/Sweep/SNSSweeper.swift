import PorticoAWS

/// Reads the topics of an account in one region with their access policies and tags.
struct SNSSweeper: Sweeper {
    /// Attributes that describe the topic rather than its subscriptions' churn.
    static let keptAttributes: Set<String> = [
        "DisplayName", "Owner", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication", "SignatureVersion",
        "TracingConfig", "DeliveryPolicy",
    ]

    func sweep(_ context: SweepContext) async throws -> [InventoryItem] {
        let sns = SNSClient(client: context.client)
        let calls = context.calls
        var arns: [String] = []
        var iterator = sns.listTopicsPages().makeAsyncIterator()
        while let page = try await calls.call({ try await iterator.next() }) { arns += page }
        return try await concurrentMap(arns, limit: context.settings.awsConcurrency) { arn in
            try await Self.item(arn: arn, sns: sns, context: context)
        }
    }

    /// One topic with its attributes and tags (also what RefreshItem reads).
    static func item(arn: String, sns: SNSClient, context: SweepContext) async throws -> InventoryItem {
        let calls = context.calls
        let scope = context.scope
        async let attributes = calls.call { try await sns.getTopicAttributes(topicARN: arn) }
        async let tags = calls.call { try await sns.listTagsForResource(arn: arn) }
        let all = try await attributes
        return InventoryItem(
            arn: arn, type: .topic, name: Typeahead.displayName(arn: arn), accountID: scope.account,
            region: scope.region ?? context.client.configuration.region,
            tags: try await tags.map { InventoryTag(key: $0.key, value: $0.value) },
            policyDocument: all["Policy"].flatMap { $0.isEmpty ? nil : $0 },
            attributes: all.filter { keptAttributes.contains($0.key) })
    }
}
