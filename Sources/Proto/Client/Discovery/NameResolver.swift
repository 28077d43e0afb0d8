/// Answers which addresses a host name has now: what an RPC client asks for every
/// `dns:HOST:PORT` replica entry, at start, every `RPCClient.Resolution.interval` and after a
/// connection to one of the name's addresses fails. Implementations must not block the caller's
/// thread (the Swift cooperative pool, or an event loop).
public protocol NameResolver: Sendable {
    /// Every address (numeric IPv4 or IPv6 text) `host` has, in the order the resolver gives.
    /// - Throws: `NameResolutionError` when the name does not resolve (or the lookup fails).
    func addresses(of host: String) async throws(NameResolutionError) -> [String]
}

/// Why a name gave no addresses.
public struct NameResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var reason: String

    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }

    public var description: String { "cannot resolve \(host): \(reason)" }
}
