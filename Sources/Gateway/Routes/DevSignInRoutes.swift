import Foundation
import Hummingbird
import PorticoConfig

/// The development sign-in, registered only when `environment` is dev (404 in production):
/// - `GET /noauth/dev/login` lists the demo users (`auth.dev_users`);
/// - `POST /noauth/dev/login` (form: `email`, optional `next`) signs an ALB-format token for that
///   user with the development key, validates it through the real ALB path (the key fetched from
///   `auth.alb.public_key_url`, signer and expiry checked), starts the session, and redirects
///   (303) to `next` (a local path; `/` otherwise) with the session cookie;
/// - `GET /noauth/dev/alb-keys/{kid}` serves the development key's public PEM, as the ALB's key
///   endpoint does.
struct DevSignInRoutes: Sendable {
    static let signInPath = "/noauth/dev/login"

    let identity: GatewayIdentity
    let signer: DevALBSigner

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("noauth/dev/login") { request, _ -> Response in
            DevSignInPage(users: identity.configuration.auth.devUsers, next: request.uri.queryParameters.get("next")).response()
        }
        router.post("noauth/dev/login") { request, context -> Response in
            try await signIn(request: request, context: context)
        }
        router.get("noauth/dev/alb-keys/:kid") { _, context -> Response in
            guard context.parameters.get("kid") == signer.keyID else { throw APIError.notFound("no such key") }
            return Response(
                status: .ok, headers: [.contentType: "application/x-pem-file"],
                body: .init(byteBuffer: ByteBuffer(string: signer.publicKeyPEM)))
        }
    }

    private struct SignInForm: Decodable {
        let email: String
        let next: String?
    }

    private func signIn(request: Request, context: GatewayRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body)) else {
            throw APIError.badRequest("send a form with the field 'email'")
        }
        guard let user = identity.configuration.auth.devUsers.first(where: { $0.email == form.email }) else {
            throw APIError.forbidden("not a development user: choose one listed at \(Self.signInPath)")
        }
        let alb = identity.configuration.auth.alb
        let token = try signer.token(for: user, emailClaim: alb.emailClaim, groupsClaim: alb.groupsClaim)
        let outcome: RequestAuthenticator.Outcome
        do {
            let claims = try await identity.albVerifier.verify(token)
            outcome = try identity.authenticator.startSession(email: claims.email, groups: claims.groups)
        } catch {
            identity.metrics.authenticationFailed(error)
            context.logger.warning("development sign-in failed ALB validation", metadata: ["reason": "\(error)"])
            throw error.apiError
        }
        context.logger.info("development sign-in", metadata: ["user": "\(user.email)"])
        var response = Response(status: .seeOther, headers: [.location: Self.localPath(form.next)])
        if let cookie = outcome.newSessionCookie { response.setCookie(cookie) }
        return response
    }

    /// `next` when it is a path on this site, `/` otherwise (never an open redirect).
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.utf8.count <= 2048,
              !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\\" })
        else { return "/" }
        return next
    }
}
