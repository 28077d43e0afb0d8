/// A profile of the shared config and credentials files (`AWS_PROFILE`, default `default`).
///
/// A profile with `role_arn` assumes that role with credentials from its `source_profile` (whose
/// static keys win over its own `role_arn`, as in the AWS CLI), its `credential_source`
/// (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`) or its `web_identity_token_file`;
/// otherwise its `aws_access_key_id`/`aws_secret_access_key`/`aws_session_token` are used.
/// `source_profile` chains are followed to any depth and a cycle is an error.
public struct ProfileCredentialSource: CredentialSource {
    let context: CredentialSourceContext
    /// The profile to use; nil means `AWS_PROFILE`, then `default`.
    let profileName: String?

    public var name: String { "profile \(selectedProfile)" }

    public init(context: CredentialSourceContext, profile: String? = nil) {
        self.context = context
        self.profileName = profile
    }

    var selectedProfile: String {
        profileName ?? context.environment["AWS_PROFILE"] ?? context.environment["AWS_DEFAULT_PROFILE"] ?? "default"
    }

    /// Whether a profile was asked for explicitly (then a missing one is an error, not "not configured").
    private var isExplicit: Bool {
        profileName != nil || context.environment["AWS_PROFILE"] != nil || context.environment["AWS_DEFAULT_PROFILE"] != nil
    }

    public func load() async throws -> AWSCredentials? {
        let profiles = try SharedProfiles.load(from: context.environment)
        guard profiles.profile(selectedProfile) != nil else {
            if isExplicit { throw AWSCredentialsError.profileNotFound(selectedProfile) }
            return nil
        }
        return try await resolve(selectedProfile, in: profiles, path: [], preferStatic: false)
    }

    private func resolve(
        _ name: String, in profiles: SharedProfiles, path: [String], preferStatic: Bool
    ) async throws -> AWSCredentials {
        guard !path.contains(name) else { throw AWSCredentialsError.profileCycle(path + [name]) }
        guard let profile = profiles.profile(name) else { throw AWSCredentialsError.profileNotFound(name) }
        let staticKeys = try Self.staticCredentials(profile, name: name)
        if preferStatic, let staticKeys { return staticKeys }

        guard let roleARN = profile["role_arn"] else {
            if let staticKeys { return staticKeys }
            throw AWSCredentialsError.invalidProfile(profile: name, reason: Self.missingCredentialsReason(profile))
        }
        let region = profile["region"]
        if let tokenFile = profile["web_identity_token_file"] {
            let source = WebIdentityCredentialSource(
                context: context, tokenFile: tokenFile, roleARN: roleARN, sessionName: profile["role_session_name"],
                region: region)
            guard let credentials = try await source.load() else {
                throw AWSCredentialsError.invalidProfile(profile: name, reason: "web identity gave no credentials")
            }
            return credentials
        }
        let sourceCredentials: AWSCredentials
        if let sourceProfile = profile["source_profile"] {
            if sourceProfile == name {
                // A profile may name itself as the source: its own static keys then assume its role.
                guard let staticKeys else { throw AWSCredentialsError.profileCycle(path + [name, name]) }
                sourceCredentials = staticKeys
            } else {
                sourceCredentials = try await resolve(sourceProfile, in: profiles, path: path + [name], preferStatic: true)
            }
        } else if let credentialSource = profile["credential_source"] {
            sourceCredentials = try await credentials(from: credentialSource, profile: name)
        } else {
            throw AWSCredentialsError.invalidProfile(
                profile: name, reason: "role_arn needs source_profile, credential_source or web_identity_token_file")
        }
        var request = AssumeRoleRequest(
            roleARN: roleARN, sessionName: profile["role_session_name"] ?? context.defaultSessionName(),
            externalID: profile["external_id"])
        if let duration = profile["duration_seconds"] {
            guard let seconds = Int(duration) else {
                throw AWSCredentialsError.invalidProfile(profile: name, reason: "duration_seconds is not a number")
            }
            request.durationSeconds = seconds
        }
        let assumed = try await context.sts(credentials: sourceCredentials, region: region).assumeRole(request)
        context.logger.debug("assumed role for profile", metadata: [
            "aws.profile": "\(name)", "aws.role": "\(assumed.assumedRoleARN)",
        ])
        return assumed.credentials
    }

    private func credentials(from credentialSource: String, profile: String) async throws -> AWSCredentials {
        let source: any CredentialSource
        switch credentialSource {
        case "Environment": source = EnvironmentCredentialSource(environment: context.environment)
        case "Ec2InstanceMetadata": source = InstanceMetadataCredentialSource(context: context)
        case "EcsContainer": source = ContainerCredentialSource(context: context)
        default:
            throw AWSCredentialsError.invalidProfile(
                profile: profile, reason: "credential_source \"\(credentialSource)\" is not Environment, Ec2InstanceMetadata or EcsContainer")
        }
        guard let credentials = try await source.load() else {
            throw AWSCredentialsError.invalidProfile(profile: profile, reason: "credential_source \(credentialSource) is not available")
        }
        return credentials
    }

    private static func staticCredentials(_ profile: [String: String], name: String) throws -> AWSCredentials? {
        switch (profile["aws_access_key_id"], profile["aws_secret_access_key"]) {
        case (nil, nil):
            return nil
        case (let keyID?, let secret?) where !keyID.isEmpty && !secret.isEmpty:
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
        default:
            throw AWSCredentialsError.invalidProfile(
                profile: name, reason: "aws_access_key_id and aws_secret_access_key must be set together")
        }
    }

    private static func missingCredentialsReason(_ profile: [String: String]) -> String {
        if profile["credential_process"] != nil { return "credential_process is not supported" }
        if profile["sso_session"] != nil || profile["sso_start_url"] != nil { return "SSO profiles are not supported" }
        return "it has neither keys nor role_arn"
    }
}
