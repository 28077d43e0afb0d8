/// Why a Redis call failed. Descriptions name the endpoint and the cause, never the password,
/// and never a key or value sent or received.
public enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with an error reply (`-ERR …`, `-WRONGTYPE …`); the text as Redis sent
    /// it, except that Redis's echo of command arguments ("…, with args beginning with: …") is cut.
    case server(String)
    /// No usable connection could be made: refused, unreachable, connect timeout, failed AUTH or
    /// SELECT, or a reconnect attempt held back by the backoff. Nothing was sent to the server.
    case connectionFailed(host: String, port: Int, reason: String)
    /// The connection broke while the command was in flight (e.g. the server died): the command
    /// may or may not have run. The connection was discarded; the next call uses a fresh one.
    case connectionLost(host: String, port: Int, reason: String)
    /// The server did not answer within `commandTimeout`. The command may have run; the
    /// connection was discarded, as its state is unknown.
    case timeout
    /// hiredis could not parse what the server sent, or a reply had an unexpected shape for
    /// a typed convenience (e.g. `INCR` not answering an integer).
    case `protocol`(String)
    /// The command itself is unusable (empty, or an invalid option such as a non-positive expiry);
    /// nothing was sent.
    case invalidCommand(String)
    /// The configuration cannot work (e.g. port out of range); every call reports it.
    case invalidConfiguration(String)
    /// The client was shut down.
    case shutdown

    public var description: String {
        switch self {
        case .server(let message): "Redis error reply: \(message)"
        case .connectionFailed(let host, let port, let reason): "cannot connect to Redis at \(host):\(port): \(reason)"
        case .connectionLost(let host, let port, let reason): "connection to Redis at \(host):\(port) lost: \(reason)"
        case .timeout: "Redis command timed out"
        case .protocol(let reason): "Redis protocol error: \(reason)"
        case .invalidCommand(let reason): "invalid Redis command: \(reason)"
        case .invalidConfiguration(let reason): "invalid Redis configuration: \(reason)"
        case .shutdown: "Redis client is shut down"
        }
    }
}

extension RedisError {
    /// Redis's error text without the arguments it echoes for unknown commands
    /// (`ERR unknown command 'x', with args beginning with: 'secret'`): they may be values.
    static func sanitized(serverMessage message: String) -> String {
        guard let echo = message.firstRange(of: ", with args beginning with:") else { return message }
        return String(message[..<echo.lowerBound])
    }
}
