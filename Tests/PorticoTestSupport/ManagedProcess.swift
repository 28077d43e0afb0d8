public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started by a test (redis-server, moto_server, a Portico server), stopped
/// when the owner says so or when it is deallocated, so no test leaves a server behind.
///
/// Spawned with `posix_spawn` and an empty signal mask: Foundation's `Process` passes on the
/// test runner's blocked signals, and a child that inherits a blocked SIGTERM never stops.
public final class ManagedProcess: @unchecked Sendable {
    // @unchecked: `pid` and `exitStatus` are only touched under `lock`.
    private let lock = NSLock()
    private var pid: pid_t?
    private var exitStatus: Int32?
    public let executable: String
    public let arguments: [String]
    public let environment: [String: String]
    public let logFile: URL

    public init(executable: String, arguments: [String], environment: [String: String] = [:], name: String) throws {
        self.executable = try Self.locate(executable)
        self.arguments = arguments
        self.environment = environment
        self.logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("portico-test-\(name)-\(UUID().uuidString.prefix(8)).log")
    }

    /// Finds `name` on PATH (or takes it as a path when it contains a slash).
    public static func locate(_ name: String) throws -> String {
        if name.contains("/") { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var candidates = path.split(separator: ":").map(String.init)
        candidates += ["/usr/local/bin", "/usr/bin", "/usr/sbin", "/root/.local/bin"]
        for directory in candidates {
            let full = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: full) { return full }
        }
        throw TestServerError.executableNotFound(name)
    }

    /// Starts the process; its output is appended to `logFile` for post-mortems.
    public func start() throws {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv = [executable] + arguments
        let envp = env.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var child: pid_t = 0
        let result = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in
                posix_spawn(&child, executable, &actions, &attributes, cArgv, cEnvp)
            }
        }
        guard result == 0 else { throw TestServerError.socket(result) }
        lock.withLock {
            pid = child
            exitStatus = nil
        }
    }

    /// Whether the process is still running (reaps it if it has exited).
    public var isRunning: Bool {
        lock.withLock {
            guard let pid, exitStatus == nil else { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = status
                return false
            }
            return true
        }
    }

    /// The exit status once the process has ended (the code, or 128 + signal when killed).
    public var exitCode: Int32? {
        lock.withLock {
            guard let status = exitStatus else { return nil }
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }
    }

    /// Waits until the process ends by itself.
    public func wait() {
        lock.withLock {
            guard let pid, exitStatus == nil else { return }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = status
        }
    }

    /// The process id, while one was started.
    public var processID: pid_t? { lock.withLock { pid } }

    /// `stop(signal:)` off the Swift concurrency pool: waiting there for a server that drains
    /// would hold one of its few threads, stalling every other task of the test process (a
    /// loopback stand-in's handlers among them) for as long as the drain lasts.
    public func stopped(signal: Int32 = SIGTERM) async {
        _ = try? await runBlocking { self.stop(signal: signal) }
    }

    /// Sends `signal` and waits for the process to exit (blocking the calling thread).
    public func stop(signal: Int32 = SIGTERM) {
        lock.withLock {
            guard let pid, exitStatus == nil else { return }
            kill(pid, signal)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = status
        }
    }

    /// The last lines the process printed, for failure messages.
    public func tail(lines: Int = 30) -> String {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    deinit { stop(signal: SIGKILL) }
}

/// Calls `body` with a NULL-terminated C array of C strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}

/// Waits for a condition with a deadline, polling: the way tests await a server's readiness.
public func awaitCondition(
    _ what: String, timeout: Double = 30, every interval: Double = 0.05,
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(Int(timeout * 1000))
    while clock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
    }
    throw TestServerError.notReady(what, seconds: timeout)
}
