import PorticoRedis

/// Makes a written generation current in one atomic step (`CacheScripts.commit`): flips the
/// scope's pointer, records the status, marks the job done, keeps the principal → accounts sets
/// in step for IAM, and hands the replaced generation to the collector after the grace period.
struct GenerationCommitter {
    let redis: RedisClient
    let settings: CacheSettings

    enum Outcome: Sendable, Equatable {
        /// The generation is current; `replaced` is the one it replaced.
        case committed(replaced: String?)
        /// The job had already been completed (by an earlier delivery); nothing changed.
        case duplicate
        /// A newer sweep of the scope is already current; nothing changed.
        case stale
    }

    func commit(
        jobID: String, scope: SweepScope, generation: String, sequence: Int64, status: SweepStatus
    ) async throws -> Outcome {
        let keys = settings.keys
        let reply = try await redis.evaluate(
            CacheScripts.commit,
            keys: [
                keys.pointer(scope.account), keys.status(scope.account), keys.job(jobID), keys.garbage,
                keys.principals(generation),
            ],
            arguments: [
                RedisArgument(keys.prefix), RedisArgument(scope.field), RedisArgument(generation), RedisArgument(sequence),
                RedisArgument(try ItemCoding.encodeJSON(status)), RedisArgument(settings.generationGrace.wholeMilliseconds),
                RedisArgument(settings.jobRecordLifetime.wholeMilliseconds), RedisArgument(scope.account),
                scope.kind == .iam ? "1" : "0",
            ])
        guard case .array(let parts) = reply, parts.count == 2, let outcome = parts[0].string else {
            throw CacheError.corrupt("commit script answered \(reply)")
        }
        switch outcome {
        case "committed":
            let replaced = parts[1].string.flatMap { $0.isEmpty ? nil : $0 }
            return .committed(replaced: replaced)
        case "duplicate": return .duplicate
        case "stale": return .stale
        default: throw CacheError.corrupt("commit script answered \(outcome)")
        }
    }
}
