/// The few IAM user operations needed to bootstrap a hub identity (a user, its key, a policy).
extension IAMClient {
    /// `iam:CreateUser`.
    public func createUser(name: String, path: String? = nil) async throws -> IAMUser {
        try IAMValidation.name(name, "UserName")
        var parameters = QueryParameters()
        parameters.set("UserName", name)
        parameters.set("Path", path)
        let result = try await call("CreateUser", parameters)
        guard let user = result.child("User") else { throw AWSClientError.malformedResponse("CreateUser has no User") }
        return try IAMUser(user)
    }

    /// `iam:CreateAccessKey`: a new long-term key pair for the user.
    public func createAccessKey(userName: String) async throws -> AWSCredentials {
        try IAMValidation.name(userName, "UserName")
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        let result = try await call("CreateAccessKey", parameters)
        guard let key = result.child("AccessKey") else {
            throw AWSClientError.malformedResponse("CreateAccessKey has no AccessKey")
        }
        return AWSCredentials(
            accessKeyID: try key.required("AccessKeyId"), secretAccessKey: try key.required("SecretAccessKey"))
    }

    /// `iam:PutUserPolicy`.
    public func putUserPolicy(userName: String, policyName: String, document: String) async throws {
        try IAMValidation.name(userName, "UserName")
        try IAMValidation.name(policyName, "PolicyName")
        try IAMValidation.document(document, "PolicyDocument")
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        parameters.set("PolicyName", policyName)
        parameters.set("PolicyDocument", document)
        _ = try await call("PutUserPolicy", parameters)
    }
}
