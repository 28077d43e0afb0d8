public import NIOPosix

/// Answers names from a hosts-format file read afresh at every lookup (`ADDRESS NAME…` per line,
/// `#` comments; every line naming the host adds its address, in file order), and every other
/// name from `fallback`. For running a replicated topology on one machine, where /etc/hosts
/// cannot be edited: configured with `rpc.dns.hosts_file`, and editing the file adds and removes
/// replicas just as a DNS answer changing does. The file is read on a thread pool, never on an
/// event loop or the cooperative pool.
public struct HostsFileResolver: NameResolver {
    public let path: String
    private let fallback: any NameResolver
    private let threadPool: NIOThreadPool

    public init(path: String, fallback: any NameResolver = SystemNameResolver(), threadPool: NIOThreadPool = .singleton) {
        self.path = path
        self.fallback = fallback
        self.threadPool = threadPool
    }

    public func addresses(of host: String) async throws(NameResolutionError) -> [String] {
        let path = self.path
        let text: String?
        do {
            text = try await threadPool.runIfActive { Self.read(path) }
        } catch {
            throw NameResolutionError(host: host, reason: "the resolver's thread pool is stopped")
        }
        guard let text else { throw NameResolutionError(host: host, reason: "cannot read the hosts file \(path)") }
        let found = Self.addresses(of: host, inHostsText: text)
        return found.isEmpty ? try await fallback.addresses(of: host) : found
    }

    /// The addresses lines of `text` give `host` (case-insensitive), deduplicated, in file order.
    public static func addresses(of host: String, inHostsText text: String) -> [String] {
        let wanted = host.lowercased()
        var addresses: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields.dropFirst().contains(where: { $0.lowercased() == wanted }) else { continue }
            let address = String(fields[0])
            if !addresses.contains(address) { addresses.append(address) }
        }
        return addresses
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count { break }
            if bytes.count > 1 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
