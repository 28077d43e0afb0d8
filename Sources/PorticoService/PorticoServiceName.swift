public import PorticoConfig
public import PorticoCore

/// One of Portico's services by the name configuration uses for it (`listen.<name>`,
/// `services.<name>`, the identity its service tokens carry). The one place that decides where
/// a service listens and where its callers find its replicas.
public enum PorticoServiceName: String, Sendable, CaseIterable, CustomStringConvertible {
    case gateway, auth, credentials, cache, requests

    /// Where this process serves the service (`listen.<name>`).
    public func listenAddress(in configuration: PorticoConfiguration) -> HostPort {
        switch self {
        case .gateway: configuration.listen.gateway
        case .auth: configuration.listen.auth
        case .credentials: configuration.listen.credentials
        case .cache: configuration.listen.cache
        case .requests: configuration.listen.requests
        }
    }

    /// The fixed replicas callers reach: the `host:port` entries of `services.<name>`, or this
    /// machine's `listen.<name>` when `services` names none, neither fixed nor `dns:` (right for
    /// a single-machine deployment). At least one unless `dnsNames(in:)` names some.
    public func replicas(in configuration: PorticoConfiguration) -> [HostPort] {
        let named: [HostPort] = switch self {
        case .gateway: []
        case .auth: configuration.services.auth
        case .credentials: configuration.services.credentials
        case .cache: configuration.services.cache
        case .requests: configuration.services.requests
        }
        return named.isEmpty && dnsNames(in: configuration).isEmpty ? [listenAddress(in: configuration)] : named
    }

    /// The `dns:HOST:PORT` entries of `services.<name>`: every address HOST resolves to is a replica.
    public func dnsNames(in configuration: PorticoConfiguration) -> [HostPort] {
        configuration.services.dnsNames[rawValue] ?? []
    }

    /// The service's outbound HTTP settings (`http_client.<name>`).
    public func httpClientSettings(in configuration: PorticoConfiguration) -> PorticoConfiguration.HTTPClientSettings {
        switch self {
        case .gateway: configuration.httpClient.gateway
        case .auth: configuration.httpClient.auth
        case .credentials: configuration.httpClient.credentials
        case .cache: configuration.httpClient.cache
        case .requests: configuration.httpClient.requests
        }
    }

    public var description: String { rawValue }
}
