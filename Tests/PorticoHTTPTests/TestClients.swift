import Logging
import PorticoHTTP

/// A client for one test, with the defaults changed by `edit`; quiet unless given a logger.
func makeClient(
    _ edit: (inout HTTPClient.Configuration) -> Void = { _ in },
    logger: Logger = Logger(label: "portico.http.test")
) -> HTTPClient {
    var configuration = HTTPClient.Configuration.defaults
    edit(&configuration)
    return HTTPClient(configuration: configuration, logger: logger)
}

/// The `HTTPClientError` that `body` throws, or nil when it throws something else or nothing.
func clientError(_ body: () async throws -> HTTPClient.Response) async -> HTTPClientError? {
    do {
        _ = try await body()
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        return nil
    }
}
