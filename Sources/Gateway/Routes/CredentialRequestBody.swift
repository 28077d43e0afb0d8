import Foundation
import PorticoCore

/// The body of `POST /api/v1/get_credentials`, as Weep and ConsoleMe's other clients send it:
/// `{"requested_role": ARN-or-fragment, "console_only"?: bool, "no_ip_restrictions"?: bool,
/// "metadata"?: object}`. `metadata` (Weep's client details) is accepted and dropped unread;
/// unknown fields are ignored, `null` counts as absent. Anything else is refused with
/// ConsoleMe's code `904` and a message naming what was wrong.
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
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw malformed("the body is not valid JSON")
        }
        guard case .object(let fields) = value else { throw malformed("the body must be a JSON object") }
        var body: CredentialRequestBody
        switch fields["requested_role"] {
        case .string(let role)?:
            let trimmed = role.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw malformed("requested_role must not be empty") }
            guard trimmed.utf8.count <= maxRoleBytes else {
                throw malformed("requested_role is longer than \(maxRoleBytes) bytes")
            }
            body = CredentialRequestBody(requestedRole: trimmed)
        case nil, .null?:
            throw malformed("requested_role is required")
        case _?:
            throw malformed("requested_role must be a string")
        }
        body.consoleOnly = try flag("console_only", in: fields)
        body.noIPRestrictions = try flag("no_ip_restrictions", in: fields)
        switch fields["metadata"] {
        case nil, .null?, .object?: break
        case _?: throw malformed("metadata must be a JSON object")
        }
        return body
    }

    private static func flag(_ name: String, in fields: [String: JSONValue]) throws(APIError) -> Bool {
        switch fields[name] {
        case nil, .null?: false
        case .bool(let value)?: value
        case _?: throw malformed("\(name) must be true or false")
        }
    }

    /// A `400` with ConsoleMe's code for a malformed request.
    static func malformed(_ message: String) -> APIError {
        APIError(.badRequest, code: "904", message: "Malformed request: \(message)")
    }
}
