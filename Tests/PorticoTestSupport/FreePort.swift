#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loopback ports for test servers, so several suites (and several checkouts) can run side by side.
public enum FreePort {
    /// Asks the kernel for a port that is free on 127.0.0.1 right now.
    ///
    /// The port is released before returning, so a server started on it can race with another
    /// process; callers that start a server retry on a fresh port when the bind fails.
    public static func next() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.socket(errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestServerError.socket(errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestServerError.socket(errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why a test server could not be started.
public enum TestServerError: Error, CustomStringConvertible {
    case socket(Int32)
    case executableNotFound(String)
    case notReady(String, seconds: Double)

    public var description: String {
        switch self {
        case .socket(let code): "socket error \(code)"
        case .executableNotFound(let name):
            "\(name) is not on PATH; run `make test`, which installs it"
        case .notReady(let name, let seconds): "\(name) did not become ready within \(seconds) s"
        }
    }
}
