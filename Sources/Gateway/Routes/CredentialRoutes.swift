import Hummingbird
import NIOCore
import PorticoAPI
import Proto

/// `POST /api/v1/get_credentials` (ConsoleMe's and Weep's contract): temporary AWS credentials
/// for one of the caller's roles, from the credential service, restricted to where the caller
/// is: a `PorticoAPI.CredentialRequest`, answered `200` by a `CredentialsResponse` `{"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration":
/// <epoch seconds>}}`; refusals carry ConsoleMe's codes (`APIError(refusal:)`), a malformed
/// body `400` with `904`. Cookie sessions need the CSRF token (`CSRFMiddleware`); bearer
/// tokens don't. Nothing of the credentials is logged.
struct CredentialRoutes: Sendable {
    let backends: GatewayBackends

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("api/v1/get_credentials") { request, context in
            try await backends.routeMetrics.counting(.getCredentials) {
                try await getCredentials(request, context: context)
            }
        }
    }

    private func getCredentials(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let body = try CredentialRequestBody.parse(try await Self.bodyBytes(of: request))
        let caller = try context.requireAuthorization()
        let reply: GetCredentialsResponse
        do {
            reply = try await backends.clients.credentials.getCredentials(
                GetCredentialsRequest(
                    principal: caller.principal, sourceIP: context.clientAddress?.description ?? "",
                    requestedRole: body.requestedRole, consoleOnly: body.consoleOnly, noIPRestrictions: body.noIPRestrictions),
                options: backends.callOptions(for: context))
        } catch {
            throw APIError.backendFailure(error, from: .credentials, logger: context.logger)
        }
        if let refusal = reply.refusal { throw APIError(refusal: refusal) }
        guard let issued = reply.credentials else {
            throw APIError(.badGateway, message: "the credential service answered without credentials")
        }
        return JSONBody.response(CredentialsResponse(credentials: .init(
            accessKeyID: issued.accessKeyID, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken,
            expiration: issued.expiration)))
    }

    /// The request body, at most `CredentialRequestBody.maxBytes` long.
    /// - Throws: `APIError` 400 `904` when it is longer.
    private static func bodyBytes(of request: Request) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: CredentialRequestBody.maxBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw CredentialRequestBody.malformed("the body is larger than \(CredentialRequestBody.maxBytes) bytes")
        }
    }
}
