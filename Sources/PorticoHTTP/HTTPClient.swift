internal import CCurl
internal import CPorticoShims
public import Logging

/// Outbound HTTP(S) for every Portico service (AWS APIs, Google, Slack, ALB keys), on libcurl.
///
/// One client drives all its requests on one dedicated thread through a libcurl multi handle,
/// so connections are reused across requests and blocking C calls stay off the cooperative
/// pool. Responses of every status are returned; only transport failures throw
/// (`HTTPClientError`). Create one per process (or per configuration), share it, and call
/// `shutdown()` when done. Like every libcurl program it honours the standard proxy
/// environment variables (`https_proxy`, `no_proxy`, ...).
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    private let logger: Logger
    private let loop: TransferLoop?

    public init(configuration: Configuration = .defaults, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        let initialised = portico_curl_global_init_once() == CURLE_OK
        self.loop = initialised
            ? TransferLoop(maxConnectionsPerHost: configuration.maxConnectionsPerHost, logger: logger)
            : nil
        if loop == nil { logger.error("libcurl could not be initialised; every request will fail") }
    }

    deinit { loop?.requestShutdown() }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Throws: `HTTPClientError` when the request is invalid or no response arrives (timeout,
    ///   connection or TLS failure, oversize body, shutdown); `CancellationError` when the calling
    ///   task is cancelled, which abandons the transfer.
    public func execute(_ request: Request) async throws -> Response {
        let spec = try TransferSpec(request, configuration: configuration)
        try Task.checkCancellation()
        guard let loop else {
            throw HTTPClientError.transport(code: -1, reason: "libcurl could not be initialised")
        }
        let pending = PendingTransfer(spec: spec)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if pending.attach(continuation) { loop.submit(pending) }
            }
        } onCancel: {
            pending.markCancelled()
            loop.cancel(pending)
        }
    }

    /// Fails requests in flight with `.shutdown`, closes every connection and stops the client's
    /// thread. Later requests fail with `.shutdown`. Safe to call more than once.
    public func shutdown() async {
        await loop?.shutdown()
    }
}
