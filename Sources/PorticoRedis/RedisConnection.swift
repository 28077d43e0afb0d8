internal import CHiredis
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking hiredis connection: the sole owner of its `redisContext`, freed in `deinit`.
///
/// Every method blocks (connect, socket reads and writes), so they run only on the client's
/// `NIOThreadPool`, never on an event loop or the Swift cooperative pool.
///
/// `@unchecked Sendable`: a `redisContext` is not thread-safe, and it is never used by two
/// threads at once. The pool lends a connection to exactly one job at a time; the hand-over
/// between the async caller and the pool thread goes through the pool's `Mutex` and the thread
/// pool's work queue, which order every access to the context.
final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>
    private let host: String
    private let port: Int

    private init(context: UnsafeMutablePointer<redisContext>, host: String, port: Int) {
        self.context = context
        self.host = host
        self.port = port
    }

    deinit { redisFree(context) }

    /// Connects within `connectTimeout`, sets the command timeout and TCP keepalive, then sends
    /// `AUTH` (when a password is configured) and `SELECT` (when `db` is not 0).
    /// Any failure, the handshake's included, is `connectionFailed`.
    static func open(_ configuration: RedisConfiguration) throws(RedisError) -> RedisConnection {
        let host = configuration.host
        let port = configuration.port
        func failed(_ reason: String) -> RedisError { .connectionFailed(host: host, port: port, reason: reason) }

        guard let context = redisConnectWithTimeout(host, Int32(port), timeval(configuration.connectTimeout)) else {
            throw failed("hiredis could not allocate a context")
        }
        // From here on `connection` owns the context and frees it when it goes away.
        let connection = RedisConnection(context: context, host: host, port: port)
        guard context.pointee.err == 0 else { throw failed(connection.errorText) }
        guard redisSetTimeout(context, timeval(configuration.commandTimeout)) == REDIS_OK else {
            throw failed("cannot set the command timeout: \(connection.errorText)")
        }
        _ = redisEnableKeepAlive(context)

        if let password = configuration.password {
            var command: [RedisArgument] = ["AUTH"]
            if let username = configuration.username { command.append(RedisArgument(username)) }
            command.append(RedisArgument(password))
            try connection.handshake(command, step: "AUTH", failed: failed)
        }
        if configuration.db != 0 {
            try connection.handshake(["SELECT", RedisArgument(configuration.db)], step: "SELECT \(configuration.db)", failed: failed)
        }
        return connection
    }

    /// Whether the connection can carry another command: no hiredis error recorded, and the
    /// socket is silent. An idle RESP2 connection never has anything to read, so a readable
    /// socket means the server closed it (or sent something unexpected): either way, it is
    /// stale, and it is found out before a command is written to it.
    var isReusable: Bool {
        guard context.pointee.err == 0, context.pointee.fd >= 0 else { return false }
        var descriptor = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Sends one command and returns its reply (an error reply is a `.error` value).
    /// Throws only when the connection failed; the connection must then be discarded.
    func execute(_ command: [RedisArgument]) throws(RedisError) -> RedisValue {
        let encoded = CommandEncoding(command)
        guard let reply = encoded.withArgv({ redisCommandArgv(context, $0, $1, $2) }) else { throw failure() }
        defer { freeReplyObject(reply) }
        return try RedisValue(copying: reply.assumingMemoryBound(to: redisReply.self))
    }

    /// Writes every command in one go, then reads the replies in order: one round trip.
    /// Throws only when the connection failed; the connection must then be discarded.
    func execute(pipeline commands: [[RedisArgument]]) throws(RedisError) -> [RedisValue] {
        for command in commands {
            let status = CommandEncoding(command).withArgv { redisAppendCommandArgv(context, $0, $1, $2) }
            guard status == REDIS_OK else { throw failure() }
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var reply: UnsafeMutableRawPointer?
            guard redisGetReply(context, &reply) == REDIS_OK, let reply else { throw failure() }
            defer { freeReplyObject(reply) }
            replies.append(try RedisValue(copying: reply.assumingMemoryBound(to: redisReply.self)))
        }
        return replies
    }

    private func handshake(
        _ command: [RedisArgument], step: String, failed: (String) -> RedisError
    ) throws(RedisError) {
        let reply: RedisValue
        do {
            reply = try execute(command)
        } catch {
            throw failed("\(step) failed: \(error)")
        }
        if case .error(let message) = reply { throw failed("\(step) rejected: \(message)") }
    }

    /// The error hiredis recorded, as a `RedisError`. Called right after the failing call, so
    /// `errno` still tells a timed-out read or write (EAGAIN from SO_RCVTIMEO/SO_SNDTIMEO).
    private func failure() -> RedisError {
        let code = errno
        let text = errorText
        switch context.pointee.err {
        case REDIS_ERR_IO:
            let timedOut = code == EAGAIN || code == EWOULDBLOCK || text == String(cString: strerror(EAGAIN))
            return timedOut ? .timeout : .connectionLost(host: host, port: port, reason: text)
        case REDIS_ERR_EOF:
            return .connectionLost(host: host, port: port, reason: "the server closed the connection")
        case REDIS_ERR_PROTOCOL:
            return .protocol(text)
        case REDIS_ERR_OOM:
            return .protocol("hiredis ran out of memory")
        case 0:
            return .protocol("hiredis returned no reply and no error")
        default:
            return .connectionLost(host: host, port: port, reason: text)
        }
    }

    /// hiredis's `errstr` (a fixed 128-byte, NUL-terminated buffer).
    private var errorText: String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "unknown error" : String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension timeval {
    /// A `timeval` for hiredis, at least 1 ms: a zero `timeval` would mean "no timeout".
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let microseconds = attoseconds / 1_000_000_000_000
        if seconds <= 0 && microseconds < 1000 {
            self.init(tv_sec: 0, tv_usec: suseconds_t(1000))
        } else {
            self.init(tv_sec: time_t(seconds), tv_usec: suseconds_t(microseconds))
        }
    }
}
