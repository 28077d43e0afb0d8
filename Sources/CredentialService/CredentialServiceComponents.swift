public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server credentials` runs for this service, besides its metrics endpoint: the
/// `CredentialServer`, which asks the cache's replicas (`services.cache`) for eligible roles.
public enum CredentialServiceComponents {
    /// The identity the credential service's calls to other services carry.
    public static let serviceIdentity = "credentials"

    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        [CredentialServer(configuration: configuration, logger: logger)]
    }
}
