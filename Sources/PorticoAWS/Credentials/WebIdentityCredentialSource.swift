import Foundation

/// `AssumeRoleWithWebIdentity` with the token in `AWS_WEB_IDENTITY_TOKEN_FILE` for the role in
/// `AWS_ROLE_ARN` (EKS service accounts, GitHub OIDC…). The file is read on every load, since the
/// platform rotates the token.
public struct WebIdentityCredentialSource: CredentialSource {
    let context: CredentialSourceContext
    let tokenFile: String?
    let roleARN: String?
    let sessionName: String?
    let region: String?
    public var name: String { "web identity" }

    /// From the environment variables.
    public init(context: CredentialSourceContext) {
        self.context = context
        tokenFile = context.environment["AWS_WEB_IDENTITY_TOKEN_FILE"]
        roleARN = context.environment["AWS_ROLE_ARN"]
        sessionName = context.environment["AWS_ROLE_SESSION_NAME"]
        region = nil
    }

    /// From a profile's `web_identity_token_file` and `role_arn`.
    init(context: CredentialSourceContext, tokenFile: String, roleARN: String, sessionName: String?, region: String?) {
        self.context = context
        self.tokenFile = tokenFile
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.region = region
    }

    public func load() async throws -> AWSCredentials? {
        guard let tokenFile, let roleARN else {
            if tokenFile != nil || roleARN != nil {
                throw AWSCredentialsError.sourceFailed(
                    source: name, reason: "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN must be set together")
            }
            return nil
        }
        guard let text = try context.environment.readText(tokenFile, purpose: name) else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "token file \(tokenFile) does not exist")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw AWSCredentialsError.sourceFailed(source: name, reason: "token file \(tokenFile) is empty")
        }
        let assumed = try await context.anonymousSTS(region: region).assumeRoleWithWebIdentity(
            roleARN: roleARN, sessionName: sessionName ?? context.defaultSessionName(), webIdentityToken: token)
        context.logger.debug("assumed role with web identity", metadata: ["aws.role": "\(assumed.assumedRoleARN)"])
        return assumed.credentials
    }
}
