import Foundation
import PorticoCore
import PorticoHTTP

/// The AWS sign-in federation endpoint (`aws.federation_url`): exchanges temporary credentials
/// for a sign-in token (`Action=getSigninToken`) and builds the console login URL around it
/// (`Action=login`).
struct FederationEndpoint: Sendable {
    let url: String
    let issuer: String
    let http: HTTPClient

    static let timeout = Duration.seconds(10)
    static let maxResponseBytes = 16 * 1024
    static let maxTokenBytes = 8 * 1024

    /// The `Session` parameter: the credentials as the endpoint expects them.
    private struct Session: Encodable {
        let sessionId: String
        let sessionKey: String
        let sessionToken: String
    }

    private struct TokenAnswer: Decodable {
        let SigninToken: String
    }

    /// Asks for a sign-in token for a console session as long as the credentials last.
    func signinToken(for credentials: IssuedCredentials) async throws(CredentialBrokerError) -> String {
        let session: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            session = String(decoding: try encoder.encode(Session(
                sessionId: credentials.accessKeyID, sessionKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken)), as: UTF8.self)
        } catch {
            throw .federationFailed("the session could not be encoded")
        }
        let query = PercentEncoding.query([
            ("Action", "getSigninToken"), ("SessionDuration", String(credentials.durationSeconds)),
            ("Session", session),
        ])
        let response: HTTPClient.Response
        do {
            response = try await http.execute(HTTPClient.Request(
                url: join(query), timeout: Self.timeout, maxResponseBytes: Self.maxResponseBytes))
        } catch {
            throw .federationFailed("\(error)")
        }
        guard response.isSuccess else { throw .federationFailed("HTTP \(response.status) from getSigninToken") }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(response.body)),
              !answer.SigninToken.isEmpty, answer.SigninToken.utf8.count <= Self.maxTokenBytes
        else { throw .federationFailed("getSigninToken answered without a usable SigninToken") }
        return answer.SigninToken
    }

    /// The URL that signs the browser in and lands it on `destination`.
    func loginURL(signinToken: String, destination: String) -> String {
        join(PercentEncoding.query([
            ("Action", "login"), ("Issuer", issuer), ("Destination", destination), ("SigninToken", signinToken),
        ]))
    }

    private func join(_ query: String) -> String {
        url + (url.contains("?") ? "&" : "?") + query
    }
}
