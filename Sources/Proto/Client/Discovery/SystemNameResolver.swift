public import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's resolver (`getaddrinfo`: /etc/hosts, then DNS as nsswitch says): every A and
/// AAAA record of a name, which is what a Kubernetes headless Service and compose's service DNS
/// answer with one record per replica. `getaddrinfo` blocks, so each lookup runs on a thread
/// pool of its own, never on an event loop or the cooperative pool.
public struct SystemNameResolver: NameResolver {
    private let threadPool: NIOThreadPool

    /// - Parameter threadPool: where lookups block (NIO's shared pool by default).
    public init(threadPool: NIOThreadPool = .singleton) {
        self.threadPool = threadPool
    }

    public func addresses(of host: String) async throws(NameResolutionError) -> [String] {
        let outcome: Result<[String], NameResolutionError>
        do {
            outcome = try await threadPool.runIfActive { Self.lookUp(host) }
        } catch {
            throw NameResolutionError(host: host, reason: "the resolver's thread pool is stopped")
        }
        return try outcome.get()
    }

    /// Blocking: one `getaddrinfo` call, deduplicated numeric addresses in answer order.
    static func lookUp(_ host: String) -> Result<[String], NameResolutionError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let list else {
            return .failure(NameResolutionError(host: host, reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var seen: Set<String> = []
        var addresses: [String] = []
        var next: UnsafeMutablePointer<addrinfo>? = list
        while let entry = next {
            next = entry.pointee.ai_next
            guard let address = entry.pointee.ai_addr, let text = numericHost(address, length: entry.pointee.ai_addrlen) else {
                continue
            }
            if seen.insert(text).inserted { addresses.append(text) }
        }
        guard !addresses.isEmpty else { return .failure(NameResolutionError(host: host, reason: "no A or AAAA records")) }
        return .success(addresses)
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        return String(cString: buffer)
    }
}
