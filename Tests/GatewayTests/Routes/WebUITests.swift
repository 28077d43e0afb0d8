import Foundation
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import Gateway

/// The web UI: `/` for a signed-in browser (development sends others to the sign-in and back),
/// its ES modules and styles under `/static/`, each with a content type, caching rules and, on
/// the page, a Content-Security-Policy that allows no inline script and no other origin.
@Suite struct WebUITests {
    private static let form = [("Content-Type", "application/x-www-form-urlencoded")]
    /// The files as they are in the source tree, to compare with what the gateway serves.
    private static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Sources/Gateway/Web").standardizedFileURL

    private func signedInCookie(at gateway: RunningGateway) async throws -> (String, String) {
        let signIn = try await gateway.request("POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com")
        let session = try #require(signIn.cookieValue(named: "consoleme_auth"))
        return ("Cookie", "consoleme_auth=\(session)")
    }

    @Test func theSignedInPageIsServedWithAStrictPolicy() async throws {
        try await RunningGateway.withDevelopment { gateway in
            let page = try await gateway.request("/", headers: [try await signedInCookie(at: gateway), ("Accept", "text/html")])
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.headers["Cache-Control"] == "no-store")
            #expect(page.headers["X-Content-Type-Options"] == "nosniff")
            #expect(page.headers["Referrer-Policy"] == "no-referrer")
            let policy = try #require(page.headers["Content-Security-Policy"])
            let directives = Dictionary(
                policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.map { directive in
                    let parts = directive.split(separator: " ", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }, uniquingKeysWith: { first, _ in first })
            #expect(directives["default-src"] == "'none'")
            #expect(directives["script-src"] == "'self'")
            #expect(directives["style-src"] == "'self'")
            #expect(directives["connect-src"] == "'self'")
            #expect(directives["frame-ancestors"] == "'none'")
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval") && !policy.contains("http"))
            #expect(page.body == Array(try Data(contentsOf: Self.sources.appendingPathComponent("pages/index.html"))))
        }
    }

