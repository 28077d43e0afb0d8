public import Hummingbird
public import PorticoAPI

/// An error answer of the REST API: `{"status": 401, "code": "401", "message": "..."}`
/// (`PorticoAPI.APIErrorBody`) with a stable code and a human message, never a stack trace or a
/// credential.
///
/// The code defaults to the status; ConsoleMe-compatible endpoints use their own codes (`900`…)
/// and, when a role request matched several roles, list them under `"matching roles"` (with
/// the space, as ConsoleMe and Weep spell it).
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// The roles an ambiguous role request matched (ConsoleMe's `901`).
    public let matchingRoles: [String]?

    public init(_ status: HTTPResponse.Status, code: String? = nil, message: String, matchingRoles: [String]? = nil) {
        self.status = status
        self.code = code ?? String(status.code)
        self.message = message
        self.matchingRoles = matchingRoles
    }

    public static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, message: message) }
    public static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message: message) }
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message: message) }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONBody.encode(self.body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The body this error is answered with.
    public var body: APIErrorBody {
        APIErrorBody(status: Int(status.code), code: code, message: message, matchingRoles: matchingRoles)
    }
}
