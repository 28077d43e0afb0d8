public import Logging
public import PorticoHTTP

/// The shared engine under every service client: resolves the endpoint, signs with the current
/// credentials, sends over `HTTPClient`, retries throttling and transient failures, and turns
/// error answers into `AWSError`.
///
/// Cheap to copy; one per credential source (the hub, each spoke account) sharing one
/// `HTTPClient`.
public struct AWSClient: Sendable {
    public let configuration: AWSConfiguration
    public let credentials: any AWSCredentialProvider
    let http: HTTPClient
    let logger: Logger
    let runtime: AWSRuntime

    public init(
        configuration: AWSConfiguration, credentials: any AWSCredentialProvider, http: HTTPClient,
        logger: Logger, runtime: AWSRuntime = .live
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.http = http
        self.logger = logger
        self.runtime = runtime
    }

    /// The same engine with other credentials (a spoke account's session, say).
    public func with(credentials: any AWSCredentialProvider) -> AWSClient {
        AWSClient(configuration: configuration, credentials: credentials, http: http, logger: logger, runtime: runtime)
    }

    /// The same engine with another configuration (another region, say).
    public func with(configuration: AWSConfiguration) -> AWSClient {
        AWSClient(configuration: configuration, credentials: credentials, http: http, logger: logger, runtime: runtime)
    }

    /// Sends one call and returns the successful (2xx) response; throws `AWSError` for an error
    /// answer (after retries when it is retryable) and `AWSClientError` for everything else.
    /// `signed: false` sends it without credentials (STS `AssumeRoleWithWebIdentity`).
    func send(_ request: AWSRequest, service: AWSService, signed: Bool = true) async throws -> HTTPClient.Response {
        var endpoint = try AWSEndpoint.resolve(service, configuration: configuration)
        if let prefix = request.hostPrefix, configuration.endpointURL == nil { endpoint.host = prefix + endpoint.host }
        let policy = RetryPolicy(maxAttempts: configuration.maxAttempts, configuration: configuration.retry)
        var attempt = 0
        while true {
            attempt += 1
            switch try await exchange(request, service: service, endpoint: endpoint, signed: signed, attempt: attempt) {
            case .answered(let response):
                return response
            case .retryable(let failure, let retryAfter):
                guard let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, random: runtime.random())
                else { throw failure }
                try await runtime.sleep(delay)
            }
        }
    }

    /// How one attempt ended, when it did not end in an error worth throwing at once.
    private enum AttemptOutcome {
        case answered(HTTPClient.Response)
        case retryable(any Error, retryAfter: Duration?)
    }

    /// One signed exchange: a 2xx answer, a retryable failure, or a thrown final error.
    private func exchange(
        _ request: AWSRequest, service: AWSService, endpoint: AWSEndpoint, signed: Bool, attempt: Int
    ) async throws -> AttemptOutcome {
        let prepared = try await prepare(request, service: service, endpoint: endpoint, signed: signed)
        let response: HTTPClient.Response
        do {
            response = try await http.execute(prepared)
        } catch let error as HTTPClientError {
            logger.debug("AWS call failed in transport", metadata: [
                "aws.service": "\(service.signingName)", "aws.operation": "\(request.operation)",
                "aws.attempt": "\(attempt)", "error": "\(error)",
            ])
            guard Self.isRetryable(error) else { throw AWSClientError.transport(error.description) }
            return .retryable(AWSClientError.transport(error.description), retryAfter: nil)
        }
        if (200..<300).contains(response.status) {
            logger.debug("AWS call succeeded", metadata: metadata(request, service, attempt, response))
            return .answered(response)
        }
        let error = AWSErrorParser.parse(response, service: service.signingName, operation: request.operation)
        logger.debug("AWS call failed", metadata: metadata(request, service, attempt, response, code: error.code))
        guard error.isRetryable else { throw error }
        let retryAfter = response.headers["Retry-After"].flatMap { RetryAfter.parse($0, now: runtime.now()) }
        return .retryable(error, retryAfter: retryAfter)
    }

    /// Builds the HTTP request: URL from the endpoint, headers, and (when signed) the SigV4 headers.
    private func prepare(
        _ request: AWSRequest, service: AWSService, endpoint: AWSEndpoint, signed: Bool
    ) async throws -> HTTPClient.Request {
        let wirePath = endpoint.basePath + request.path
        var fields = request.headers + configuration.additionalHeaders
        let query: String
        if signed {
            let signer = SigV4Signer(
                credentials: try await credentials.credentials(), region: endpoint.signingRegion,
                service: service.signingName, options: service.signerOptions, clock: runtime.now)
            let signedRequest = signer.sign(SigV4Request(
                method: request.method, host: endpoint.hostHeader, path: wirePath, query: request.query,
                headers: fields, body: request.body))
            fields = signedRequest.headers
            query = signedRequest.canonicalQuery
        } else {
            fields.insert(HeaderField("Host", endpoint.hostHeader), at: 0)
            query = Canonicalization.queryString(request.query)
        }
        var headers = HTTPClient.Headers()
        for field in fields { headers.add(name: field.name, value: field.value) }
        return HTTPClient.Request(
            method: request.method, url: endpoint.url(path: wirePath, query: query), headers: headers,
            body: request.body, timeout: configuration.requestTimeout)
    }

    private static func isRetryable(_ error: HTTPClientError) -> Bool {
        switch error {
        case .timeout, .connectionFailed, .transport: true
        case .invalidURL, .invalidRequest, .responseTooLarge, .tls, .shutdown: false
        }
    }

    private func metadata(
        _ request: AWSRequest, _ service: AWSService, _ attempt: Int, _ response: HTTPClient.Response, code: String? = nil
    ) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "aws.service": "\(service.signingName)", "aws.operation": "\(request.operation)",
            "aws.attempt": "\(attempt)", "http.status": "\(response.status)",
        ]
        if let id = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"] {
            metadata["aws.request_id"] = "\(id)"
        }
        if let code { metadata["aws.error"] = "\(code)" }
        return metadata
    }
}

/// One call to an AWS API before it is signed: method, wire path (encoded), unencoded query
/// items, extra headers and body.
struct AWSRequest: Sendable {
    var operation: String
    var method: String
    var path: String
    var query: [QueryItem]
    var headers: [HeaderField]
    var body: [UInt8]
    /// Put in front of the endpoint's host (S3 virtual-hosted buckets: `bucket.`); ignored when
    /// an endpoint override is configured.
    var hostPrefix: String?

    init(
        operation: String, method: String = "POST", path: String = "/", query: [QueryItem] = [],
        headers: [HeaderField] = [], body: [UInt8] = [], hostPrefix: String? = nil
    ) {
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.hostPrefix = hostPrefix
    }
}
