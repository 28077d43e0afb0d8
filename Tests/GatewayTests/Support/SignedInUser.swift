import Foundation
import PorticoAPI
import PorticoHTTP

/// A user signed in through the ALB path: the session token from the cookie and the CSRF token
/// from the profile.
struct SignedInUser {
    let sessionToken: String
    let csrfToken: String
    let cookieName: String

    var cookieHeader: (String, String) { ("Cookie", "\(cookieName)=\(sessionToken)") }
    var bearerHeader: (String, String) { ("Authorization", "Bearer \(sessionToken)") }
    var csrfHeader: (String, String) { ("X-CSRF-Token", csrfToken) }

    /// Signs `email` in with an ALB token from `factory`.
    static func signIn(
        _ email: String, groups: [String] = ["engineering@example.com"], factory: ALBTokenFactory, at gateway: RunningGateway,
        extraHeaders: [(String, String)] = []
    ) async throws -> SignedInUser {
        let token = try factory.token(payload: factory.payload(email: email, groups: .list(groups)))
        let cookieName = gateway.configuration.auth.session.cookieName
        let response = try await gateway.request(
            "/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)] + extraHeaders)
        guard response.status == 200, let session = response.cookieValue(named: cookieName),
              let csrf = (try? APIJSON.decode(UserProfile.self, from: Data(response.body)))?.csrfToken
        else { throw SignInFailed(status: response.status, message: response.message) }
        return SignedInUser(sessionToken: session, csrfToken: csrf, cookieName: cookieName)
    }

    struct SignInFailed: Error {
        let status: Int
        let message: String
    }
}