    @Test func everyScriptAndStylesheetIsServedFromTheSourceFiles() async throws {
        try await RunningGateway.with(TestConfiguration.development(port: 0)) { gateway in
            let files = try Self.sourceFiles(in: "js").map { ($0, "text/javascript; charset=utf-8") }
                + (try Self.sourceFiles(in: "css")).map { ($0, "text/css; charset=utf-8") }
            #expect(files.count >= 4, "the page's modules and its stylesheet: \(files)")
            for (name, type) in files {
                let file = try await gateway.request("/static/\(name)")
                #expect(file.status == 200, "\(name)")
                #expect(file.headers["Content-Type"] == type)
                #expect(file.headers["Cache-Control"] == "no-cache")
                #expect(file.headers["X-Content-Type-Options"] == "nosniff")
                #expect(file.body == Array(try Data(contentsOf: Self.sources.appendingPathComponent(name))))

                let eTag = try #require(file.headers["ETag"])
                let again = try await gateway.request("/static/\(name)", headers: [("If-None-Match", eTag)])
                #expect(again.status == 304)
                #expect(again.body.isEmpty)
                let stale = try await gateway.request("/static/\(name)", headers: [("If-None-Match", #""0123""#)])
                #expect(stale.status == 200)
            }
        }
    }

    @Test func onlyTheUIsOwnFilesAreServed() async throws {
        try await RunningGateway.with(TestConfiguration.development(port: 0)) { gateway in
            for path in [
                "/static/pages/index.html", "/static/index.html", "/static/js/..%2F..%2FPackage.swift", "/static/%2E%2E/Package.swift",
                "/static/js%2Fapi.js", "/static/js/api.jsx", "/static/js/", "/static/", "/static/app.js",
            ] {
                let response = try await gateway.request(path)
                #expect(response.status == 404, "\(path)")
                #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
            }
        }
    }

    @Test func aBrowserWithoutASessionSignsInAndComesBackToThePage() async throws {
        try await RunningGateway.withDevelopment { gateway in
            let page = try await gateway.request("/", headers: [("Accept", "text/html,application/xhtml+xml")])
            #expect(page.status == 303)
            #expect(page.headers["Location"] == "/noauth/dev/login?next=/")
            let signIn = try await gateway.request(
                "POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com&next=%2F")
            #expect(signIn.status == 303)
            #expect(signIn.headers["Location"] == "/")
        }
    }

    @Test func productionRefusesThePageWithoutASession() async throws {
        try await RunningGateway.with(TestConfiguration.production()) { gateway in
            let page = try await gateway.request("/", headers: [("Accept", "text/html")])
            #expect(page.status == 401)
            // The script and styles hold no data and load before any sign-in.
            #expect(try await gateway.request("/static/js/roles-page.js").status == 200)
        }
    }

    /// The UI shows only what it sets as text: it never parses strings as markup, and never
    /// writes what it fetched (credentials included) to the browser's console. Only the roles
    /// page keeps anything in the browser's storage (recent role ARNs and the console region).
    @Test func theScriptsPutTextIntoTheDOMOnly() throws {
        for name in try Self.sourceFiles(in: "js") {
            let script = try String(contentsOf: Self.sources.appendingPathComponent(name), encoding: .utf8)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "console.", "sessionStorage"] {
                #expect(!script.contains(sink), "\(name) uses \(sink)")
            }
            if !["js/roles-page.js", "js/regions.js"].contains(name) {
                #expect(!script.contains("localStorage"), "\(name) uses localStorage")
            }
            let imports = script.components(separatedBy: "import('").dropFirst()
            #expect(!script.contains("http:") && !script.contains("https:") && imports.allSatisfy { $0.hasPrefix("/") || $0.hasPrefix("./") },
                    "\(name) loads from this origin only")
        }
        for name in try Self.sourceFiles(in: "pages") {
            let page = try String(contentsOf: Self.sources.appendingPathComponent(name), encoding: .utf8)
            #expect(!page.contains("<script>") && !page.contains("<style"), "\(name): no inline script or style")
            #expect(page.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(name): no event handler attributes")
            #expect(!page.contains("http:") && !page.contains("https:") && !page.contains("\"//"), "\(name): nothing from another origin")
        }
    }

    /// The source files in one folder of the UI (`js`, `css`, `pages`), as paths below it.
    private static func sourceFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: sources.appendingPathComponent(folder).path)
            .filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test func missingAndMisnamedFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-web-\(UUID().uuidString)")
        let pages = directory.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("'use strict';".utf8).write(to: directory.appendingPathComponent("app.js"))
        let missing = #expect(throws: WebAssetsError.self) { try WebAssetManifest(directory: directory) }
        #expect(missing?.description == "web UI file pages/index.html cannot be read: it is missing")

        try Data("<!doctype html>".utf8).write(to: pages.appendingPathComponent("index.html"))
        try Data(repeating: 0x20, count: WebAssetManifest.maxFileBytes + 1).write(to: directory.appendingPathComponent("app.css"))
        let large = #expect(throws: WebAssetsError.self) { try WebAssetManifest(directory: directory) }
        #expect(large?.description == "web UI file app.css is larger than \(WebAssetManifest.maxFileBytes) bytes")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("app.css"))

        try Data("<!doctype html>".utf8).write(to: pages.appendingPathComponent("api.html"))
        let reserved = #expect(throws: WebAssetsError.self) { try WebAssetManifest(directory: directory) }
        #expect(reserved?.description == "web UI page pages/api.html is misnamed: /api is another route")
    }

    @Test func theManifestHoldsEveryFileButDotFilesWithAnETagEach() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-web-\(UUID().uuidString)")
        for folder in ["pages", "js/lib", "css", ".git"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, text) in [
            ("pages/index.html", "<!doctype html>"), ("pages/requests.html", "<!doctype html><title>r</title>"),
            ("js/lib/format.js", "export {};"), ("css/app.css", "body{}"), ("js/.hidden.js", "x"), (".git/config", "x"),
        ] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(path))
        }
        let manifest = try WebAssetManifest(directory: directory)
        #expect(Set(manifest.pages.keys) == ["index", "requests"])
        #expect(Set(manifest.files.keys) == ["js/lib/format.js", "css/app.css"])
        #expect(manifest.files["js/lib/format.js"]?.contentType == "text/javascript; charset=utf-8")
        #expect(manifest.pages["index"]?.eTag != manifest.pages["requests"]?.eTag)
        #expect(manifest.files["css/app.css"]?.eTag.count == 34, "16 bytes in hex, quoted")
    }
}
