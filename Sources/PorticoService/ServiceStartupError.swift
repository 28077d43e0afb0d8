/// Why a service refuses to start: configuration it cannot run with, naming the key to fix and
/// what is wrong with it. Never carries a secret's value.
public struct ServiceStartupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration key at fault, e.g. `rpc.secret` or `rpc.clients.billing`.
    public var key: String
    /// What is wrong with it, in a sentence that follows the key.
    public var problem: String

    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "config key '\(key)': \(problem)" }
}
