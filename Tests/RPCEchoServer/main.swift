// rpc-echo-server: a Portico RPC server for ProtoTests' multi-process tests.
//
//   rpc-echo-server <port> <name>     (the shared secret comes from RPC_SECRET)
//
// Serves `portico.test.Echo/Echo` (answers the request bytes) and `portico.test.Echo/Whoami`
// (answers <name>) on 127.0.0.1:<port>, until SIGTERM/SIGINT (graceful) or SIGKILL. Port 0
// takes a port the kernel picks; once listening it prints `... serving on port <port>`.
import Logging
import NIOCore
import PorticoCore
import Proto
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]),
      let secret = getenv("RPC_SECRET").map({ String(cString: $0) }), !secret.isEmpty
else {
    print("usage: RPC_SECRET=... rpc-echo-server <port> <name>")
    exit(2)
}
let name = arguments[2]
var logger = Logger(label: "rpc-echo-server")
logger.logLevel = .info

var router = RPCRouter()
router.register("portico.test.Echo/Echo") { request, _ in request }
router.register("portico.test.Echo/Whoami") { _, _ in ByteBuffer(string: name) }

let server = RPCServer(
    configuration: RPCServer.Configuration(
        listen: HostPort(host: "127.0.0.1", port: port), shutdownGracePeriod: .seconds(5)),
    router: router,
    verifier: try ServiceTokenVerifier(sharedSecret: secret),
    logger: logger)
let group = ServiceGroup(
    configuration: ServiceGroupConfiguration(
        services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
let running = Task { try await group.run() }
// Written unbuffered: the test reads the port from the log while the server runs.
var listening = "rpc-echo-server \(name) serving on port \(try await server.localPort)\n"
listening.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
try await running.value
