public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server cache` runs for this service, besides its metrics endpoint. The RPC
/// surface is added as the service's issue lands.
public enum CacheServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        []
    }
}
