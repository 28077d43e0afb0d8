import Synchronization

/// A Lua script run atomically on the server (`EVALSHA`, loading it with `SCRIPT LOAD` the first
/// time and again whenever the server has forgotten it, e.g. after a restart or `SCRIPT FLUSH`).
///
/// Declare each script once (a `static let`) and run it with `RedisClient.evaluate`. The
/// script's source is never logged; errors name the script by `name`.
public final class RedisScript: Sendable {
    /// A short name for errors and logs.
    public let name: String
    /// The Lua source.
    public let source: String
    /// The SHA-1 digest the server reported for the source, once loaded.
    private let digest = Mutex<String?>(nil)

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    var loadedDigest: String? { digest.withLock { $0 } }

    func remember(_ sha: String) { digest.withLock { $0 = sha } }
}

extension RedisClient {
    /// Runs `script` with `keys` (`KEYS[1…]`) and `arguments` (`ARGV[1…]`) and returns its reply.
    /// A Lua error comes back as `RedisError.server` with Redis's message.
    public func evaluate(
        _ script: RedisScript, keys: [RedisArgument] = [], arguments: [RedisArgument] = []
    ) async throws -> RedisValue {
        let tail = [RedisArgument(keys.count)] + keys + arguments
        if let sha = script.loadedDigest {
            do {
                return try await send(["EVALSHA", RedisArgument(sha)] + tail)
            } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
                // The server lost its script cache; load it again below.
            }
        }
        let loaded = try await send(["SCRIPT", "LOAD", RedisArgument(script.source)])
        guard let sha = loaded.string else { throw RedisValue.unexpected(loaded, for: "SCRIPT LOAD \(script.name)") }
        script.remember(sha)
        return try await send(["EVALSHA", RedisArgument(sha)] + tail)
    }
}
