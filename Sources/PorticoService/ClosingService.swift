import ServiceLifecycle

/// A client the host built, run as a `Service` so it closes in its place in the `ServiceGroup`:
/// it waits for the graceful shutdown (or cancellation), then closes. Started before the
/// services using it, it stops after them.
struct ClosingService: Service {
    let name: String
    let close: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
