import Foundation
import PorticoAPI

/// The body of `POST /api/v1/get_credentials` (`PorticoAPI.CredentialRequest`, as Weep and
/// ConsoleMe's other clients send it), read and checked (`requested_role` without control
/// characters, at most `maxRoleBytes`): `metadata` (Weep's client details) is
/// accepted and dropped unread, unknown fields are ignored, `null` counts as absent. Anything else
/// is refused with ConsoleMe's code `904` and a message naming what was wrong.
struct CredentialRequestBody: Sendable, Equatable {
    /// The most bytes a body may have.
    static let maxBytes = 64 * 1024
    /// The most bytes `requested_role` may have (an ARN is at most 2048 characters).
    static let maxRoleBytes = 2048

    var requestedRole: String
    var consoleOnly = false
    var noIPRestrictions = false

    /// Reads a body that is at most `maxBytes` long.
    /// - Throws: `APIError` 400 with code `904`.
    static func parse(_ bytes: [UInt8]) throws(APIError) -> CredentialRequestBody {
        guard !bytes.isEmpty else { throw malformed("the body is empty: send a JSON object with requested_role") }
        let request: CredentialRequest
        do {
            request = try APIJSON.decode(CredentialRequest.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw malformed(complaint(about: error))
        } catch {
            throw malformed("the body is not valid JSON")
        }
        let role = request.requestedRole.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !role.isEmpty else { throw malformed("requested_role must not be empty") }
        guard role.utf8.count <= maxRoleBytes else { throw malformed("requested_role is longer than \(maxRoleBytes) bytes") }
        guard !RequestText.hasControlCharacter(role) else { throw malformed("requested_role must not contain control characters") }
        return CredentialRequestBody(
            requestedRole: role, consoleOnly: request.consoleOnly ?? false, noIPRestrictions: request.noIPRestrictions ?? false)
    }

    /// What was wrong, by the field the decoder stopped at.
    private static func complaint(about error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "\(key.stringValue) is required"
        case .valueNotFound(_, let context):
            return "\(context.codingPath.first?.stringValue ?? "a field") is required"
        case .typeMismatch(_, let context):
            switch context.codingPath.first?.stringValue {
            case nil: return "the body must be a JSON object"
            case "requested_role"?: return "requested_role must be a string"
            case "metadata"?: return "metadata must be a JSON object"
            case let flag?: return "\(flag) must be true or false"
            }
        case .dataCorrupted:
            return "the body is not valid JSON"
        @unknown default:
            return "the body is not valid JSON"
        }
    }

    /// A `400` with ConsoleMe's code for a malformed request.
    static func malformed(_ message: String) -> APIError {
        APIError(.badRequest, code: APIErrorBody.Code.malformedRequest, message: "Malformed request: \(message)")
    }
}
