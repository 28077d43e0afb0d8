#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address in canonical text form (`10.0.0.1`, `2001:db8::1`), for client
/// addresses and IP restrictions.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Family: Sendable, Hashable { case v4, v6 }

    public let family: Family
    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses an address; accepts IPv6 in brackets and IPv4-mapped IPv6 (`::ffff:10.0.0.1`,
    /// which becomes the IPv4 address). Nil for anything else (names, ports, zone ids).
    public init?(_ text: some StringProtocol) {
        var candidate = String(text)
        if candidate.hasPrefix("["), candidate.hasSuffix("]") { candidate = String(candidate.dropFirst().dropLast()) }
        guard !candidate.isEmpty, candidate.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, candidate, &v4) == 1 {
            family = .v4
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, candidate, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        if raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xff && raw[11] == 0xff {
            family = .v4
            bytes = Array(raw[12..<16])
        } else {
            family = .v6
            bytes = raw
        }
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let domain = family == .v4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(domain, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
