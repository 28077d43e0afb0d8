/// `GET /api/v2/roles/{account}/{name}` and `GET /api/v2/users/{account}/{name}`: ConsoleMe's
/// ExtendedAwsPrincipalModel (every field present, `null` where Portico has nothing; booleans
/// as booleans), plus what Portico knows that ConsoleMe did not show: who may get credentials
/// (`credential_grants`), when the item was last read from AWS (`last_swept`), and the pending
/// and temporary grants (`pending_requests`, `temporary_grants`: filled by the RequestService).
public struct InventoryPrincipal: Encodable, Sendable, Hashable {
    public struct NamedPolicy: Encodable, Sendable, Hashable {
        public var policyName: String
        public var policyDocument: InventoryJSON
        public init(policyName: String, policyDocument: InventoryJSON) {
            self.policyName = policyName
            self.policyDocument = policyDocument
        }
        enum CodingKeys: String, CodingKey { case policyName = "PolicyName", policyDocument = "PolicyDocument" }
    }

    public struct ManagedPolicy: Encodable, Sendable, Hashable {
        public var policyName: String
        public var policyARN: String
        public init(policyName: String, policyARN: String) {
            self.policyName = policyName
            self.policyARN = policyARN
        }
        enum CodingKeys: String, CodingKey { case policyName = "PolicyName", policyARN = "PolicyArn" }
    }

    public struct Tag: Encodable, Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
        enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
    }

    public struct CredentialGrant: Encodable, Sendable, Hashable {
        public var principal: String
        public var cliOnly: Bool
        /// `tag:<key>` or `group_mapping`.
        public var source: String
        public init(principal: String, cliOnly: Bool, source: String) {
            self.principal = principal
            self.cliOnly = cliOnly
            self.source = source
        }
        enum CodingKeys: String, CodingKey { case principal, cliOnly = "cli_only", source }
    }

    public var name: String
    public var accountID: String
    public var accountName: String
    public var arn: String
    public var inlinePolicies: [NamedPolicy]
    public var assumeRolePolicyDocument: InventoryJSON?
    public var managedPolicies: [ManagedPolicy]
    /// `{PermissionsBoundaryType, PermissionsBoundaryArn}` or `{}`.
    public var permissionsBoundary: [String: String]
    public var tags: [Tag]
    public var createdTime: String?
    public var description: String?
    public var maxSessionDuration: Int?
    /// A user's groups.
    public var groups: [String]?
    public var credentialGrants: [CredentialGrant]
    /// ISO 8601, UTC.
    public var lastSwept: String?
    /// A role's denied calls, most frequent first (`cloudtrail_details.errors.cloudtrail_errors`).
    public var cloudtrailErrors: [CloudTrailError] = []

    public init(
        name: String, accountID: String, accountName: String, arn: String, inlinePolicies: [NamedPolicy],
        assumeRolePolicyDocument: InventoryJSON?, managedPolicies: [ManagedPolicy], permissionsBoundary: [String: String],
        tags: [Tag], createdTime: String?, description: String?, maxSessionDuration: Int?, groups: [String]?,
        credentialGrants: [CredentialGrant], lastSwept: String?
    ) {
        self.name = name
        self.accountID = accountID
        self.accountName = accountName
        self.arn = arn
        self.inlinePolicies = inlinePolicies
        self.assumeRolePolicyDocument = assumeRolePolicyDocument
        self.managedPolicies = managedPolicies
        self.permissionsBoundary = permissionsBoundary
        self.tags = tags
        self.createdTime = createdTime
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.groups = groups
        self.credentialGrants = credentialGrants
        self.lastSwept = lastSwept
    }

    enum CodingKeys: String, CodingKey {
        case name, arn, tags, description, owner, apps, templated, groups
        case accountID = "account_id", accountName = "account_name", inlinePolicies = "inline_policies"
        case assumeRolePolicyDocument = "assume_role_policy_document", managedPolicies = "managed_policies"
        case permissionsBoundary = "permissions_boundary", createdTime = "created_time", updatedTime = "updated_time"
        case lastUsedTime = "last_used_time", cloudtrailDetails = "cloudtrail_details", s3Details = "s3_details"
        case configTimelineURL = "config_timeline_url", templateLink = "template_link"
        case maxSessionDuration = "max_session_duration", credentialGrants = "credential_grants", lastSwept = "last_swept"
        case pendingRequests = "pending_requests", temporaryGrants = "temporary_grants"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(accountName, forKey: .accountName)
        try c.encode(arn, forKey: .arn)
        try c.encode(inlinePolicies, forKey: .inlinePolicies)
        try c.encode(assumeRolePolicyDocument, forKey: .assumeRolePolicyDocument)
        try c.encode(managedPolicies, forKey: .managedPolicies)
        try c.encode(permissionsBoundary, forKey: .permissionsBoundary)
        try c.encode(tags, forKey: .tags)
        try c.encode(createdTime, forKey: .createdTime)
        try c.encodeNil(forKey: .updatedTime)
        try c.encodeNil(forKey: .lastUsedTime)
        try c.encode(description, forKey: .description)
        try c.encodeNil(forKey: .owner)
        try c.encode(["app_details": [String]()], forKey: .apps)
        try c.encode(CloudTrailDetails(errors: .init(cloudtrailErrors: cloudtrailErrors)), forKey: .cloudtrailDetails)
        try c.encode(
            ["query_url": InventoryJSON.null, "error_url": .null, "errors": .object(["s3_errors": .array([])])], forKey: .s3Details)
        try c.encodeNil(forKey: .configTimelineURL)
        try c.encode(false, forKey: .templated)
        try c.encodeNil(forKey: .templateLink)
        try c.encode(maxSessionDuration, forKey: .maxSessionDuration)
        if let groups { try c.encode(groups, forKey: .groups) }
        try c.encode(credentialGrants, forKey: .credentialGrants)
        try c.encode(lastSwept, forKey: .lastSwept)
        // Pending requests and temporary grants live in the RequestService (issue 12); the
        // inventory answers them empty until the gateway asks it.
        try c.encode([InventoryJSON](), forKey: .pendingRequests)
        try c.encode([InventoryJSON](), forKey: .temporaryGrants)
    }
}

