public import Foundation
import PorticoCore

/// Amazon S3 (REST-XML): the bucket-level reads the inventory needs, bucket policies, and bucket
/// creation for seeding. Every request carries and signs `x-amz-content-sha256`.
///
/// Buckets are addressed virtual-hosted (`bucket.s3.region.amazonaws.com`) when the name allows
/// it, path-style otherwise and always with an endpoint override. A bucket in another region is
/// reached through `inRegion(_:)`.
public struct S3Client: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// The same client signing for, and sending to, `region`.
    public func inRegion(_ region: String) -> S3Client {
        var configuration = client.configuration
        configuration.region = region
        configuration.partition = AWSPartition(region: region)
        return S3Client(client: client.with(configuration: configuration))
    }

    /// `s3:ListBuckets` (every page).
    public func listBuckets() async throws -> [S3Bucket] {
        try await AWSPages<[S3Bucket], String> { token in
            var query: [QueryItem] = []
            if let token { query.append(QueryItem("continuation-token", token)) }
            let tree = try await send(AWSRequest(operation: "ListBuckets", method: "GET", path: "/", query: query))
            let buckets = (tree.child("Buckets")?.children("Bucket") ?? []).compactMap { node -> S3Bucket? in
                guard let name = node.string("Name") else { return nil }
                return S3Bucket(name: name, creationDate: node.date("CreationDate"), region: node.string("BucketRegion"))
            }
            let next = tree.string("ContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
            return (buckets, next)
        }.collect()
    }

    /// `s3:GetBucketLocation`, as a region name (`us-east-1` for the empty answer, `eu-west-1` for `EU`).
    public func getBucketLocation(bucket: String) async throws -> String {
        let tree = try await send(try bucketRequest("GetBucketLocation", bucket, method: "GET", subresource: "location"))
        switch tree.text {
        case "": return "us-east-1"
        case "EU": return "eu-west-1"
        case let region: return region
        }
    }

    /// `s3:GetBucketPolicy`; nil when the bucket has no policy.
    public func getBucketPolicy(bucket: String) async throws -> String? {
        do {
            let response = try await client.send(
                try bucketRequest("GetBucketPolicy", bucket, method: "GET", subresource: "policy"), service: .s3)
            return String(decoding: response.body, as: UTF8.self)
        } catch let error as AWSError where error.code == "NoSuchBucketPolicy" {
            return nil
        }
    }

    /// `s3:PutBucketPolicy`.
    public func putBucketPolicy(bucket: String, policy: String) async throws {
        guard !policy.isEmpty, policy.utf8.count <= 20_480 else {
            throw AWSClientError.invalidParameter(name: "Policy", reason: "must be 1 to 20480 bytes")
        }
        var request = try bucketRequest("PutBucketPolicy", bucket, method: "PUT", subresource: "policy")
        request.body = Array(policy.utf8)
        request.headers = [
            HeaderField("Content-Type", "application/json"),
            HeaderField("x-amz-sdk-checksum-algorithm", "SHA256"),
            HeaderField("x-amz-checksum-sha256", Data(Digest.sha256(request.body)).base64EncodedString()),
        ]
        _ = try await client.send(request, service: .s3)
    }

    /// `s3:GetBucketTagging`; empty when the bucket has no tags.
    public func getBucketTagging(bucket: String) async throws -> [AWSTag] {
        do {
            let tree = try await send(try bucketRequest("GetBucketTagging", bucket, method: "GET", subresource: "tagging"))
            return (tree.child("TagSet")?.children("Tag") ?? []).compactMap { tag in
                tag.string("Key").map { AWSTag(key: $0, value: tag.string("Value") ?? "") }
            }
        } catch let error as AWSError where error.code == "NoSuchTagSet" {
            return []
        }
    }

    /// `s3:CreateBucket` in the client's region (for seeding).
    public func createBucket(bucket: String) async throws {
        var request = try bucketRequest("CreateBucket", bucket, method: "PUT", subresource: nil)
        let region = client.configuration.region
        if region != "us-east-1" {
            request.headers = [HeaderField("Content-Type", "application/xml")]
            request.body = Array((
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        _ = try await client.send(request, service: .s3)
    }

    private func send(_ request: AWSRequest) async throws -> XMLTree {
        try XMLTree.parse(try await client.send(request, service: .s3).body)
    }

    func bucketRequest(
        _ operation: String, _ bucket: String, method: String, subresource: String?
    ) throws -> AWSRequest {
        guard (1...255).contains(bucket.utf8.count), !bucket.contains("/") else {
            throw AWSClientError.invalidParameter(name: "Bucket", reason: "must be 1 to 255 characters without '/'")
        }
        let query = subresource.map { [QueryItem($0)] } ?? []
        if S3BucketName.isVirtualHostable(bucket) {
            return AWSRequest(operation: operation, method: method, path: "/", query: query, hostPrefix: "\(bucket).")
                .pathStyle(when: client.configuration.endpointURL != nil, bucket: bucket)
        }
        return AWSRequest(operation: operation, method: method, path: "/" + PercentEncoding.encode(bucket), query: query)
    }
}

extension AWSRequest {
    /// Rewrites a virtual-hosted bucket request as path-style (used with endpoint overrides).
    fileprivate func pathStyle(when condition: Bool, bucket: String) -> AWSRequest {
        guard condition else { return self }
        var copy = self
        copy.hostPrefix = nil
        copy.path = "/" + PercentEncoding.encode(bucket) + (path == "/" ? "" : path)
        return copy
    }
}

/// A bucket as `ListBuckets` reports it.
public struct S3Bucket: Sendable, Equatable {
    public var name: String
    public var creationDate: Date?
    /// Present when S3 includes it (newer `ListBuckets` answers).
    public var region: String?
}

/// Bucket-name rules that decide the addressing style.
enum S3BucketName {
    /// DNS-safe names without dots (dots break the wildcard TLS certificate) go in the host.
    static func isVirtualHostable(_ name: String) -> Bool {
        (3...63).contains(name.utf8.count)
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
            && name.first != "-" && name.last != "-"
    }
}
