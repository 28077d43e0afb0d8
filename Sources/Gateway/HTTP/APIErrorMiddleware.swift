import Hummingbird
import Logging

/// Turns every failure into the API's JSON error shape: `APIError`s pass as they are, other
/// HTTP errors (an unknown route, a body too large) keep their status with a generic message,
/// and anything else is a logged `500` whose body says nothing about the cause.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let status = error.status
            throw APIError(status, message: status.reasonPhrase.isEmpty ? "request failed" : status.reasonPhrase.lowercased())
        } catch is CancellationError {
            throw APIError(.serviceUnavailable, message: "the request was cancelled")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, message: "internal error")
        }
    }
}
