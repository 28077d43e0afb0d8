#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny blocking TCP client for readiness checks of test servers, independent of Portico's
/// own clients so a broken client cannot make the harness think a server is down.
enum LoopbackProbe {
    /// Sends `request` to 127.0.0.1:`port` and returns what the server answers first, or nil
    /// when nothing is listening or nothing comes back.
    static func exchange(port: Int, request: String, readAll: Bool = false) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        repeat {
            let received = recv(fd, &buffer, buffer.count, 0)
            guard received > 0 else { break }
            reply += buffer[0..<received]
        } while readAll && reply.count < 1 << 20
        return reply.isEmpty ? nil : String(decoding: reply, as: UTF8.self)
    }
}
