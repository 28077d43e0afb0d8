import Foundation
import Hummingbird
import Logging
import PorticoAPI
import PorticoConfig

/// Weep's CLI login, with ConsoleMe's paths and fields:
/// - `GET /noauth/v1/challenge_generator/{user}` → `{challenge_url, polling_url}`;
/// - `GET /api/v2/challenge_validator/{token}` (signed in) shows the approval page, or the
///   challenge as JSON when asked for `application/json`; `POST` approves it — only for the
///   user the CLI named, only once, from the CLI's address when `require_same_ip`, and only by
///   a browser session signed in (ALB or development sign-in) at most
///   `auth.challenge.max_sign_in_age_seconds` ago, or with the ALB's header vouching for the
///   same person now: a CLI session never approves, so a chain of logins cannot outlive the
///   sign-in;
/// - `GET /noauth/v1/challenge_poller/{token}` → `{"status": "pending"}`, then once
///   `{"status": "success", cookie_name, expiration, encoded_jwt, user, secure, http_only,
///   same_site}` (a CLI session inheriting the approver's sign-in time); afterwards (or once
///   expired) `404 {"status": "unknown"}`.
struct ChallengeRoutes: Sendable {
    let identity: GatewayIdentity

    private var settings: PorticoConfiguration.Auth.Challenge { identity.configuration.auth.challenge }
    private var baseURL: String {
        var url = identity.configuration.url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The generator and the poller (no authentication: the CLI has no credential yet).
    func addPublicRoutes(to router: Router<GatewayRequestContext>) {
        router.get("noauth/v1/challenge_generator/:user") { request, context -> Response in
            try await generate(context: context)
        }
        router.get("noauth/v1/challenge_poller/:token") { request, context -> Response in
            try await poll(context: context)
        }
    }

    /// The validator, behind authentication and CSRF protection.
    func addValidatorRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v2/challenge_validator/:token") { request, context -> Response in
            try await show(request: request, context: context)
        }
        group.post("api/v2/challenge_validator/:token") { request, context -> Response in
            try await approve(request: request, context: context)
        }
    }

    // MARK: Generator

    private func generate(context: GatewayRequestContext) async throws -> Response {
        // Path parameters arrive percent-encoded (an email's `@` may come as `%40`).
        guard let user = context.parameters.get("user")?.removingPercentEncoding, Self.isUserName(user) else {
            throw APIError.badRequest("the user name must be 1 to 320 printable characters without spaces")
        }
        let address = context.clientAddress?.description
        guard let token = try await identity.challenges.open(user: user, address: address) else {
            throw APIError(.tooManyRequests, message: "too many login challenges from this address; try again later")
        }
        context.logger.info("CLI login challenge opened", metadata: ["challenge.user": "\(user)", "client": "\(address ?? "unknown")"])
        return JSONBody.response(ChallengeGenerated(
            challengeURL: baseURL + APIPaths.challengeValidator(token.value),
            pollingURL: baseURL + APIPaths.challengePoller(token.value)))
    }

    // MARK: Poller

    private func poll(context: GatewayRequestContext) async throws -> Response {
        let gone = JSONBody.response(
            ChallengePollResponse(
                status: ChallengePollResponse.unknown, message: "no such challenge: it expired or was already used"),
            status: .notFound)
        guard let token = context.parameters.get("token").flatMap({ ChallengeToken($0) }),
              let record = try await identity.challenges.record(for: token)
        else { return gone }
        guard isSameAddress(record, context) else {
            throw APIError.forbidden("this challenge was requested from another address")
        }
        guard record.status == .approved else { return JSONBody.response(ChallengePollResponse(status: ChallengePollResponse.pending)) }
        // Exactly one poller gets the approved record; a concurrent one finds it gone.
        guard let consumed = try await identity.challenges.consume(token), consumed.status == .approved,
              let email = consumed.email, let signedInAt = consumed.signedInAt
        else { return gone }
        let issued: (token: String, claims: SessionClaims)
        do {
            issued = try identity.sessions.issue(
                email: email, groups: consumed.groups ?? [], audience: .cli, signedInAt: signedInAt,
                groupsResolvedAt: consumed.groupsResolvedAt)
        } catch let failure as AuthenticationFailure {
            throw failure.apiError
        }
        context.logger.info("CLI login completed", metadata: ["user": "\(email)", "client": "\(context.clientAddress?.description ?? "unknown")"])
        return JSONBody.response(ChallengePollResponse.succeeded(
            cookieName: identity.cookie.name, expiration: issued.claims.expiresAt, encodedJWT: issued.token,
            user: email, secure: identity.cookie.secure))
    }

    // MARK: Validator

    /// The challenge the signed-in caller may act on, or the error saying why not.
    private func authorizedChallenge(context: GatewayRequestContext) async throws -> (ChallengeToken, ChallengeStore.Record, Identity) {
        let caller = try context.requireIdentity()
        guard let token = context.parameters.get("token").flatMap({ ChallengeToken($0) }),
              let record = try await identity.challenges.record(for: token)
        else { throw APIError.notFound("no such challenge: it expired or was already used; run the login again") }
        guard record.user.lowercased() == caller.email.lowercased() else {
            context.logger.warning("CLI login challenge refused: signed-in user differs", metadata: [
                "user": "\(caller.email)", "challenge.user": "\(record.user)",
            ])
            throw APIError.forbidden("this login was requested for another user; sign in as that user or run the login with your own")
        }
        guard isSameAddress(record, context) else {
            throw APIError.forbidden("this login was requested from another address; approve it from the same network")
        }
        return (token, record, caller)
    }

    private func show(request: Request, context: GatewayRequestContext) async throws -> Response {
        let (_, record, caller) = try await authorizedChallenge(context: context)
        if (request.headers[.accept] ?? "").contains("application/json") {
            return JSONBody.response(ChallengeView(user: record.user, status: record.status.rawValue, address: record.address))
        }
        return ChallengeApprovalPage(
            user: record.user, isPending: record.status == .pending,
            csrfToken: identity.csrf.token(for: caller.sessionID)
        ).response()
    }

    private func approve(request: Request, context: GatewayRequestContext) async throws -> Response {
        let (token, record, caller) = try await authorizedChallenge(context: context)
        let approver = try await recentBrowserSignIn(of: caller, request: request, context: context)
        guard record.status == .pending else { throw APIError(.conflict, message: "this login was already approved") }
        switch try await identity.challenges.approve(token, pending: record, approver: approver) {
        case .approved:
            context.logger.info("CLI login approved", metadata: ["user": "\(approver.email)"])
            return JSONBody.response(ChallengeApproved())
        case .alreadyApproved:
            throw APIError(.conflict, message: "this login was already approved")
        case .notFound:
            throw APIError.notFound("no such challenge: it expired or was already used; run the login again")
        }
    }

    /// Who approves: the caller when theirs is a browser session signed in at most
    /// `max_sign_in_age_seconds` ago, else the same person as the request's ALB header vouches
    /// for them now (behind the ALB, an older session needs no new sign-in); otherwise 403, so
    /// the CLI session always descends from a recent sign-in and never from another CLI session.
    private func recentBrowserSignIn(
        of caller: Identity, request: Request, context: GatewayRequestContext
    ) async throws -> Identity {
        let age = Int64(Date().timeIntervalSince1970) - caller.signedInAt
        if caller.audience == .browser, age <= Int64(settings.maxSignInAgeSeconds) { return caller }
        let current: Identity?
        do {
            current = try await identity.authenticator.currentALBSignIn(request)
        } catch {
            throw error.apiError
        }
        if let current, current.email.lowercased() == caller.email.lowercased() { return current }
        guard caller.audience == .browser else {
            context.logger.warning("CLI login approval refused: not a browser session", metadata: ["user": "\(caller.email)"])
            throw APIError.forbidden("a CLI session cannot approve a login; approve it in the browser")
        }
        context.logger.info("CLI login approval refused: sign-in too old", metadata: [
            "user": "\(caller.email)", "sign_in_age_seconds": "\(age)",
        ])
        throw APIError.forbidden(
            "your sign-in is older than \(settings.maxSignInAgeSeconds) seconds: sign in again and approve the login")
    }

    /// With `require_same_ip`, whether the request comes from the address that opened the
    /// challenge; an address that could not be determined matches nothing.
    private func isSameAddress(_ record: ChallengeStore.Record, _ context: GatewayRequestContext) -> Bool {
        guard settings.requireSameIP else { return true }
        guard let opened = record.address, let current = context.clientAddress?.description else { return false }
        return opened == current
    }

    /// What Weep may send as the user: an email or user name, no spaces or control characters.
    static func isUserName(_ text: String) -> Bool {
        (1...320).contains(text.utf8.count)
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
