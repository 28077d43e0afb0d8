public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server cache` runs for this service, besides its metrics endpoint: the sweep
/// scheduler, the worker pool and the cache RPC server (`listen.cache`).
public enum CacheServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        let runtime = CacheRuntime(configuration: configuration, logger: logger)
        return runtime.services
    }
}
