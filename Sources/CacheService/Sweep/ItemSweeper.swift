import Foundation
import PorticoAWS
import PorticoCore

/// Reads one role, user, group, customer-managed policy, bucket, queue or topic from AWS through
/// its account's spoke role, built exactly as its kind's sweep builds it (so a refreshed item
/// equals what the next sweep will write). Answers nil when AWS says the item does not exist.
struct ItemSweeper: Sendable {
    let spokes: SpokeSessions
    let settings: CacheSettings

    /// What to read: the item's ARN and the scope that holds it.
    struct Target: Sendable, Hashable {
        var arn: String
        var parsed: ARN
        var scope: SweepScope
        var type: InventoryType
    }

    /// Where `arn` lives. `bucketAccount` is the account of a bucket (bucket ARNs carry none).
    /// - Throws: `CacheError.invalidArgument` for an ARN of a type that cannot be refreshed.
    static func target(arn: String, bucketAccount: String?, settings: CacheSettings) throws(CacheError) -> Target {
        guard let parsed = ARN(arn) else { throw .invalidArgument("'\(arn.prefix(80))' is not an ARN") }
        func regional(_ kind: SweepKind, _ type: InventoryType) throws(CacheError) -> Target {
            guard AccountID.isValid(parsed.account), AWSRegionName.isValid(parsed.region), !parsed.resource.contains(":") else {
                throw .invalidArgument("'\(arn.prefix(80))' is not a \(type) ARN")
            }
            guard settings.regions.contains(parsed.region) else {
                throw .invalidArgument("region \(parsed.region) is not swept (cache.regions)")
            }
            return Target(arn: arn, parsed: parsed, scope: SweepScope(account: parsed.account, kind: kind, region: parsed.region), type: type)
        }
        switch parsed.service {
        case "iam":
            guard AccountID.isValid(parsed.account) else {
                throw .invalidArgument("'\(arn.prefix(80))' is not a customer IAM ARN (AWS-managed policies are not cached)")
            }
            let type: InventoryType
            if parsed.resource.hasPrefix("role/") { type = .role }
            else if parsed.resource.hasPrefix("user/") { type = .user }
            else if parsed.resource.hasPrefix("group/") { type = .group }
            else if parsed.resource.hasPrefix("policy/") { type = .managedPolicy }
            else { throw .invalidArgument("'\(arn.prefix(80))' is not a role, user, group or policy ARN") }
            return Target(arn: arn, parsed: parsed, scope: SweepScope(account: parsed.account, kind: .iam), type: type)
        case "s3":
            guard parsed.account.isEmpty, parsed.region.isEmpty, !parsed.resource.contains("/") else {
                throw .invalidArgument("'\(arn.prefix(80))' is not a bucket ARN")
            }
            guard let bucketAccount, AccountID.isValid(bucketAccount) else {
                throw .invalidArgument("the bucket's account is not known: give account_id")
            }
            return Target(arn: arn, parsed: parsed, scope: SweepScope(account: bucketAccount, kind: .s3), type: .bucket)
        case "sqs": return try regional(.sqs, .queue)
        case "sns": return try regional(.sns, .topic)
        default:
            throw .invalidArgument("'\(arn.prefix(80))' is not a role, user, group, policy, bucket, queue or topic ARN")
        }
    }

    /// The item as AWS holds it now; nil when it is gone. `previous` is the cached copy (a
    /// bucket keeps its creation date, which only `ListBuckets` tells).
    func read(_ target: Target, previous: InventoryItem?, calls: AWSCallTally) async throws -> InventoryItem? {
        let context = SweepContext.make(scope: target.scope, spokes: spokes, settings: settings, calls: calls)
        let account = target.scope.account
        do {
            switch target.type {
            case .role:
                let name = Typeahead.displayName(arn: target.arn)
                let detail = try await calls.call { try await IAMClient(client: context.client).roleDetail(name: name) }
                // GetRole's ARN is the one IAM holds; a role re-created under another path is another ARN.
                guard detail.role.arn == target.arn else { return nil }
                return IAMSweeper.item(detail, listed: nil, account: account)
            case .user, .group:
                let filter: IAMClient.AuthorizationDetailsFilter = target.type == .user ? .user : .group
                let iam = IAMClient(client: context.client)
                var pages = try iam.getAccountAuthorizationDetailsPages(filter: [filter]).makeAsyncIterator()
                while let page = try await calls.call({ try await pages.next() }) {
                    if let user = page.users.first(where: { $0.user.arn == target.arn }) {
                        return IAMSweeper.item(user, account: account)
                    }
                    if let group = page.groups.first(where: { $0.arn == target.arn }) {
                        return IAMSweeper.item(group, account: account)
                    }
                }
                return nil
            case .managedPolicy:
                let iam = IAMClient(client: context.client)
                let policy = try await calls.call { try await iam.getPolicy(arn: target.arn) }
                let version = try await calls.call {
                    try await iam.getPolicyVersion(policyARN: target.arn, versionID: policy.defaultVersionID)
                }
                return IAMSweeper.item(policy, document: version.document, account: account)
            case .bucket:
                let s3 = S3Client(client: context.client)
                let bucket = target.parsed.resource
                let region = try await calls.call { try await s3.getBucketLocation(bucket: bucket) }
                let created = previous?.attributes["createDate"].flatMap(ISO8601Timestamp.parse)
                return try await S3Sweeper.item(bucket: bucket, region: region, createDate: created, s3: s3, context: context)
            case .queue:
                let sqs = SQSClient(client: context.client)
                let name = target.parsed.resource
                let url = try await calls.call { try await sqs.getQueueURL(name: name, ownerAccountID: account) }
                return try await SQSSweeper.item(url: url, sqs: sqs, context: context)
            case .topic:
                return try await SNSSweeper.item(arn: target.arn, sns: SNSClient(client: context.client), context: context)
            default:
                return nil
            }
        } catch let error as AWSError where Self.goneCodes.contains(error.code) {
            return nil
        }
    }

    /// The error codes AWS answers for an item that does not exist.
    static let goneCodes: Set<String> = [
        "NoSuchEntity", "NoSuchBucket", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NotFound",
        "NotFoundException",
    ]
}

extension SweepContext {
    /// The context of a sweep of `scope`: a client acting as the account's spoke role, in the
    /// scope's region (or the hub's for global kinds).
    static func make(scope: SweepScope, spokes: SpokeSessions, settings: CacheSettings, calls: AWSCallTally) -> SweepContext {
        var client = spokes.client(account: scope.account)
        if let region = scope.region {
            var configuration = client.configuration
            configuration.region = region
            configuration.partition = AWSPartition(region: region)
            client = client.with(configuration: configuration)
        }
        return SweepContext(scope: scope, client: client, settings: settings, calls: calls)
    }
}
