public import ServiceLifecycle

/// Stands in for a service whose configuration cannot work: running it fails at once with the
/// reason, which stops the process with that message.
public struct UnstartableService: Service {
    /// The error `run()` throws: the reason the service cannot start.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let reason: String

    public init(reason: String) { self.reason = reason }

    public func run() async throws { throw Failure(description: reason) }
}
