import Foundation
import PorticoHTTP
import PorticoTestSupport
import Testing

@testable import Gateway

/// The web UI: `/` for a signed-in browser (development sends others to the sign-in and back),
/// its script and styles under `/static/`, each with a content type, caching rules and, on the
/// page, a Content-Security-Policy that allows no inline script and no other origin.
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
            #expect(page.body == Array(try Data(contentsOf: Self.sources.appendingPathComponent("index.html"))))
        }
    }

    @Test func theScriptAndStylesAreServedFromTheSourceFiles() async throws {
        try await RunningGateway.with(TestConfiguration.development(port: 0)) { gateway in
            for (name, type) in [("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8")] {
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
            for path in ["/static/index.html", "/static/..%2FPackage.swift", "/static/app.jsx", "/static/"] {
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
            #expect(try await gateway.request("/static/app.js").status == 200)
        }
    }

    /// The UI shows only what it sets as text: it never parses strings as markup, and never
    /// writes what it fetched (credentials included) to the browser's console.
    @Test func theScriptPutsTextIntoTheDOMOnly() throws {
        let script = try String(contentsOf: Self.sources.appendingPathComponent("app.js"), encoding: .utf8)
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "console.", "localStorage", "sessionStorage"] {
            #expect(!script.contains(sink), "app.js uses \(sink)")
        }
        let page = try String(contentsOf: Self.sources.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!page.contains("<script>") && !page.contains("<style"), "no inline script or style")
        #expect(page.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "no event handler attributes")
        #expect(!page.contains("http:") && !page.contains("https:") && !page.contains("\"//"), "nothing from another origin")
    }

    @Test func missingFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<!doctype html>".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data("'use strict';".utf8).write(to: directory.appendingPathComponent("app.js"))
        let missing = #expect(throws: WebAssetsError.self) { try WebAssets(directory: directory) }
        #expect(missing?.description.hasPrefix("web UI file app.css cannot be read") == true)
        try Data(repeating: 0x20, count: WebAssets.maxFileBytes + 1).write(to: directory.appendingPathComponent("app.css"))
        let large = #expect(throws: WebAssetsError.self) { try WebAssets(directory: directory) }
        #expect(large?.description == "web UI file app.css is larger than \(WebAssets.maxFileBytes) bytes")
    }
}
