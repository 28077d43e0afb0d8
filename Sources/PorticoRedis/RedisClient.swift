public import Logging
import NIOPosix
import Synchronization

/// A Redis client for every Portico service: a pool of hiredis connections driven from async code.
///
/// Each of the `poolSize` connections is used by one thread at a time; blocking hiredis calls
/// run on the client's own `NIOThreadPool` (one thread per connection), never on an event loop
/// or the Swift cooperative pool. When every connection is busy, callers wait in arrival order.
///
/// Connection lifecycle, exactly:
/// - Connections are made lazily, on first use of a slot, with `connectTimeout`; each new
///   connection sends `AUTH` (when a password is set) and `SELECT db` (when db is not 0) before
///   any command. A failure there is `RedisError.connectionFailed`.
/// - Before a command is written to a pooled connection, the connection is checked: if hiredis
///   recorded an error, or the socket is readable (the server closed it, e.g. it was restarted or
///   killed), it is discarded and the command goes to a fresh connection instead. So after a
///   server restart, the next command on each stale connection is not lost: nothing was sent on
///   the dead socket, and the command is sent once, on the new connection.
/// - A connection that fails while a command is in flight is discarded and the call throws
///   `connectionLost` (the command may or may not have run; it is not retried, because it may not
///   be idempotent). A command that exceeds `commandTimeout` throws `timeout` and its connection
///   is discarded too, as its state is unknown.
/// - After a failed connect, further connects (from any slot) wait an exponential backoff
///   (`reconnect.initialDelay` doubling up to `reconnect.maxDelay`); calls arriving meanwhile fail
///   with `connectionFailed` — at once, or, with `reconnect.rideThrough`, once Redis has not taken
///   a connection for that long (a call that sent nothing waits and tries again, off the pool's
///   threads). The first successful connect clears it.
///   The client recovers on its own; it logs the first failure as a warning and the recovery at
///   info, never the password.
///
/// Call `shutdown()` when done with the client.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let logger: Logger
    private let threadPool: NIOThreadPool
    private let pool: ConnectionPool
    private let backoff: Mutex<ReconnectBackoff>
    private let isShutDown = Mutex(false)
    /// Set when the configuration cannot work; every call then throws it.
    private let configurationError: RedisError?

    public init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "redis.endpoint"] = "\(configuration.host):\(configuration.port)"
        logger[metadataKey: "redis.db"] = "\(configuration.db)"
        self.logger = logger
        let poolSize = min(max(configuration.poolSize, 1), RedisConfiguration.maxPoolSize)
        self.pool = ConnectionPool(size: poolSize)
        self.backoff = Mutex(ReconnectBackoff(policy: configuration.reconnect))
        self.threadPool = NIOThreadPool(numberOfThreads: poolSize)
        do {
            try configuration.validate()
            self.configurationError = nil
            threadPool.start()
        } catch {
            self.configurationError = error
            logger.error("Redis client configuration is invalid", metadata: ["redis.error": "\(error)"])
        }
    }

    deinit {
        // Normally `shutdown()` ran already; otherwise stop the threads here (no call can be in
        // flight: each one holds a reference to the client).
        if configurationError == nil, !isShutDown.withLock({ $0 }) {
            threadPool.shutdownGracefully { _ in }
        }
    }

    /// Sends one command and returns its reply.
    ///
    /// An error reply throws `RedisError.server` with Redis's message. See the type's
    /// documentation for connection failures, timeouts and reconnects.
    ///
    /// Connections are pooled, so commands that change a connection's state for later commands
    /// (`SELECT`, `AUTH`, `SUBSCRIBE`, `MULTI` outside one pipeline, `CLIENT REPLY`, `QUIT`) do
    /// not belong here: the database and credentials come from the configuration.
    public func send(_ command: [RedisArgument]) async throws -> RedisValue {
        guard !command.isEmpty else { throw RedisError.invalidCommand("empty command") }
        let reply = try await withConnection { connection throws(RedisError) in try connection.execute(command) }
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    /// Sends one command given as separate arguments: `send("INCR", key)`.
    public func send(_ arguments: RedisArgument...) async throws -> RedisValue {
        try await send(arguments)
    }

    /// Sends a batch of commands in one round trip on one connection and returns their replies in
    /// order. An error reply stays a `.error` value at its place and does not disturb the others;
    /// the call throws only when the connection fails (then none of the replies is returned, and
    /// any prefix of the batch may have run). The commands are not a transaction: other clients'
    /// commands may interleave (wrap in `MULTI`/`EXEC` for atomicity).
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisValue] {
        if commands.isEmpty { return [] }
        if let index = commands.firstIndex(where: \.isEmpty) {
            throw RedisError.invalidCommand("command \(index) of the pipeline is empty")
        }
        return try await withConnection { connection throws(RedisError) in try connection.execute(pipeline: commands) }
    }

    /// Closes every connection and stops the client's threads. Waiting and later calls throw
    /// `RedisError.shutdown`; commands already running on a connection finish first.
    public func shutdown() async {
        let first = isShutDown.withLock { shutDown in
            defer { shutDown = true }
            return !shutDown
        }
        guard first else { return }
        pool.close()
        if configurationError == nil {
            try? await threadPool.shutdownGracefully()
        }
        logger.debug("Redis client shut down")
    }

    // MARK: Running commands on a pooled connection

    /// Runs `body` on a pooled connection (`onePooledRun`); while Redis takes no connection, tries
    /// again until `reconnect.rideThrough` has passed.
    private func withConnection<Value: Sendable>(
        _ body: @escaping @Sendable (RedisConnection) throws(RedisError) -> Value
    ) async throws -> Value {
        let deadline = ContinuousClock.now + configuration.reconnect.rideThrough
        while true {
            do {
                return try await onePooledRun(body)
            } catch RedisError.connectionFailed(let host, let port, let reason) {
                // Nothing was sent: waiting for Redis to come back runs the command once, later.
                let now = ContinuousClock.now
                guard now < deadline else { throw RedisError.connectionFailed(host: host, port: port, reason: reason) }
                let wait = backoff.withLock { $0.remainingDelay(at: now) } ?? configuration.reconnect.initialDelay
                try await Task.sleep(for: min(wait, deadline - now))
            }
        }
    }

    /// One attempt: takes a slot, runs `body` on the thread pool with a live connection, and
    /// gives the slot back (with the connection, unless it failed).
    private func onePooledRun<Value: Sendable>(
        _ body: @escaping @Sendable (RedisConnection) throws(RedisError) -> Value
    ) async throws -> Value {
        if let configurationError { throw configurationError }
        let lent = try await pool.take()
        let outcome: (Result<Value, RedisError>, RedisConnection?)
        do {
            outcome = try await threadPool.runIfActive { [self] in self.run(body, on: lent) }
        } catch {
            // The job never ran: cancelled while queued, or the thread pool stopped.
            pool.giveBack(lent)
            if isShutDown.withLock({ $0 }) { throw RedisError.shutdown }
            throw error
        }
        pool.giveBack(outcome.1)
        return try outcome.0.get()
    }

    /// On a pool thread: replaces a stale or missing connection, then runs `body`. Returns the
    /// result and the connection to keep (nil when it failed and was discarded).
    private func run<Value>(
        _ body: (RedisConnection) throws(RedisError) -> Value, on lent: RedisConnection?
    ) -> (Result<Value, RedisError>, RedisConnection?) {
        BrokenPipeSignal.blockOnCurrentThread()
        var connection = lent
        if let pooled = connection, !pooled.isReusable {
            logger.info("Redis connection was closed while idle; using a new one")
            connection = nil
        }
        let live: RedisConnection
        switch connection {
        case .some(let pooled): live = pooled
        case .none:
            switch connect() {
            case .success(let fresh): live = fresh
            case .failure(let error): return (.failure(error), nil)
            }
        }
        do throws(RedisError) {
            return (.success(try body(live)), live)
        } catch {
            logger.warning("Redis connection discarded after a failed command", metadata: ["redis.error": "\(error)"])
            return (.failure(error), nil)
        }
    }

    /// Opens a connection unless the reconnect backoff holds attempts back.
    private func connect() -> Result<RedisConnection, RedisError> {
        let heldBack = backoff.withLock { backoff in
            backoff.remainingDelay(at: .now).map { (remaining: $0, failures: backoff.consecutiveFailures) }
        }
        if let (remaining, failures) = heldBack {
            return .failure(.connectionFailed(
                host: configuration.host, port: configuration.port,
                reason: "\(failures) connect attempt(s) failed; next attempt in \(remaining.milliseconds) ms"))
        }
        do {
            let connection = try RedisConnection.open(configuration)
            let endedFailures = backoff.withLock { $0.recordSuccess() }
            if endedFailures > 0 {
                logger.info("Reconnected to Redis", metadata: ["redis.failed_attempts": "\(endedFailures)"])
            } else {
                logger.debug("Connected to Redis")
            }
            return .success(connection)
        } catch {
            let (delay, failures) = backoff.withLock { backoff in
                (backoff.recordFailure(at: .now), backoff.consecutiveFailures)
            }
            logger.log(
                level: failures == 1 ? .warning : .info, "Cannot connect to Redis",
                metadata: [
                    "redis.error": "\(error)", "redis.failed_attempts": "\(failures)",
                    "redis.next_attempt_ms": "\(delay.milliseconds)",
                ])
            return .failure(error)
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up (for messages).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
