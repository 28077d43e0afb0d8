import Foundation
import PorticoCore

/// One request to `portico serve`, as the routes see it.
struct MetadataRequest: Sendable {
    var method: String
    /// The path, percent-decoded, without the query.
    var path: String
    var headers: [(name: String, value: String)]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One answer of `portico serve`.
struct MetadataResponse: Sendable {
    var status: Int
    var contentType = "text/plain"
    var headers: [(String, String)] = []
    var body: String

    static func text(_ status: Int, _ body: String) -> MetadataResponse { MetadataResponse(status: status, body: body) }

    static func json(_ object: [String: String]) -> MetadataResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return MetadataResponse(status: 200, contentType: "application/json", body: String(decoding: data, as: UTF8.self))
    }
}

/// What `portico serve` answers: the ECS container credential endpoint `/ecs/{role}` (with the
/// authorization token), and, when serving a role, the EC2 instance metadata service's IAM
/// paths with IMDSv2 tokens. Every request first passes `BrowserFilter`.
struct MetadataRoutes: Sendable {
    let supply: CredentialSupply
    /// What `Authorization` must hold on `/ecs/…`.
    let containerToken: String
    /// The role of the instance metadata service (nil: ECS only).
    let instanceRole: String?
    let enforceIMDSv2: Bool
    let tokens = IMDSTokens()

    func answer(_ request: MetadataRequest) async -> MetadataResponse {
        if let refusal = BrowserFilter.refusal(headers: request.headers) { return .text(403, "forbidden: \(refusal)") }
        if request.path == "/healthcheck" { return .json(["status": "200", "message": "ok"]) }
        if request.path.hasPrefix("/ecs/") { return await container(request) }
        if instanceRole != nil, let response = await instanceMetadata(request) { return response }
        return .text(404, "not found")
    }

    // MARK: ECS

    private func container(_ request: MetadataRequest) async -> MetadataResponse {
        guard let presented = request.header("Authorization"), ConstantTimeText.equals(presented, containerToken) else {
            return .text(401, "unauthorized: send the token printed by `portico serve` (AWS_CONTAINER_AUTHORIZATION_TOKEN)")
        }
        let role = String(request.path.dropFirst("/ecs/".count))
        guard !role.isEmpty else { return .text(400, "name a role: /ecs/{role}") }
        return await credentials(role) { credentials in
            [
                "AccessKeyId": credentials.accessKeyID, "SecretAccessKey": credentials.secretAccessKey,
                "Token": credentials.sessionToken, "Expiration": credentials.expirationText, "RoleArn": credentials.role,
            ]
        }
    }

    private func credentials(_ role: String, _ shape: (CachedCredentials) -> [String: String]) async -> MetadataResponse {
        do throws(CLIError) {
            return .json(shape(try await supply.credentials(for: role)))
        } catch {
            Terminal.note("portico serve: \(role): \(error.description)")
            return .text(error.exitCode == 4 ? 403 : 502, error.description)
        }
    }

    // MARK: EC2 instance metadata

    private func instanceMetadata(_ request: MetadataRequest) async -> MetadataResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let instanceRole, parts.count >= 1 else { return nil }
        let rest = Array(parts.dropFirst())
        if rest == ["api", "token"] {
            guard request.method == "PUT" else { return .text(405, "use PUT for a token") }
            guard let ttlText = request.header("X-aws-ec2-metadata-token-ttl-seconds"), let ttl = Int(ttlText),
                  IMDSTokens.ttlRange.contains(ttl)
            else { return .text(400, "X-aws-ec2-metadata-token-ttl-seconds must be 1 to 21600") }
            var response = MetadataResponse.text(200, tokens.issue(ttl: ttl))
            response.headers.append(("X-aws-ec2-metadata-token-ttl-seconds", String(ttl)))
            return response
        }
        guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "method not allowed") }
        if let token = request.header("X-aws-ec2-metadata-token") {
            guard tokens.isValid(token) else { return .text(401, "unauthorized: invalid or expired session token") }
        } else if enforceIMDSv2 {
            return .text(401, "unauthorized: IMDSv2 required, please upgrade your SDK or CLI")
        }
        let arn = ARN(instanceRole)
        let roleName = arn.map { String($0.resource.split(separator: "/").last ?? "") } ?? instanceRole
        let account = arn?.account ?? "000000000000"
        let now = CachedCredentials.rfc3339(Date())
        switch rest {
        case []: return .text(200, "dynamic\nmeta-data\n")
        case ["meta-data"]: return .text(200, "iam/\ninstance-id\nplacement/\n")
        case ["meta-data", "iam"]: return .text(200, "info\nsecurity-credentials/\n")
        case ["meta-data", "instance-id"]: return .text(200, "i-portico")
        case ["meta-data", "iam", "info"]:
            let profile = arn.map { "arn:\($0.partition):iam::\($0.account):instance-profile/\(roleName)" } ?? instanceRole
            return .json(["Code": "Success", "LastUpdated": now, "InstanceProfileArn": profile, "InstanceProfileId": "AIPAPORTICO"])
        case ["meta-data", "iam", "security-credentials"]: return .text(200, roleName)
        case ["meta-data", "iam", "security-credentials", roleName]:
            return await credentials(instanceRole) { credentials in
                [
                    "Code": "Success", "LastUpdated": now, "Type": "AWS-HMAC", "AccessKeyId": credentials.accessKeyID,
                    "SecretAccessKey": credentials.secretAccessKey, "Token": credentials.sessionToken,
                    "Expiration": credentials.expirationText,
                ]
            }
        case ["dynamic", "instance-identity", "document"]:
            let region = "us-east-1"
            return .json([
                "accountId": account, "architecture": "x86_64", "availabilityZone": region + "a", "imageId": "ami-00000000",
                "instanceId": "i-portico", "instanceType": "m5.large", "pendingTime": now, "privateIp": "127.0.0.1",
                "region": region, "version": "2017-09-30",
            ])
        default: return .text(404, "not found")
        }
    }
}
