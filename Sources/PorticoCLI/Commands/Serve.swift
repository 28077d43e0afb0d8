import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// `portico serve [ROLE]`: a local credential endpoint for the AWS SDKs: the ECS container
/// provider at `/ecs/{role}` (token required), and with a role the EC2 instance metadata service.
struct Serve: PorticoSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve credentials to the AWS SDKs (ECS container provider; with a role, EC2 instance metadata).",
        discussion: """
            ECS: export the two lines printed at start; the SDK then asks /ecs/{role} with the token.
            IMDS (with ROLE): point AWS_EC2_METADATA_SERVICE_ENDPOINT at the printed address, or redirect \
            169.254.169.254:80 to it. Requests that look like a browser's are refused.
            """,
        aliases: ["ecs_credential_provider", "metadata", "imds"])

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Serve this role as the instance's role over the instance metadata service.")
    var role: String?

    @Option(name: [.customShort("a"), .customLong("listen-address")], help: "The IP address to listen on (default server.address, 127.0.0.1).")
    var address: String?

    @Option(name: [.short, .long], help: "The port (default server.port, 9091; 0 picks a free one).")
    var port: Int?

    func run(_ context: CLIContext) async throws(CLIError) {
        let host = address ?? context.configuration.serverAddress
        guard IPv4Check.isIP(host) else { throw .usage("--listen-address must be an IP address, not '\(host)'") }
        let listenPort = port ?? context.configuration.serverPort
        guard (0...65535).contains(listenPort) else { throw .usage("--port must be 0 to 65535") }
        _ = try await context.session()
        let supply = CredentialSupply(gateway: context.gateway, sessions: context.sessions, noIPRestrictions: global.noIP)
        var instanceRole: String?
        if let role {
            let resolved = try await RoleChoice.resolve(role, context: context)
            // Fail fast: the role must be one the gateway gives out.
            instanceRole = try await supply.credentials(for: resolved).role
        }
        let environment = ProcessInfo.processInfo.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        let token = environment.flatMap { $0.count >= 16 ? $0 : nil } ?? Self.randomToken()
        let routes = MetadataRoutes(
            supply: supply, containerToken: token, instanceRole: instanceRole, enforceIMDSv2: context.configuration.enforceIMDSv2)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel: any Channel
        do {
            channel = try await MetadataHTTPServer.start(host: host, port: listenPort, routes: routes, group: group)
        } catch {
            throw .usage("cannot listen on \(host):\(listenPort): \(error)")
        }
        let bound = channel.localAddress?.port ?? listenPort
        let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
        var lines = [
            "# portico serve on \(base) (stop with Ctrl-C)",
            "export AWS_CONTAINER_CREDENTIALS_FULL_URI=\(base)/ecs/\(instanceRole ?? "ROLE")",
            "export AWS_CONTAINER_AUTHORIZATION_TOKEN=\(token)",
        ]
        if instanceRole != nil { lines.append("export AWS_EC2_METADATA_SERVICE_ENDPOINT=\(base)/") }
        Terminal.output(lines.joined(separator: "\n") + "\n")
        let refresher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                await supply.refreshStale()
            }
        }
        try? await channel.closeFuture.get()
        refresher.cancel()
        try? await group.shutdownGracefully()
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// Whether text is an IPv4 or IPv6 address literal (Weep's rule: the listen address must be an IP).
enum IPv4Check {
    static func isIP(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}
