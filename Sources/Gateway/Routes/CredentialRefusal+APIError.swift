import PorticoAPI
import Proto

extension APIError {
    /// The answer for a refusal of the credential service, with ConsoleMe's codes:
    /// `900` no matching role and `901` several (with `"matching roles"`) as `403`; `904` a
    /// malformed request or redirect as `400`; any other refusal (`ip_restrictions_required`,
    /// …) as `403` with its reason as the code.
    init(refusal: CredentialRefusal) {
        switch refusal.code {
        case APIErrorBody.Code.noMatchingRoles:
            self.init(.forbidden, code: APIErrorBody.Code.noMatchingRoles, message: "No matching roles")
        case APIErrorBody.Code.multipleMatchingRoles:
            self.init(
                .forbidden, code: APIErrorBody.Code.multipleMatchingRoles, message: refusal.message,
                matchingRoles: refusal.matchingRoles)
        case APIErrorBody.Code.malformedRequest:
            self.init(.badRequest, code: APIErrorBody.Code.malformedRequest, message: refusal.message)
        default:
            let code = refusal.code.isEmpty ? refusal.reason : refusal.code
            self.init(.forbidden, code: code.isEmpty ? "403" : code, message: refusal.message)
        }
    }
}
