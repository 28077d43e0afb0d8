import Foundation
import Hummingbird
import Logging

/// The web UI: `GET /` (signed in; in development a browser without a session is sent to the
/// development sign-in and comes back here) and its script and styles at `GET /static/{file}`
/// (public: they hold no data). The page is static; `app.js` fetches everything it shows from
/// the REST API with the session cookie.
///
/// The page may load scripts, styles and API answers from this origin only: no inline script,
/// no other host, no framing.
struct WebUIRoutes: Sendable {
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    private static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")

    /// nil when the files are not installed: `/` then answers 503 saying so.
    let assets: WebAssets?

    /// Loads the UI from the resource bundle beside the executable, logging when it is missing.
    init(logger: Logger) {
        do {
            assets = try WebAssets.installed()
        } catch {
            logger.warning("the web UI will answer 503", metadata: ["reason": "\(error)"])
            assets = nil
        }
    }

    init(assets: WebAssets?) {
        self.assets = assets
    }

    /// Registers `/static/{file}` on `router` and `/` on `authenticated`.
    func addRoutes(to router: Router<GatewayRequestContext>, authenticated: RouterGroup<GatewayRequestContext>) {
        router.get("static/:file") { request, context -> Response in
            guard let name = context.parameters.get("file"), let asset = assets?.files[name] else {
                throw APIError.notFound("no such file")
            }
            return Self.response(asset, cacheControl: "no-cache", request: request)
        }
        authenticated.get("/") { request, _ -> Response in
            guard let page = assets?.page else {
                throw APIError(.serviceUnavailable, message: "the web UI is not installed on this gateway; the API works")
            }
            var response = Self.response(page, cacheControl: "no-store", request: request)
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            if let name = Self.referrerPolicy { response.headers[name] = "no-referrer" }
            return response
        }
    }

    /// `asset`, or 304 when the client already holds this version.
    private static func response(_ asset: WebAssets.Asset, cacheControl: String, request: Request) -> Response {
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
