public import Logging
public import ServiceLifecycle
import Synchronization

/// The first step of a process's graceful shutdown: from SIGTERM it marks the process draining
/// (`ProcessDrain.shared`, so every `Readiness` in it, hence `Health/Check` and `/readyz`,
/// reports not-ready) while every listener still accepts, and returns after `drain`, letting
/// the service group close the servers and then the clients. Launchers put it LAST in their
/// service group (a group shuts down in reverse order), so in `portico-server all` every
/// service drains at once rather than one after another.
public struct DrainPhase: Service {
    let drain: Duration
    let logger: Logger

    public init(drain: Duration, logger: Logger) {
        self.drain = drain
        self.logger = logger
    }

    public func run() async throws {
        // Returns on graceful shutdown; throws on cancellation (then nothing is left to drain).
        do { try await gracefulShutdown() } catch { return }
        ProcessDrain.shared.begin()
        guard drain > .zero else { return }
        logger.info("draining: reporting not ready before the listeners close", metadata: ["drain": "\(drain)"])
        try? await Task.sleep(for: drain)
    }
}

/// Whether this process has begun its graceful shutdown (set by `DrainPhase`).
public final class ProcessDrain: Sendable {
    public static let shared = ProcessDrain()
    private let draining = Mutex(false)

    public func begin() { draining.withLock { $0 = true } }
    public var hasBegun: Bool { draining.withLock { $0 } }
}
