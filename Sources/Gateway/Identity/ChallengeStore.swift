import Foundation
import PorticoRedis

/// The state of Weep-style CLI logins in Redis, shared by every gateway replica. A challenge
/// lives `ttl` (Redis expires it) and moves pending → approved → consumed; each step is one
/// atomic Redis command, so two browsers cannot both approve and two pollers cannot both
/// collect the session:
/// - approve: `SET key value XX KEEPTTL GET` (only if it still exists, keeping its expiry, and
///   returning what it replaced, which tells whether it was still pending);
/// - consume: `GETDEL`, so exactly one poller gets the approved record.
/// Needs Redis 6.2 or later.
struct ChallengeStore: Sendable {
    /// One challenge as stored.
    struct Record: Codable, Sendable, Hashable {
        enum Status: String, Codable, Sendable { case pending, approved }

        /// The user name the CLI asked for.
        var user: String
        /// The address the CLI asked from (canonical text), if known.
        var address: String?
        var status: Status
        /// Set on approval: the signed-in approver and their groups.
        var email: String?
        var groups: [String]?
        /// Set on approval: when the approver signed in and their groups were resolved (seconds
        /// since the epoch); the CLI session inherits both.
        var signedInAt: Int64?
        var groupsResolvedAt: Int64?
    }

    /// What an approval attempt found.
    enum Approval: Sendable, Hashable {
        case approved
        /// Expired, already collected, or never existed.
        case notFound
        case alreadyApproved
    }

    let redis: RedisClient
    let ttl: Duration
    /// How many challenges one address may open per `ttl` window.
    let maxChallengesPerAddress: Int

    /// Opens a pending challenge for `user` asked from `address`; nil when that address has
    /// opened too many recently.
    func open(user: String, address: String?) async throws -> ChallengeToken? {
        let rateKey = RedisArgument("portico:challenge-rate:" + (address ?? "unknown"))
        let milliseconds = RedisArgument(Int64(ttl.components.seconds) * 1000)
        let replies = try await redis.pipeline([
            ["SET", rateKey, "0", "PX", milliseconds, "NX"],
            ["INCR", rateKey],
        ])
        guard replies.count == 2, let count = replies[1].int else {
            throw RedisError.invalidCommand("unexpected reply to the challenge rate counter")
        }
        guard count <= Int64(maxChallengesPerAddress) else { return nil }
        let token = try ChallengeToken.random()
        let record = Record(user: user, address: address, status: .pending)
        let stored = try await redis.set(
            RedisArgument(token.storageKey), RedisArgument(try Self.encode(record)), expiration: ttl, condition: .ifAbsent)
        // 256 random bits do not collide; if they ever did, the existing challenge stays intact.
        guard stored else { throw RedisError.invalidCommand("challenge token already in use") }
        return token
    }

    /// The challenge, or nil when it is gone.
    func record(for token: ChallengeToken) async throws -> Record? {
        guard let bytes = try await redis.get(RedisArgument(token.storageKey)) else { return nil }
        return Self.decode(bytes)
    }

    /// Marks `pending` (read just before) approved by `approver`, unless it changed meanwhile.
    func approve(_ token: ChallengeToken, pending: Record, approver: Identity) async throws -> Approval {
        var approved = pending
        approved.status = .approved
        approved.email = approver.email
        approved.groups = approver.groups
        approved.signedInAt = approver.signedInAt
        approved.groupsResolvedAt = approver.groupsResolvedAt
        let previous = try await redis.send([
            "SET", RedisArgument(token.storageKey), RedisArgument(try Self.encode(approved)), "XX", "KEEPTTL", "GET",
        ])
        guard let bytes = previous.bytes, let replaced = Self.decode(bytes) else { return .notFound }
        return replaced.status == .pending ? .approved : .alreadyApproved
    }

    /// Removes and returns the challenge in one step; nil when another caller got it first.
    func consume(_ token: ChallengeToken) async throws -> Record? {
        guard let bytes = try await redis.send(["GETDEL", RedisArgument(token.storageKey)]).bytes else { return nil }
        return Self.decode(bytes)
    }

    private static func encode(_ record: Record) throws -> [UInt8] {
        Array(try JSONEncoder().encode(record))
    }

    private static func decode(_ bytes: [UInt8]) -> Record? {
        try? JSONDecoder().decode(Record.self, from: Data(bytes))
    }
}
