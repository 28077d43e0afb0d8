import PorticoAWS

/// Reads the queues of an account in one region with their access policies and tags.
struct SQSSweeper: Sweeper {
    /// Attributes that describe the queue rather than its traffic (message counts change all
    /// the time and would make every sweep look like a change).
    static let keptAttributes: Set<String> = [
        "CreatedTimestamp", "LastModifiedTimestamp", "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds",
        "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "RedriveAllowPolicy", "FifoQueue",
        "ContentBasedDeduplication", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
    ]

    func sweep(_ context: SweepContext) async throws -> [InventoryItem] {
        let sqs = SQSClient(client: context.client)
        let calls = context.calls
        var urls: [String] = []
        var iterator = try sqs.listQueuesPages().makeAsyncIterator()
        while let page = try await calls.call({ try await iterator.next() }) { urls += page }
        return try await concurrentMap(urls, limit: context.settings.awsConcurrency) { url in
            try await Self.item(url: url, sqs: sqs, context: context)
        }
    }

    /// One queue with its attributes and tags (also what RefreshItem reads).
    static func item(url: String, sqs: SQSClient, context: SweepContext) async throws -> InventoryItem {
        let calls = context.calls
        let scope = context.scope
        let partition = context.client.configuration.partition.rawValue
        async let attributes = calls.call { try await sqs.getQueueAttributes(queueURL: url) }
        async let tags = calls.call { try await sqs.listQueueTags(queueURL: url) }
        let all = try await attributes
        let name = url.split(separator: "/").last.map(String.init) ?? url
        let region = scope.region ?? context.client.configuration.region
        var kept = all.filter { keptAttributes.contains($0.key) }
        kept["url"] = url
        return InventoryItem(
            arn: all["QueueArn"] ?? "arn:\(partition):sqs:\(region):\(scope.account):\(name)",
            type: .queue, name: name, accountID: scope.account, region: region,
            tags: try await tags.map { InventoryTag(key: $0.key, value: $0.value) },
            policyDocument: all["Policy"].flatMap { $0.isEmpty ? nil : $0 }, attributes: kept)
    }
}
