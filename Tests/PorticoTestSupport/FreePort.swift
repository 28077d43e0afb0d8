#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loopback ports for test servers, so several suites (and several checkouts) can run side by side.
public enum FreePort {
    /// The ports handed out: below the kernel's ephemeral range (32768 and up on Linux), so an
    /// outgoing connection of another test can never be given the port between our check and
    /// the server's bind.
    static let range = 20_000...32_000

    /// A port in `range` that is free on 127.0.0.1 right now, chosen at random.
    ///
    /// The port is released before returning, so a server started on it can still race with
    /// another test picking the same port; servers started by the harness retry on a fresh one.
    public static func next() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: range)
            if isFree(port) { return port }
        }
        throw TestServerError.socket(EADDRINUSE)
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
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
