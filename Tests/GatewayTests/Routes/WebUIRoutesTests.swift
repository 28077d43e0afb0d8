import Foundation
import Hummingbird
import PorticoHTTP
import ServiceLifecycle
import Testing

@testable import Gateway

/// `WebUIRoutes` over a manifest of its own (not the installed UI): every page at its name, each
/// with the pages' policy, and the static files at `/static/<path>`, nothing else.
@Suite struct WebUIRoutesTests {
    /// Serves `files` (path → text) through `WebUIRoutes` alone on a loopback port for `body`.
    private func serving(_ files: [String: String], _ body: (HTTPClient, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-web-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        WebUIRoutes(assets: try WebAssetManifest(directory: directory)).addRoutes(to: router, authenticated: router.group())
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) }, logger: quietLogger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: quietLogger))
        let running = Task { try await group.run() }
        let client = HTTPClient(configuration: .defaults, logger: quietLogger)
        var iterator = ports.makeAsyncIterator()
        do {
            let port = try #require(await iterator.next())
            try await body(client, "http://127.0.0.1:\(port)")
        } catch {
            await client.shutdown()
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await client.shutdown()
        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test func everyPageIsServedAtItsNameWithThePagesPolicy() async throws {
        let files = [
            "pages/index.html": "<!doctype html><title>roles</title>", "pages/requests.html": "<!doctype html><title>requests</title>",
            "js/requests-page.js": "export {};",
        ]
        try await serving(files) { client, base in
            for (path, file) in [("/", "pages/index.html"), ("/requests", "pages/requests.html")] {
                let page = try await client.execute(HTTPClient.Request(url: base + path))
                #expect(page.status == 200, "\(path)")
                #expect(page.bodyText == files[file])
                #expect(page.headers["Content-Security-Policy"] == WebUIRoutes.contentSecurityPolicy)
                #expect(page.headers["Cache-Control"] == "no-store")
            }
            let script = try await client.execute(HTTPClient.Request(url: base + "/static/js/requests-page.js"))
            #expect(script.status == 200)
            #expect(script.headers["Content-Type"] == "text/javascript; charset=utf-8")
            #expect(script.headers["Content-Security-Policy"] == nil)
            for path in ["/index", "/static/pages/requests.html", "/other"] {
                #expect(try await client.execute(HTTPClient.Request(url: base + path)).status == 404, "\(path)")
            }
        }
    }
}
