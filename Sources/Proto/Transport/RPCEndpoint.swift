public import PorticoCore

/// A `host:port` a server listens on or a client connects to (`listen.*` and `services.*` in
/// the configuration): the shared `HostPort`, under the name the RPC runtime's API has used.
public typealias RPCEndpoint = HostPort

/// Why a `host:port` text is not an endpoint.
public typealias RPCEndpointParseError = HostPortParseError
