import Foundation
import PorticoAWS

/// Reads an account's buckets with their policies and tags. Each bucket's reads go to its own
/// region (from `ListBuckets` when S3 says, else `GetBucketLocation`).
struct S3Sweeper: Sweeper {
    func sweep(_ context: SweepContext) async throws -> [InventoryItem] {
        let s3 = S3Client(client: context.client)
        let calls = context.calls
        let buckets = try await calls.call { try await s3.listBuckets() }
        return try await concurrentMap(buckets, limit: context.settings.awsConcurrency) { bucket in
            let region: String
            if let known = bucket.region {
                region = known
            } else {
                region = try await calls.call { try await s3.getBucketLocation(bucket: bucket.name) }
            }
            return try await Self.item(
                bucket: bucket.name, region: region, createDate: bucket.creationDate, s3: s3, context: context)
        }
    }

    /// One bucket with its policy and tags, read in its own region (also what RefreshItem reads).
    static func item(
        bucket: String, region: String, createDate: Date?, s3: S3Client, context: SweepContext
    ) async throws -> InventoryItem {
        let calls = context.calls
        let partition = context.client.configuration.partition.rawValue
        let regional = s3.inRegion(region)
        async let policy = calls.call { try await regional.getBucketPolicy(bucket: bucket) }
        async let tags = calls.call { try await regional.getBucketTagging(bucket: bucket) }
        var attributes: [String: String] = ["bucketRegion": region]
        attributes.set("createDate", createDate.map(ISO8601Timestamp.format))
        return InventoryItem(
            arn: "arn:\(partition):s3:::\(bucket)", type: .bucket, name: bucket, accountID: context.scope.account,
            tags: try await tags.map { InventoryTag(key: $0.key, value: $0.value) },
            policyDocument: try await policy, attributes: attributes)
    }
}
