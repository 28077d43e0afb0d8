import Foundation
import Logging
import Metrics
import PorticoCore
import PorticoHTTP

/// Hands out the service account's Directory access token: exchanges a signed assertion at the
/// token endpoint when there is no fresh token, and shares the token with every lookup (for
/// every user) until shortly before it expires. Only one exchange runs at a time: callers that
/// arrive meanwhile wait for it and get its result.
actor GoogleAccessTokenSource {
    private let assertion: GoogleAssertion
    private let tokenURL: String
    private let http: HTTPClient
    private let clock: WallClock
    private let maxResponseBytes: Int
    private let logger: Logger
    private var current: GoogleAccessToken?
    private let exchanges = SingleFlight<Exchange, GoogleAccessToken, GoogleDirectoryError>()

    /// The one exchange there is.
    private enum Exchange: Hashable, Sendable { case token }

    init(assertion: GoogleAssertion, tokenURL: String, http: HTTPClient, clock: WallClock, maxResponseBytes: Int, logger: Logger) {
        self.assertion = assertion
        self.tokenURL = tokenURL
        self.http = http
        self.clock = clock
        self.maxResponseBytes = maxResponseBytes
        self.logger = logger
    }

    /// A fresh token: the current one, the one being fetched, or a newly fetched one.
    func token() async throws(GoogleDirectoryError) -> GoogleAccessToken {
        if let current, current.isFresh(at: clock.now) { return current }
        let (assertion, tokenURL, http, clock, limit, logger) =
            (self.assertion, self.tokenURL, self.http, self.clock, self.maxResponseBytes, self.logger)
        // The token is kept before the exchange counts as ended, so no caller starts another meanwhile.
        let exchange = exchanges.flight(for: .token) { () async throws(GoogleDirectoryError) -> GoogleAccessToken in
            let result = await Self.exchange(
                assertion: assertion, tokenURL: tokenURL, http: http, clock: clock, maxResponseBytes: limit, logger: logger)
            if case .success(let token) = result { await self.keep(token) }
            return try result.get()
        }.flight
        return try await exchange.value.get()
    }

    private func keep(_ token: GoogleAccessToken) {
        current = token
    }

    /// Forgets `token` (Google refused it before its time), so the next call fetches another.
    func discard(_ token: GoogleAccessToken) {
        if current == token { current = nil }
    }

    /// POSTs `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…` and reads
    /// `{access_token, expires_in, token_type}`.
    private static func exchange(
        assertion: GoogleAssertion, tokenURL: String, http: HTTPClient, clock: WallClock, maxResponseBytes: Int, logger: Logger
    ) async -> Result<GoogleAccessToken, GoogleDirectoryError> {
        let issuedAt = clock.now
        let signed: String
        do {
            signed = try assertion.signed(now: issuedAt)
        } catch {
            return .failure(error)
        }
        let body = PercentEncoding.query([
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", signed),
        ])
        let request = HTTPClient.Request(
            method: "POST", url: tokenURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(body.utf8), maxResponseBytes: maxResponseBytes)
        let response: HTTPClient.Response
        do {
            response = try await http.execute(request)
        } catch {
            Counter(label: "portico_auth_google_token_requests_total", dimensions: [("result", "unreachable")]).increment()
            return .failure(.unreachable(endpoint: .token, reason: "\(error)"))
        }
        guard response.isSuccess else {
            Counter(label: "portico_auth_google_token_requests_total", dimensions: [("result", "rejected")]).increment()
            let message = GoogleErrorMessage.extract(from: response.body, redacting: [signed])
            logger.warning("Google refused the service-account assertion", metadata: [
                "google.status": "\(response.status)", "google.message": "\(message)",
            ])
            return .failure(.rejected(endpoint: .token, status: response.status, message: message))
        }
        let reply: TokenReply
        do {
            reply = try JSONDecoder().decode(TokenReply.self, from: Data(response.body))
        } catch {
            return .failure(.malformedResponse(endpoint: .token, reason: "no access_token and expires_in in the JSON answer"))
        }
        guard !reply.accessToken.isEmpty, reply.accessToken.utf8.count <= 4096,
              reply.accessToken.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .failure(.malformedResponse(endpoint: .token, reason: "access_token is not a printable token of at most 4096 bytes"))
        }
        if let type = reply.tokenType, type.lowercased() != "bearer" {
            return .failure(.malformedResponse(endpoint: .token, reason: "token_type is not Bearer"))
        }
        guard reply.expiresIn > 0 else {
            return .failure(.malformedResponse(endpoint: .token, reason: "expires_in is not positive"))
        }
        Counter(label: "portico_auth_google_token_requests_total", dimensions: [("result", "issued")]).increment()
        let lifetime = min(reply.expiresIn, GoogleAssertion.maxLifetimeSeconds * 24)
        logger.debug("Google access token issued", metadata: ["google.expires_in": "\(lifetime)"])
        return .success(GoogleAccessToken(value: reply.accessToken, issuedAt: issuedAt, lifetimeSeconds: lifetime))
    }

    private struct TokenReply: Decodable {
        var accessToken: String
        var expiresIn: Int64
        var tokenType: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case tokenType = "token_type"
        }
    }
}
