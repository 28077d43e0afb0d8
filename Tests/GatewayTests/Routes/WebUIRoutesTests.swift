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
    private func serving(
        _ files: [String: String], vendor: WebVendorFiles = WebVendorFiles(files: [:], missing: []),
        _ body: (HTTPClient, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-web-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        WebUIRoutes(assets: try WebAssetManifest(directory: directory), vendor: vendor).addRoutes(to: router, authenticated: router.group())
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

    @Test func routedPagesAnswerAtConsoleMesPathsOnly() async throws {
        let files = [
            "pages/index.html": "index", "pages/request.html": "review", "pages/editor.html": "editor",
            "pages/challenge.html": "challenge", "pages/create-role.html": "create", "pages/policies.html": "policies",
            "img/favicon.svg": "<svg/>",
        ]
        try await serving(files) { client, base in
            let routed = [
                ("/policies/request/0b6f2c", "review"), ("/policies/edit/111111111111/iamrole/engineer", "editor"),
                ("/policies/edit/111111111111/s3/us-east-1/bucket", "editor"), ("/challenge_validator/abc", "challenge"),
                ("/create_role", "create"), ("/policies", "policies"),
            ]
            for (path, text) in routed {
                let page = try await client.execute(HTTPClient.Request(url: base + path))
                #expect(page.status == 200, "\(path)")
                #expect(page.bodyText == text, "\(path)")
                #expect(page.headers["Content-Security-Policy"] == WebUIRoutes.contentSecurityPolicy)
            }
            for path in ["/request", "/editor", "/challenge", "/create-role"] {
                #expect(try await client.execute(HTTPClient.Request(url: base + path)).status == 404, "\(path)")
            }
            let icon = try await client.execute(HTTPClient.Request(url: base + "/favicon.ico"))
            #expect(icon.status == 200)
            #expect(icon.headers["Content-Type"] == "image/svg+xml")
        }
    }

    @Test func vendorFilesAreServedBesideTheUIsOwn() async throws {
        let vendor = WebVendorFiles(
            files: ["vendor/diff/diff.mjs": WebAsset(name: "vendor/diff/diff.mjs", bytes: Array("export {};".utf8))], missing: [])
        try await serving(["pages/index.html": "index"], vendor: vendor) { client, base in
            let library = try await client.execute(HTTPClient.Request(url: base + "/static/vendor/diff/diff.mjs"))
            #expect(library.status == 200)
            #expect(library.bodyText == "export {};")
            #expect(library.headers["Content-Type"] == "text/javascript; charset=utf-8")
            #expect(try await client.execute(HTTPClient.Request(url: base + "/static/vendor/codemirror/codemirror.js")).status == 404)
        }
    }
}
