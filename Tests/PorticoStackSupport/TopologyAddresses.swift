import Foundation
public import PorticoCore

/// Loopback addresses for the replicas of `Topology`s: 127.0.0.2 onwards, each handed out once
/// per test process, so every replica (of every topology the process runs) listens on its own
/// address and a `dns:` name can resolve to several of them on the same port.
enum TopologyAddresses {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut = 0

    /// The next unused loopback address, e.g. `127.0.0.7`.
    static func next() -> String {
        let index = lock.withLock {
            handedOut += 1
            return handedOut
        }
        // 127.0.0.2 … 127.0.0.254, then 127.0.1.2 …: never .0, .1 or .255 of a block.
        return "127.0.\(index / 253).\(index % 253 + 2)"
    }
}

/// The hosts-format file a topology names its replicas in (`rpc.dns.hosts_file`): one
/// `ADDRESS SERVICE` line per replica in service, rewritten whole (and atomically) whenever a
/// replica is added or removed, as a DNS answer changes.
struct TopologyHostsFile: Sendable {
    let path: String

    /// Writes `names`, each service name with the addresses answering for it.
    func write(_ names: [(service: String, address: String)]) throws {
        let lines = names.map { "\($0.address) \($0.service)" }
        let text = "# Written by the test Topology: the replicas each dns:SERVICE:PORT entry names.\n"
            + lines.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
