public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server cache` runs for this service, besides its metrics endpoint: the
/// `CacheServer`.
public enum CacheServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        [CacheServer(configuration: configuration, logger: logger)]
    }
}
