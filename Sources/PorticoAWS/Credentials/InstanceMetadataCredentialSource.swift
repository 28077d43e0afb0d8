import Foundation
import PorticoCore
import PorticoHTTP

/// The EC2 instance metadata service, IMDSv2 only: `PUT /latest/api/token` for a session token,
/// then the role name from `/latest/meta-data/iam/security-credentials/`, then that role's
/// credentials. The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT` (default
/// `http://169.254.169.254`, or `http://[fd00:ec2::254]` with
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`); `AWS_EC2_METADATA_DISABLED=true` turns it off.
///
/// Not being on EC2 (nothing answers the token request) means "not configured", so the chain can
/// end here quietly; an instance without a role does too. `AWS_METADATA_SERVICE_TIMEOUT`
/// (seconds, default 1, as in the AWS SDKs) bounds each metadata request.
public struct InstanceMetadataCredentialSource: CredentialSource {
    let context: CredentialSourceContext
    public var name: String { "IMDSv2" }

    static let tokenTTLSeconds = 21_600
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    public init(context: CredentialSourceContext) { self.context = context }

    var endpoint: String {
        let environment = context.environment
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
            ?? (environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6"
                ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return endpoint
    }

    /// Each metadata request's time limit: `AWS_METADATA_SERVICE_TIMEOUT` seconds, default 1.
    var requestTimeout: Duration {
        guard let text = context.environment["AWS_METADATA_SERVICE_TIMEOUT"], let seconds = Double(text),
              seconds > 0, seconds <= 60 else { return .seconds(1) }
        return .milliseconds(Int(seconds * 1000))
    }

    public func load() async throws -> AWSCredentials? {
        if context.environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        guard let token = try await sessionToken() else { return nil }

        let listing = try await get(Self.credentialsPath, token: token)
        if listing.status == 404 { return nil }
        guard listing.status == 200 else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "role listing answered HTTP \(listing.status)")
        }
        guard let role = listing.bodyText.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty,
              !role.contains("/"), role.utf8.count <= 128
        else { return nil }

        let document = try await get(Self.credentialsPath + PercentEncoding.encode(role), token: token)
        guard document.status == 200 else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "credentials answered HTTP \(document.status)")
        }
        context.logger.debug("loaded instance role credentials", metadata: ["aws.instance_role": "\(role)"])
        return try MetadataCredentialsDocument.parse(document.body, source: name)
    }

    /// The IMDSv2 session token, or nil when no metadata service answers.
    private func sessionToken() async throws -> String? {
        var headers = HTTPClient.Headers()
        headers.add(name: "X-aws-ec2-metadata-token-ttl-seconds", value: String(Self.tokenTTLSeconds))
        let response: HTTPClient.Response
        do {
            response = try await context.http.execute(HTTPClient.Request(
                method: "PUT", url: endpoint + "/latest/api/token", headers: headers, timeout: requestTimeout,
                maxResponseBytes: 4096))
        } catch let error as HTTPClientError {
            switch error {
            case .timeout, .connectionFailed: return nil
            default: throw AWSCredentialsError.sourceFailed(source: name, reason: "\(error)")
            }
        }
        guard response.status == 200 else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "token request answered HTTP \(response.status)")
        }
        let token = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: \.isNewline) else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "the session token answer is empty or malformed")
        }
        return token
    }

    private func get(_ path: String, token: String) async throws -> HTTPClient.Response {
        var headers = HTTPClient.Headers()
        headers.add(name: "X-aws-ec2-metadata-token", value: token)
        do {
            return try await context.http.execute(HTTPClient.Request(
                method: "GET", url: endpoint + path, headers: headers, timeout: requestTimeout * 2, maxResponseBytes: 64 * 1024))
        } catch {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "\(error)")
        }
    }
}
