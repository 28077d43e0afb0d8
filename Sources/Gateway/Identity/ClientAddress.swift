import Foundation
public import PorticoConfig
public import PorticoCore

/// Where a request really came from. Behind proxies (the ALB counts as one), each proxy appends
/// the address it received the request from to `X-Forwarded-For`; only the entries added by the
/// configured number of trusted proxies are believed, counting from the right, because anything
/// further left was written by the client and can be forged.
public enum ClientAddress {
    /// - Parameters:
    ///   - socketPeer: the address of the TCP peer.
    ///   - forwardedFor: every `X-Forwarded-For` header value, in order.
    ///   - trustedProxyHops: `auth.trusted_proxy_hops`.
    /// - Returns: the client address, or nil when it cannot be determined.
    public static func resolve(socketPeer: String?, forwardedFor: [String], trustedProxyHops: Int) -> IPAddress? {
        let peer = socketPeer.flatMap(IPAddress.init)
        guard trustedProxyHops > 0 else { return peer }
        let entries = forwardedFor
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        // Fewer entries than trusted hops: the request did not come through every proxy, so
        // the TCP peer is the closest thing to the truth.
        guard entries.count >= trustedProxyHops else { return peer }
        return IPAddress(entries[entries.count - trustedProxyHops])
    }
}