/// `GET /api/v2/resources/{account}/{s3|sqs|sns|managed_policy}[/{region}]/{name}`: ConsoleMe's
/// shape with `can_save_delete` a boolean (ConsoleMe sent a one-element array), plus
/// `last_swept`.
public struct InventoryResource: Encodable, Sendable, Hashable {
    public var arn: String
    public var resourceDetails: [String: InventoryJSON]
    public var accountID: String
    public var accountName: String
    public var canSaveDelete: Bool
    public var lastSwept: String?

    public init(
        arn: String, resourceDetails: [String: InventoryJSON], accountID: String, accountName: String, canSaveDelete: Bool,
        lastSwept: String?
    ) {
        self.arn = arn
        self.resourceDetails = resourceDetails
        self.accountID = accountID
        self.accountName = accountName
        self.canSaveDelete = canSaveDelete
        self.lastSwept = lastSwept
    }

    enum CodingKeys: String, CodingKey {
        case arn, resourceDetails = "resource_details", accountID = "account_id", accountName = "account_name"
        case readOnly = "read_only", canSaveDelete = "can_save_delete", s3Errors = "s3_errors", errorURL = "error_url"
        case configTimelineURL = "config_timeline_url", lastSwept = "last_swept"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(arn, forKey: .arn)
        try c.encode(resourceDetails, forKey: .resourceDetails)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(accountName, forKey: .accountName)
        try c.encode(false, forKey: .readOnly)
        try c.encode(canSaveDelete, forKey: .canSaveDelete)
        try c.encode([String](), forKey: .s3Errors)
        try c.encodeNil(forKey: .errorURL)
        try c.encodeNil(forKey: .configTimelineURL)
        try c.encode(lastSwept, forKey: .lastSwept)
    }
}

/// ConsoleMe's WebResponse: `{status, reason, redirect_url, status_code, message, errors, count,
/// total, page, last_page, data}` (get_resource_url, managed policies).
public struct InventoryWebResponse: Encodable, Sendable, Hashable {
    public var statusCode: Int
    public var message: String?
    public var errors: [String]?
    public var data: InventoryJSON?

    public init(statusCode: Int = 200, message: String? = nil, errors: [String]? = nil, data: InventoryJSON?) {
        self.statusCode = statusCode
        self.message = message
        self.errors = errors
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case status, reason, redirectURL = "redirect_url", statusCode = "status_code", message, errors, count, total, page
        case lastPage = "last_page", data
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(statusCode < 400 ? "success" : "error", forKey: .status)
        try c.encodeNil(forKey: .reason)
        try c.encodeNil(forKey: .redirectURL)
        try c.encode(statusCode, forKey: .statusCode)
        try c.encode(message, forKey: .message)
        try c.encode(errors, forKey: .errors)
        for key in [CodingKeys.count, .total, .page, .lastPage] { try c.encodeNil(forKey: key) }
        try c.encode(data, forKey: .data)
    }
}

/// `cloudtrail_details`: `{error_url: null, errors: {cloudtrail_errors: [...]}}`.
struct CloudTrailDetails: Encodable {
    struct Errors: Encodable {
        var cloudtrailErrors: [CloudTrailError]
        enum CodingKeys: String, CodingKey { case cloudtrailErrors = "cloudtrail_errors" }
    }
    var errors: Errors
    enum CodingKeys: String, CodingKey { case errorURL = "error_url", errors }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNil(forKey: .errorURL)
        try c.encode(errors, forKey: .errors)
    }
}
