import Synchronization

/// The servers a benchmark started, to stop (last started first) at the end, on an error, or
/// from a signal handler on another thread.
public final class StartedServers: Sendable {
    private let servers = Mutex<[ChildProcess]>([])

    public init() {}

    public func add(_ server: ChildProcess) {
        servers.withLock { $0.append(server) }
    }

    /// Stops every server added so far; each stops once.
    public func stopAll() {
        let running = servers.withLock { servers in
            defer { servers.removeAll() }
            return servers
        }
        for server in running.reversed() { server.stop() }
    }
}
