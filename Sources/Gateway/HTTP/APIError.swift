public import Hummingbird

/// An error answer of the REST API: `{"status": 401, "code": "401", "message": "..."}` with a
/// stable code and a human message, never a stack trace or a credential.
///
/// The code defaults to the status; ConsoleMe-compatible endpoints use their own codes (`900`…).
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String? = nil, message: String) {
        self.status = status
        self.code = code ?? String(status.code)
        self.message = message
    }

    public static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, message: message) }
    public static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message: message) }
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message: message) }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONBody.encode(Body(status: Int(status.code), code: code, message: message))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct Body: Encodable {
        let status: Int
        let code: String
        let message: String
    }
}
