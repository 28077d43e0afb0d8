#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A loopback port where nothing will answer for as long as this value lives: a socket bound to
/// it that never listens, so a connection is refused and no other test's server can take the
/// port meanwhile (a port from `FreePort.next()` is free only at the moment it is checked).
/// For tests of "the other side is not there"; call `close()` when done (which also keeps the
/// socket alive until then).
public final class ClosedPort: Sendable {
    public let port: Int
    private let descriptor: Mutex<Int32?>

    /// Binds a fresh socket to 127.0.0.1 on a port the kernel picks.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            _ = Glibc.close(fd)
            throw TestServerError.socket(code)
        }
        descriptor = Mutex(fd)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Releases the port (once; later calls do nothing).
    public func close() {
        descriptor.withLock { fd in
            if let open = fd { _ = Glibc.close(open) }
            fd = nil
        }
    }

    deinit { close() }
}
