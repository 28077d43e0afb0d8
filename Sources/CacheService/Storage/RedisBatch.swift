import PorticoRedis

/// Collects commands and sends them in pipelines of bounded size, so writing thousands of items
/// takes a few round trips without building one huge request. Any error reply fails the batch.
struct RedisBatch {
    let redis: RedisClient
    var limit = 256
    private(set) var commands: [[RedisArgument]] = []

    init(redis: RedisClient, limit: Int = 256) {
        self.redis = redis
        self.limit = limit
    }

    mutating func add(_ command: [RedisArgument]) async throws {
        commands.append(command)
        if commands.count >= limit { try await flush() }
    }

    mutating func flush() async throws {
        guard !commands.isEmpty else { return }
        let replies = try await redis.pipeline(commands)
        commands.removeAll(keepingCapacity: true)
        if let message = replies.lazy.compactMap(\.errorMessage).first {
            throw CacheError.unavailable("Redis refused a cache write: \(message)")
        }
    }
}

extension RedisClient {
    /// The server's clock in epoch milliseconds (the clock every replica agrees on).
    func serverMilliseconds() async throws -> Int64 {
        let reply = try await evaluate(CacheScripts.now)
        guard let value = reply.int else { throw CacheError.corrupt("TIME script returned \(reply)") }
        return value
    }
}
