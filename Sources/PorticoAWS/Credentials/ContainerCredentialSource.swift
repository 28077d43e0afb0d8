import Foundation
import PorticoCore
import PorticoHTTP

/// The ECS/EKS container credentials endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on
/// `169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the `Authorization` token from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every load) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// A full URI over plain HTTP must point at a loopback address or one of the container-agent
/// link-local addresses, so credentials never cross a network unencrypted.
public struct ContainerCredentialSource: CredentialSource {
    let context: CredentialSourceContext
    public var name: String { "container credentials endpoint" }

    static let relativeHost = "http://169.254.170.2"
    static let trustedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "localhost"]

    public init(context: CredentialSourceContext) { self.context = context }

    public func load() async throws -> AWSCredentials? {
        let environment = context.environment
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            guard relative.hasPrefix("/") else {
                throw AWSCredentialsError.sourceFailed(source: name, reason: "the relative URI must start with /")
            }
            url = Self.relativeHost + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            try Self.validate(fullURI: full)
            url = full
        } else {
            return nil
        }
        var headers = HTTPClient.Headers()
        headers.add(name: "Accept", value: "application/json")
        if let token = try authorizationToken() { headers.add(name: "Authorization", value: token) }
        let response: HTTPClient.Response
        do {
            response = try await context.http.execute(HTTPClient.Request(
                method: "GET", url: url, headers: headers, timeout: .seconds(5), maxResponseBytes: 64 * 1024))
        } catch {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "\(error)")
        }
        guard response.status == 200 else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "HTTP \(response.status)")
        }
        return try MetadataCredentialsDocument.parse(response.body, source: name)
    }

    private func authorizationToken() throws -> String? {
        let environment = context.environment
        var token: String?
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let text = try environment.readText(file, purpose: name) else {
                throw AWSCredentialsError.sourceFailed(source: name, reason: "token file \(file) does not exist")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "the authorization token contains a line break")
        }
        return token
    }

    static func validate(fullURI: String) throws {
        guard let components = URLComponents(string: fullURI), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw AWSCredentialsError.sourceFailed(source: "container credentials endpoint", reason: "the full URI is not a URL")
        }
        switch scheme {
        case "https":
            return
        case "http":
            guard trustedHTTPHosts.contains(host) || isLoopback(host) else {
                throw AWSCredentialsError.sourceFailed(
                    source: "container credentials endpoint",
                    reason: "an http full URI must use a loopback or container-agent address, not \(host)")
            }
        default:
            throw AWSCredentialsError.sourceFailed(
                source: "container credentials endpoint", reason: "the full URI must be http or https")
        }
    }

    private static func isLoopback(_ host: String) -> Bool {
        if host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

/// The JSON that the container endpoint and IMDS answer with: `AccessKeyId`, `SecretAccessKey`,
/// `Token`, `Expiration` (and for IMDS `Code: Success`).
enum MetadataCredentialsDocument {
    static func parse(_ body: [UInt8], source: String) throws -> AWSCredentials {
        // The body holds secrets: failures say what is missing, never what was there.
        guard let json = try? JSONValue.parseAnswer(body) else {
            throw AWSCredentialsError.sourceFailed(source: source, reason: "the answer is not JSON")
        }
        if let code = json["Code"]?.stringValue, code != "Success" {
            throw AWSCredentialsError.sourceFailed(source: source, reason: "the answer's Code is \(code.prefix(64))")
        }
        guard let keyID = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue,
              !keyID.isEmpty, !secret.isEmpty
        else {
            throw AWSCredentialsError.sourceFailed(source: source, reason: "the answer has no AccessKeyId/SecretAccessKey")
        }
        var expiration: Date?
        if let text = json["Expiration"]?.stringValue {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw AWSCredentialsError.sourceFailed(source: source, reason: "the answer's Expiration is not a timestamp")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: json["Token"]?.stringValue, expiration: expiration)
    }
}
