/// One entry of a Redis stream: its id (`1700000000000-0`) and its field/value pairs in the
/// order they were added.
public struct RedisStreamEntry: Sendable, Hashable {
    public var id: String
    public var fields: [Field]

    /// One field/value pair; values are bytes (binary safe), names are text.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: [UInt8]

        public init(name: String, value: [UInt8]) {
            self.name = name
            self.value = value
        }
    }

    public init(id: String, fields: [Field]) {
        self.id = id
        self.fields = fields
    }

    /// The value of the first field called `name`.
    public subscript(name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.value
    }

    /// The value of the first field called `name`, when it is UTF-8 text.
    public func string(_ name: String) -> String? {
        self[name].flatMap { String(validating: $0, as: UTF8.self) }
    }
}

/// What `XAUTOCLAIM` handed over: the entries now owned by the claiming consumer, the cursor to
/// continue the scan of the pending list from (`0-0` when it went round), and the ids of pending
/// entries that no longer exist in the stream (Redis 7 drops them from the pending list).
public struct RedisStreamClaim: Sendable, Hashable {
    public var nextStart: String
    public var entries: [RedisStreamEntry]
    public var deletedIDs: [String]

    public init(nextStart: String, entries: [RedisStreamEntry], deletedIDs: [String]) {
        self.nextStart = nextStart
        self.entries = entries
        self.deletedIDs = deletedIDs
    }
}

/// One entry of a consumer group's pending list (`XPENDING` extended form): delivered to
/// `consumer`, not acknowledged, idle for `idle`, delivered `deliveries` times.
public struct RedisPendingEntry: Sendable, Hashable {
    public var id: String
    public var consumer: String
    public var idle: Duration
    public var deliveries: Int

    public init(id: String, consumer: String, idle: Duration, deliveries: Int) {
        self.id = id
        self.consumer = consumer
        self.idle = idle
        self.deliveries = deliveries
    }
}

/// The summary form of `XPENDING`: how many entries are pending in the group, the lowest and
/// highest pending ids, and how many each consumer holds.
public struct RedisPendingSummary: Sendable, Hashable {
    public var count: Int
    public var lowestID: String?
    public var highestID: String?
    public var consumers: [String: Int]

    public init(count: Int, lowestID: String?, highestID: String?, consumers: [String: Int]) {
        self.count = count
        self.lowestID = lowestID
        self.highestID = highestID
        self.consumers = consumers
    }
}
