import Synchronization
public import Logging
public import PorticoRedis
public import ServiceLifecycle

/// Keeps a process's dynamic configuration current: a write announces the new hash in Redis
/// (`announce`); every watcher reads that key every `pollInterval` (one GET) and reloads from
/// DynamoDB when the hash differs from the one it holds, and reloads anyway every
/// `reloadInterval` in case an announcement was lost (Redis emptied, a write by another tool).
/// A change is seen within `pollInterval` plus one DynamoDB read. Run it as a `Service`; read
/// `document` or pass `onChange`.
public final class DynamicConfigWatcher: Service, Sendable {
    public let store: DynamicConfigStore
    let redis: RedisClient
    let versionKey: String
    let pollInterval: Duration
    let reloadInterval: Duration
    let logger: Logger
    let onChange: @Sendable (DynamicConfigDocument) async -> Void
    private let state = Mutex<(DynamicConfigDocument, sha256: String?)>((DynamicConfigDocument(), nil))

    /// The Redis key the current hash is announced under.
    public static let defaultVersionKey = "portico:dynamic_config:sha256"

    public init(
        store: DynamicConfigStore, redis: RedisClient, versionKey: String = DynamicConfigWatcher.defaultVersionKey,
        pollInterval: Duration = .milliseconds(500), reloadInterval: Duration = .seconds(60), logger: Logger,
        onChange: @escaping @Sendable (DynamicConfigDocument) async -> Void = { _ in }
    ) {
        self.store = store
        self.redis = redis
        self.versionKey = versionKey
        self.pollInterval = pollInterval
        self.reloadInterval = reloadInterval
        self.logger = logger
        self.onChange = onChange
    }

    /// The configuration as last loaded (empty before the first load), and its hash.
    public var document: (DynamicConfigDocument, sha256: String?) { state.withLock { $0 } }

    /// Tells every watcher that `sha256` is now stored.
    public static func announce(_ sha256: String, redis: RedisClient, versionKey: String = defaultVersionKey) async throws {
        _ = try await redis.send(["SET", RedisArgument(versionKey), RedisArgument(sha256)])
    }

    /// Loads now; returns whether the configuration changed.
    @discardableResult
    public func reload() async throws -> Bool {
        let version = try await store.current()
        guard version.sha256 != state.withLock({ $0.sha256 }) else { return false }
        let document: DynamicConfigDocument
        do {
            document = try DynamicConfigSchema.validate(version.text)
        } catch {
            // Stored by another tool without the check: keep what is in force, say so.
            logger.error("stored dynamic configuration is invalid; the previous one stays in force", metadata: ["error": "\(error)"])
            return false
        }
        state.withLock { $0 = (document, version.sha256) }
        logger.info("dynamic configuration loaded", metadata: ["sha256": "\(version.sha256)"])
        await onChange(document)
        return true
    }

    public func run() async throws {
        var lastReload = ContinuousClock.now
        do { try await reload() } catch { logger.warning("dynamic configuration not loaded", metadata: ["error": "\(error)"]) }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: pollInterval)
            do {
                let announced = try await redis.send(["GET", RedisArgument(versionKey)]).string
                let due = ContinuousClock.now - lastReload >= reloadInterval
                if due || (announced != nil && announced != state.withLock({ $0.sha256 })) {
                    lastReload = .now
                    try await reload()
                }
            } catch {
                logger.warning("dynamic configuration not checked", metadata: ["error": "\(error)"])
            }
        }
    }
}

