public import Logging
public import PorticoConfig
public import ServiceLifecycle

/// What `portico-server auth` runs for this service, besides its metrics endpoint.
public enum AuthServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        [AuthServer(configuration: configuration, logger: logger)]
    }
}
