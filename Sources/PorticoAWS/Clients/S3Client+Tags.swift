public import Foundation
import PorticoCore

/// Bucket tags for applying `resource_tag` changes: S3 replaces a bucket's whole tag set at
/// once, so a change reads the set (`getBucketTagging`), edits it and writes it back.
extension S3Client {
    /// `s3:PutBucketTagging`: the bucket's tags become exactly `tags` (at most 50).
    public func putBucketTagging(bucket: String, tags: [AWSTag]) async throws {
        guard tags.count <= 50 else { throw AWSClientError.invalidParameter(name: "TagSet", reason: "at most 50 tags") }
        var request = try bucketRequest("PutBucketTagging", bucket, method: "PUT", subresource: "tagging")
        let set = tags.map { "<Tag><Key>\(Self.xmlEscaped($0.key))</Key><Value>\(Self.xmlEscaped($0.value))</Value></Tag>" }
        request.body = Array(
            "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>\(set.joined())</TagSet></Tagging>".utf8)
        request.headers = [
            HeaderField("Content-Type", "application/xml"),
            HeaderField("x-amz-sdk-checksum-algorithm", "SHA256"),
            HeaderField("x-amz-checksum-sha256", Data(Digest.sha256(request.body)).base64EncodedString()),
        ]
        _ = try await client.send(request, service: .s3)
    }

    /// `s3:DeleteBucketTagging`: the bucket has no tags afterwards.
    public func deleteBucketTagging(bucket: String) async throws {
        _ = try await client.send(try bucketRequest("DeleteBucketTagging", bucket, method: "DELETE", subresource: "tagging"), service: .s3)
    }

    static func xmlEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
