public import Proto

/// Conversions between the cache's Swift values and the `cache.proto` messages.
extension CacheItem {
    init(_ item: InventoryItem) {
        var tags: [String: String] = [:]
        for tag in item.tags { tags[tag.key] = tag.value }
        self.init(
            arn: item.arn, type: item.type.rawValue, name: item.name, accountID: item.accountID, region: item.region ?? "",
            tags: tags, policyDocument: item.policyDocument ?? "",
            inlinePolicies: item.inlinePolicies.map { CacheNamedPolicy(name: $0.name, document: $0.document) },
            attachedPolicies: item.attachedPolicies.map { CacheAttachedPolicy(name: $0.name, arn: $0.arn) },
            groups: item.groups, attributes: item.attributes)
    }
}

extension CacheJob {
    init(id: String, progress: JobProgress?) {
        guard let progress else {
            self.init(id: id, state: .unspecified)
            return
        }
        let state: CacheJobState = switch progress.state {
        case .queued: .queued
        case .running: .running
        case .done: .done
        case .failed: .failed
        }
        self.init(id: id, accountID: progress.account, scope: progress.scope, state: state, error: progress.error ?? "")
    }
}

extension CacheScopeStatus {
    init(_ scope: SweepScope, _ status: SweepStatus) {
        self.init(
            accountID: scope.account, kind: scope.kind.rawValue, region: scope.region ?? "",
            lastSuccessUnixMs: status.lastSuccessAt ?? 0, lastDurationMs: status.lastDurationMilliseconds ?? 0,
            itemCount: UInt64(max(status.itemCount ?? 0, 0)), lastError: status.lastError ?? "",
            lastErrorUnixMs: status.lastErrorAt ?? 0, lastAttemptUnixMs: status.lastAttemptAt ?? 0,
            awsCalls: UInt64(max(status.awsCalls ?? 0, 0)))
    }
}

extension CacheError: RPCErrorConvertible {
    /// The status a caller sees: INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE, FAILED_PRECONDITION or INTERNAL.
    public var rpcError: RPCError {
        switch self {
        case .invalidArgument(let reason): RPCError(.invalidArgument, reason)
        case .notFound(let what): RPCError(.notFound, "\(what) is not in the cache")
        case .unavailable(let reason): RPCError(.unavailable, reason)
        case .corrupt: RPCError(.internal, "cached data could not be read")
        case .notReady(let reason): RPCError(.failedPrecondition, reason)
        }
    }
}
