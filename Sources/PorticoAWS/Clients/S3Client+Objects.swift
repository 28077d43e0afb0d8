public import Foundation
import PorticoCore

/// Object reads and writes (the audit archive): `PutObject`, `GetObject`, `ListObjectsV2`.
extension S3Client {
    /// `s3:PutObject` of `body` under `key`.
    public func putObject(bucket: String, key: String, body: [UInt8], contentType: String = "application/octet-stream") async throws {
        var request = try objectRequest("PutObject", bucket, key: key, method: "PUT")
        request.body = body
        request.headers = [HeaderField("Content-Type", contentType)]
        _ = try await client.send(request, service: .s3)
    }

    /// `s3:GetObject`: the object's bytes.
    public func getObject(bucket: String, key: String) async throws -> [UInt8] {
        try await client.send(try objectRequest("GetObject", bucket, key: key, method: "GET"), service: .s3).body
    }

    /// `s3:ListObjectsV2` under `prefix` (every page): the keys in S3's order (UTF-8 binary).
    public func listObjectKeys(bucket: String, prefix: String) async throws -> [String] {
        try await AWSPages<[String], String> { token in
            var request = try objectRequest("ListObjectsV2", bucket, key: nil, method: "GET")
            request.query = [QueryItem("list-type", "2"), QueryItem("prefix", prefix)]
            if let token { request.query.append(QueryItem("continuation-token", token)) }
            let tree = try XMLTree.parse(try await client.send(request, service: .s3).body)
            let keys = tree.children("Contents").compactMap { $0.string("Key") }
            let next = tree.string("IsTruncated") == "true" ? tree.string("NextContinuationToken") : nil
            return (keys, next)
        }.collect()
    }

    /// A request on the bucket (`key` nil) or one object, path-style with an endpoint override
    /// or when the bucket name needs it, virtual-hosted otherwise.
    private func objectRequest(_ operation: String, _ bucket: String, key: String?, method: String) throws -> AWSRequest {
        guard (1...255).contains(bucket.utf8.count), !bucket.contains("/") else {
            throw AWSClientError.invalidParameter(name: "Bucket", reason: "must be 1 to 255 characters without '/'")
        }
        if let key, key.isEmpty || key.utf8.count > 1024 {
            throw AWSClientError.invalidParameter(name: "Key", reason: "must be 1 to 1024 bytes")
        }
        let objectPath = key.map { "/" + $0.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.encode(String($0)) }.joined(separator: "/") } ?? "/"
        if S3BucketName.isVirtualHostable(bucket), client.configuration.endpointURL == nil {
            return AWSRequest(operation: operation, method: method, path: objectPath, hostPrefix: "\(bucket).")
        }
        return AWSRequest(
            operation: operation, method: method,
            path: "/" + PercentEncoding.encode(bucket) + (key == nil ? "" : objectPath))
    }
}
