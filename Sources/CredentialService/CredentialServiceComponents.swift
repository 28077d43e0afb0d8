public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server credentials` runs for this service, besides its metrics endpoint. The RPC
/// surface is added as the service's issue lands.
public enum CredentialServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        []
    }
}
