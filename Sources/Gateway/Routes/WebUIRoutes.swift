import Foundation
import Hummingbird
import Logging

/// The web UI (`WebAssetManifest`): its pages, signed in — `GET /` (`pages/index.html`) and
/// `GET /<name>` for every other `pages/<name>.html`, except the pages of `routedPages`, which
/// answer at ConsoleMe's paths (`/policies/request/{id}`, `/policies/edit/…`,
/// `/challenge_validator/{token}`, `/create_role`); in development a browser without a session
/// is sent to the development sign-in and comes back — and its ES modules, styles and images at
/// `GET /static/**` (public: they hold no data), with Debian's CodeMirror and jsdiff at
/// `/static/vendor/**` (`WebVendorFiles`). Pages are static; their scripts fetch
/// everything they show from the REST API with the session cookie.
///
/// A page may load scripts, styles and API answers from this origin only: no inline script,
/// no other host, no framing. A static path not in the manifest (`..`, an encoded slash, a page,
/// a dot file) is a 404.
struct WebUIRoutes: Sendable {
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    private static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")

    /// Pages served at a path of their own (the page's script reads the rest of the path),
    /// not at `/<name>`.
    static let routedPages: [(path: String, page: String)] = [
        ("policies/request/:id", "request"),
        ("policies/edit/**", "editor"),
        ("challenge_validator/:token", "challenge"),
        ("create_role", "create-role"),
    ]

    /// What `/favicon.ico` answers (an SVG; browsers go by the content type).
    static let favicon = "img/favicon.svg"

    /// nil when the files are not installed: the pages then answer 503 saying so.
    let assets: WebAssetManifest?
    let vendor: WebVendorFiles

    /// Loads the UI from the resource bundle beside the executable, logging when it is missing.
    init(logger: Logger) {
        do {
            assets = try WebAssetManifest.installed()
        } catch {
            logger.warning("the web UI will answer 503", metadata: ["reason": "\(error)"])
            assets = nil
        }
        vendor = WebVendorFiles.installed(logger: logger)
    }

    init(assets: WebAssetManifest?, vendor: WebVendorFiles = WebVendorFiles(files: [:], missing: [])) {
        self.assets = assets
        self.vendor = vendor
    }

    /// Registers `/static/**` on `router` and the pages on `authenticated`.
    func addRoutes(to router: Router<GatewayRequestContext>, authenticated: RouterGroup<GatewayRequestContext>) {
        router.get("static/**") { request, context -> Response in
            let path = context.parameters[Parameters.recursiveCaptureKey].map(String.init) ?? ""
            guard let asset = assets?.files[path] ?? vendor.files[path] else { throw APIError.notFound("no such file") }
            return Self.response(asset, cacheControl: "no-cache", request: request)
        }
        // Browsers ask for it on every page, ours and the server-rendered ones.
        router.get("favicon.ico") { request, _ -> Response in
            guard let asset = assets?.files[Self.favicon] else { throw APIError.notFound("no such file") }
            return Self.response(asset, cacheControl: "max-age=86400", request: request)
        }
        authenticated.get("/") { request, _ -> Response in
            try page(WebAssetManifest.indexPage, request: request)
        }
        let routed = Set(Self.routedPages.map(\.page))
        let otherPages = (assets?.pages.keys).map { $0.filter { $0 != WebAssetManifest.indexPage && !routed.contains($0) }.sorted() } ?? []
        for (path, name) in Self.routedPages {
            authenticated.get(RouterPath(path)) { request, _ -> Response in try page(name, request: request) }
        }
        for name in otherPages {
            authenticated.get(RouterPath(name)) { request, _ -> Response in try page(name, request: request) }
        }
    }

    private func page(_ name: String, request: Request) throws -> Response {
        guard let page = assets?.pages[name] else {
            throw APIError(.serviceUnavailable, message: "the web UI is not installed on this gateway; the API works")
        }
        var response = Self.response(page, cacheControl: "no-store", request: request)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        if let name = Self.referrerPolicy { response.headers[name] = "no-referrer" }
        return response
    }

    /// `asset`, or 304 when the client already holds this version.
    private static func response(_ asset: WebAsset, cacheControl: String, request: Request) -> Response {
        let headers: HTTPFields = [
            .contentType: asset.contentType, .cacheControl: cacheControl, .eTag: asset.eTag, .xContentTypeOptions: "nosniff",
        ]
        let held = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if held.contains(asset.eTag) || held.contains("*") {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
    }
}
