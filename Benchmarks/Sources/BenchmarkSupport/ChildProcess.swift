public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A server a benchmark needs (redis-server, moto_server, portico-server), started on a free
/// loopback port and stopped at the end. Output goes to `<benchmark>-<name>.log` in the
/// temporary directory.
public final class ChildProcess: Sendable {
    public let process = Process()
    public let port: Int
    public let logFile: URL

    /// - Parameters:
    ///   - executable: a name looked up on PATH, or a path (containing `/`).
    ///   - environment: added to this process's environment.
    ///   - benchmark: the log file's prefix.
    public init(
        _ executable: String, arguments: [String], environment: [String: String] = [:], port: Int, name: String,
        benchmark: String = "cache-benchmark"
    ) throws {
        self.port = port
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(benchmark)-\(name).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : try Self.locate(executable))
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Waits until something accepts connections on the port.
    public func waitUntilListening(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            guard process.isRunning else { throw BenchmarkError("\(logFile.lastPathComponent): the process exited") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw BenchmarkError("nothing listens on port \(port) after \(timeout) s (see \(logFile.path))")
    }

    public static func locate(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchmarkError("\(name) is not on PATH")
    }

    /// A port nothing listens on now (bound to port 0, then released).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchmarkError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchmarkError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A benchmark step that failed, said in a sentence.
public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
