import Foundation
import PorticoCore

/// AWS Security Token Service: assume roles (with a session policy, tags and source identity),
/// exchange a web identity token, and ask who the caller is. Regional endpoint.
public struct STSClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// `sts:AssumeRole`.
    public func assumeRole(_ request: AssumeRoleRequest) async throws -> AssumedRole {
        try request.validate()
        var parameters = QueryParameters()
        parameters.set("RoleArn", request.roleARN)
        parameters.set("RoleSessionName", request.sessionName)
        parameters.set("DurationSeconds", request.durationSeconds)
        parameters.set("Policy", request.policy)
        for (index, arn) in request.policyARNs.enumerated() {
            parameters.set("PolicyArns.member.\(index + 1).arn", arn)
        }
        parameters.setTags("Tags", request.tags)
        parameters.setList("TransitiveTagKeys", request.transitiveTagKeys)
        parameters.set("SourceIdentity", request.sourceIdentity)
        parameters.set("ExternalId", request.externalID)
        let result = try await QueryProtocol.call(client, service: .sts, action: "AssumeRole", parameters: parameters)
        return try AssumedRole(result)
    }

    /// `sts:AssumeRoleWithWebIdentity`. Sent unsigned: the token is the proof of identity.
    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil,
        policy: String? = nil
    ) async throws -> AssumedRole {
        try STSValidation.roleARN(roleARN)
        try STSValidation.sessionName(sessionName)
        try STSValidation.duration(durationSeconds)
        guard !webIdentityToken.isEmpty, webIdentityToken.utf8.count <= 20_000 else {
            throw AWSClientError.invalidParameter(name: "WebIdentityToken", reason: "must be 1 to 20000 bytes")
        }
        var parameters = QueryParameters()
        parameters.set("RoleArn", roleARN)
        parameters.set("RoleSessionName", sessionName)
        parameters.set("WebIdentityToken", webIdentityToken)
        parameters.set("DurationSeconds", durationSeconds)
        parameters.set("Policy", policy)
        let result = try await QueryProtocol.call(
            client, service: .sts, action: "AssumeRoleWithWebIdentity", parameters: parameters, signed: false)
        return try AssumedRole(result)
    }

    /// `sts:GetCallerIdentity`.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await QueryProtocol.call(client, service: .sts, action: "GetCallerIdentity")
        return CallerIdentity(
            account: try result.required("Account"), arn: try result.required("Arn"), userID: result.string("UserId") ?? "")
    }
}

/// The parameters of `sts:AssumeRole`.
public struct AssumeRoleRequest: Sendable {
    public var roleARN: String
    /// 2–64 characters of `[\w+=,.@-]` (an e-mail address fits).
    public var sessionName: String
    /// 900 to 43200 seconds; the role's maximum applies.
    public var durationSeconds: Int?
    /// An inline session policy (JSON) that narrows the role's permissions.
    public var policy: String?
    public var policyARNs: [String]
    public var tags: [AWSTag]
    public var transitiveTagKeys: [String]
    public var sourceIdentity: String?
    public var externalID: String?

    public init(
        roleARN: String, sessionName: String, durationSeconds: Int? = nil, policy: String? = nil,
        policyARNs: [String] = [], tags: [AWSTag] = [], transitiveTagKeys: [String] = [],
        sourceIdentity: String? = nil, externalID: String? = nil
    ) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.policyARNs = policyARNs
        self.tags = tags
        self.transitiveTagKeys = transitiveTagKeys
        self.sourceIdentity = sourceIdentity
        self.externalID = externalID
    }

    func validate() throws {
        try STSValidation.roleARN(roleARN)
        try STSValidation.sessionName(sessionName)
        try STSValidation.duration(durationSeconds)
        if let sourceIdentity { try STSValidation.identifier(sourceIdentity, name: "SourceIdentity") }
        if let policy, policy.utf8.count > 2048 {
            throw AWSClientError.invalidParameter(name: "Policy", reason: "longer than 2048 characters")
        }
        guard tags.count <= 50 else { throw AWSClientError.invalidParameter(name: "Tags", reason: "more than 50 tags") }
    }
}

/// The temporary credentials of an assumed role, and who they act as.
public struct AssumedRole: Sendable, CustomStringConvertible {
    public var credentials: AWSCredentials
    /// `arn:aws:sts::111111111111:assumed-role/Role/session`.
    public var assumedRoleARN: String
    public var assumedRoleID: String
    public var sourceIdentity: String?
    public var packedPolicySize: Int?

    init(_ result: XMLTree) throws {
        guard let node = result.child("Credentials") else {
            throw AWSClientError.malformedResponse("\(result.name) has no Credentials")
        }
        guard let expiration = node.date("Expiration") else {
            throw AWSClientError.malformedResponse("\(result.name) credentials have no valid Expiration")
        }
        credentials = AWSCredentials(
            accessKeyID: try node.required("AccessKeyId"), secretAccessKey: try node.required("SecretAccessKey"),
            sessionToken: try node.required("SessionToken"), expiration: expiration)
        assumedRoleARN = result.string("AssumedRoleUser", "Arn") ?? ""
        assumedRoleID = result.string("AssumedRoleUser", "AssumedRoleId") ?? ""
        sourceIdentity = result.string("SourceIdentity")
        packedPolicySize = result.int("PackedPolicySize")
    }

    public var description: String { "AssumedRole(\(assumedRoleARN), \(credentials))" }
}

/// The answer of `sts:GetCallerIdentity`.
public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userID: String
}

/// Input checks for STS parameters, so a bad value fails here with its name instead of as an
/// opaque `ValidationError` from AWS.
enum STSValidation {
    static func roleARN(_ arn: String) throws {
        guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("role/") else {
            throw AWSClientError.invalidParameter(name: "RoleArn", reason: "not an IAM role ARN")
        }
    }

    static func sessionName(_ name: String) throws { try identifier(name, name: "RoleSessionName") }

    static func identifier(_ value: String, name: String) throws {
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_+=,.@-".unicodeScalars.contains(scalar))
        }
        guard (2...64).contains(value.count), allowed else {
            throw AWSClientError.invalidParameter(name: name, reason: "must be 2 to 64 characters of [A-Za-z0-9_+=,.@-]")
        }
    }

    static func duration(_ seconds: Int?) throws {
        if let seconds, !(900...43_200).contains(seconds) {
            throw AWSClientError.invalidParameter(name: "DurationSeconds", reason: "must be 900 to 43200")
        }
    }
}
