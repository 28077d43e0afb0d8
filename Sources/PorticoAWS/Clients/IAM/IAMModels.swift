public import Foundation
import PorticoCore

/// An IAM role as IAM describes it. Policy documents are decoded JSON text (IAM sends them
/// URL-encoded).
public struct IAMRole: Sendable, Equatable {
    public var roleName: String
    public var roleID: String
    public var arn: String
    public var path: String
    public var createDate: Date?
    /// The trust policy (JSON). `ListRoles` may omit it.
    public var assumeRolePolicyDocument: String?
    public var description: String?
    public var maxSessionDuration: Int?
    public var permissionsBoundaryARN: String?
    /// Tags. `ListRoles` does not return them; `GetRole` and the authorization details do.
    public var tags: [AWSTag]
    public var lastUsedDate: Date?

    init(_ node: XMLTree) throws {
        roleName = try node.required("RoleName")
        roleID = node.string("RoleId") ?? ""
        arn = try node.required("Arn")
        path = node.string("Path") ?? "/"
        createDate = node.date("CreateDate")
        assumeRolePolicyDocument = try node.string("AssumeRolePolicyDocument").map(PolicyDocumentText.decode)
        description = node.string("Description")
        maxSessionDuration = node.int("MaxSessionDuration")
        permissionsBoundaryARN = node.string("PermissionsBoundary", "PermissionsBoundaryArn")
        tags = node.child("Tags")?.tags ?? []
        lastUsedDate = node["RoleLastUsed"]?.date("LastUsedDate")
    }
}

/// An inline policy embedded in a role, user or group.
public struct InlinePolicy: Sendable, Equatable {
    public var name: String
    /// The policy (JSON).
    public var document: String

    public init(name: String, document: String) {
        self.name = name
        self.document = document
    }
}

/// A managed policy attached to a role, user or group.
public struct AttachedPolicy: Sendable, Equatable, Hashable {
    public var policyName: String
    public var policyARN: String

    init(_ node: XMLTree) throws {
        policyName = node.string("PolicyName") ?? ""
        policyARN = try node.required("PolicyArn")
    }
}

/// An instance profile and the roles in it.
public struct InstanceProfile: Sendable, Equatable {
    public var name: String
    public var id: String
    public var arn: String
    public var path: String
    public var roleNames: [String]

    init(_ node: XMLTree) throws {
        name = try node.required("InstanceProfileName")
        id = node.string("InstanceProfileId") ?? ""
        arn = try node.required("Arn")
        path = node.string("Path") ?? "/"
        roleNames = node.child("Roles")?.members.compactMap { $0.string("RoleName") } ?? []
    }
}

/// A managed policy (customer or AWS managed), without its document.
public struct ManagedPolicy: Sendable, Equatable {
    public var policyName: String
    public var policyID: String
    public var arn: String
    public var path: String
    public var defaultVersionID: String
    public var attachmentCount: Int
    public var permissionsBoundaryUsageCount: Int
    public var isAttachable: Bool
    public var description: String?
    public var createDate: Date?
    public var updateDate: Date?

    init(_ node: XMLTree) throws {
        arn = try node.required("Arn")
        // The name is the ARN's last path segment; some emulators leave PolicyName out.
        guard let name = node.string("PolicyName") ?? arn.split(separator: "/").last.map(String.init) else {
            throw AWSClientError.malformedResponse("\(node.name) has no PolicyName")
        }
        policyName = name
        policyID = node.string("PolicyId") ?? ""
        path = node.string("Path") ?? "/"
        defaultVersionID = node.string("DefaultVersionId") ?? ""
        attachmentCount = node.int("AttachmentCount") ?? 0
        permissionsBoundaryUsageCount = node.int("PermissionsBoundaryUsageCount") ?? 0
        isAttachable = node.bool("IsAttachable") ?? true
        description = node.string("Description")
        createDate = node.date("CreateDate")
        updateDate = node.date("UpdateDate")
    }
}

/// One version of a managed policy, with its document (JSON).
public struct PolicyVersion: Sendable, Equatable {
    public var versionID: String
    public var document: String?
    public var isDefaultVersion: Bool
    public var createDate: Date?

    init(_ node: XMLTree) throws {
        versionID = try node.required("VersionId")
        document = try node.string("Document").map(PolicyDocumentText.decode)
        isDefaultVersion = node.bool("IsDefaultVersion") ?? false
        createDate = node.date("CreateDate")
    }
}

/// An IAM user (created here only to bootstrap a hub identity).
public struct IAMUser: Sendable, Equatable {
    public var userName: String
    public var userID: String
    public var arn: String
    public var path: String

    init(_ node: XMLTree) throws {
        userName = try node.required("UserName")
        userID = node.string("UserId") ?? ""
        arn = try node.required("Arn")
        path = node.string("Path") ?? "/"
    }
}

/// IAM policy documents travel URL-encoded (RFC 3986) in IAM's answers.
enum PolicyDocumentText {
    /// The JSON text of a document as IAM sent it. Text that already reads as JSON is kept as it
    /// is (some emulators skip the encoding); anything else must decode cleanly.
    static func decode(_ text: String) throws -> String {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        if trimmed.hasPrefix("{") { return text }
        guard let decoded = PercentEncoding.decode(text) else {
            throw AWSClientError.malformedResponse("a policy document is not URL-encoded UTF-8")
        }
        return decoded
    }
}
