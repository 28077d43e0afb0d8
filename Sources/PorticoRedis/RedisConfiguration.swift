/// Where a `RedisClient` connects and how it treats its connections.
///
/// The password is never logged: `description`, `debugDescription` and `dump` show it redacted.
public struct RedisConfiguration: Sendable {
    /// How a lost server is retried: after a failed connect, new connects wait an exponentially
    /// growing delay (`initialDelay`, doubled per consecutive failure, capped at `maxDelay`).
    public struct Reconnect: Sendable, Hashable {
        public var initialDelay: Duration
        public var maxDelay: Duration
        /// How long a call waits for Redis to take connections again (a restart) before it fails
        /// with `connectionFailed`; zero fails at once. Only calls that sent nothing wait, so any
        /// command may: it runs once, when Redis is back.
        public var rideThrough: Duration

        public init(initialDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2), rideThrough: Duration = .zero) {
            self.initialDelay = initialDelay
            self.maxDelay = maxDelay
            self.rideThrough = rideThrough
        }

        public static var defaults: Reconnect { Reconnect() }
    }

    public var host: String
    public var port: Int
    /// The logical database, selected on every new connection.
    public var db: Int
    /// The ACL user for `AUTH user password` (Redis 6+); nil sends `AUTH password`.
    public var username: String?
    /// Sent with `AUTH` on every new connection when set. Never logged.
    public var password: String?
    /// The limit for establishing the TCP connection.
    public var connectTimeout: Duration
    /// The limit for each socket read or write of a command (hiredis `redisSetTimeout`).
    public var commandTimeout: Duration
    /// How many connections (and threads running blocking hiredis calls) the client holds.
    public var poolSize: Int
    public var reconnect: Reconnect

    public init(
        host: String = "127.0.0.1", port: Int = 6379, db: Int = 0,
        username: String? = nil, password: String? = nil,
        connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(5),
        poolSize: Int = 4, reconnect: Reconnect = .defaults
    ) {
        self.host = host
        self.port = port
        self.db = db
        self.username = username
        self.password = password
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.poolSize = poolSize
        self.reconnect = reconnect
    }

    public static var defaults: RedisConfiguration { RedisConfiguration() }

    /// The largest pool accepted: each connection has its own thread.
    public static let maxPoolSize = 256

    /// Checks that the configuration can work; the error names the offending setting.
    public func validate() throws(RedisError) {
        func invalid(_ reason: String) -> RedisError { .invalidConfiguration(reason) }
        guard !host.isEmpty, !host.utf8.contains(0) else { throw invalid("host must be a non-empty name without NUL") }
        guard (1...65535).contains(port) else { throw invalid("port \(port) is outside 1...65535") }
        guard db >= 0, db <= Int(Int32.max) else { throw invalid("db \(db) is negative or too large") }
        guard (1...Self.maxPoolSize).contains(poolSize) else {
            throw invalid("poolSize \(poolSize) is outside 1...\(Self.maxPoolSize)")
        }
        guard connectTimeout > .zero else { throw invalid("connectTimeout must be positive") }
        guard commandTimeout > .zero else { throw invalid("commandTimeout must be positive") }
        guard reconnect.initialDelay > .zero, reconnect.maxDelay >= reconnect.initialDelay else {
            throw invalid("reconnect delays must be positive with maxDelay >= initialDelay")
        }
        if let username, username.utf8.contains(0) { throw invalid("username contains NUL") }
    }
}

extension RedisConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "RedisConfiguration(\(host):\(port), db: \(db), user: \(username ?? "default"), "
            + "password: \(password == nil ? "none" : "<redacted>"), poolSize: \(poolSize), "
            + "connectTimeout: \(connectTimeout), commandTimeout: \(commandTimeout))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "host": host, "port": port, "db": db, "username": username as Any,
            "password": password == nil ? "none" : "<redacted>", "connectTimeout": connectTimeout,
            "commandTimeout": commandTimeout, "poolSize": poolSize, "reconnect": reconnect,
        ])
    }
}
