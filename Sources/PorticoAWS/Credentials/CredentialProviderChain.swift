/// The standard AWS provider chain: the first configured source in order wins — environment,
/// shared profile (with role chains), web identity, container endpoint, IMDSv2.
///
/// Each call asks the sources afresh; wrap the chain in `RefreshingCredentialProvider` (as
/// `hub(context:)` does) to cache and renew ahead of expiry.
public struct CredentialProviderChain: AWSCredentialProvider {
    public let sources: [any CredentialSource]

    public init(sources: [any CredentialSource]) { self.sources = sources }

    /// The standard order.
    public static func standard(context: CredentialSourceContext) -> CredentialProviderChain {
        CredentialProviderChain(sources: [
            EnvironmentCredentialSource(environment: context.environment),
            ProfileCredentialSource(context: context),
            WebIdentityCredentialSource(context: context),
            ContainerCredentialSource(context: context),
            InstanceMetadataCredentialSource(context: context),
        ])
    }

    /// The hub's credentials: the standard chain, cached and refreshed 5 minutes before expiry.
    public static func hub(context: CredentialSourceContext) -> RefreshingCredentialProvider {
        RefreshingCredentialProvider(source: standard(context: context), now: context.runtime.now)
    }

    public func credentials() async throws -> AWSCredentials {
        for source in sources {
            if let credentials = try await source.load() { return credentials }
        }
        throw AWSCredentialsError.noCredentials(tried: sources.map(\.name))
    }
}
