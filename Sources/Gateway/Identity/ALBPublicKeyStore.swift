import Foundation
import Logging
import PorticoCore
import PorticoCrypto
import PorticoHTTP

/// The ALB's public keys by key id: fetched from the configured URL on first use, kept for the
/// life of the process (an ALB key never changes under its id), fetched at most once at a time
/// per id however many requests wait for it, with a failed fetch remembered only briefly.
///
/// Memory and outbound traffic stay bounded whatever tokens arrive: at most `maxCachedKeys`
/// keys and remembered failures, and at most `maxConcurrentFetches` different ids fetched at once.
actor ALBPublicKeyStore {
    struct Configuration: Sendable {
        /// The key URL with `{region}` and `{kid}` placeholders (`auth.alb.public_key_url`).
        var urlTemplate: String
        var region: String
        /// How long a failed fetch answers for its key id before the next attempt.
        var failureRetention: Duration = .seconds(5)
        var maxCachedKeys = 64
        var maxConcurrentFetches = 8
        var requestTimeout: Duration = .seconds(5)
        /// A PEM public key is about 180 bytes; anything much larger is not one.
        var maxKeyBytes = 8 * 1024
    }

    private let configuration: Configuration
    private let httpClient: HTTPClient
    private let metrics: IdentityMetrics
    private let logger: Logger
    private var keys: [ALBKeyID: P256PublicKey] = [:]
    private var keyOrder: [ALBKeyID] = []
    private var failures: [ALBKeyID: (failure: AuthenticationFailure, until: ContinuousClock.Instant)] = [:]
    private let fetches = SingleFlight<ALBKeyID, P256PublicKey, AuthenticationFailure>()

    init(configuration: Configuration, httpClient: HTTPClient, metrics: IdentityMetrics, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.metrics = metrics
        self.logger = logger
    }

    /// The public key named `kid`.
    /// - Throws: `unknownSigningKey` when the key server does not have it, `signingKeyUnavailable`
    ///   when it cannot be asked (or too many other keys are being fetched).
    func key(for kid: ALBKeyID) async throws(AuthenticationFailure) -> P256PublicKey {
        if let key = keys[kid] {
            metrics.keyLookup(.cached)
            return key
        }
        let now = ContinuousClock.now
        if let remembered = failures[kid] {
            if remembered.until > now {
                metrics.keyLookup(.recentFailure)
                throw remembered.failure
            }
            failures[kid] = nil
        }
        if fetches.isRunning(kid) {
            metrics.keyLookup(.joined)
        } else {
            guard fetches.count < configuration.maxConcurrentFetches else {
                metrics.keyLookup(.refused)
                throw .signingKeyUnavailable
            }
            metrics.keyLookup(.fetched)
        }
        let url = configuration.urlTemplate
            .replacingOccurrences(of: "{region}", with: configuration.region)
            .replacingOccurrences(of: "{kid}", with: kid.value)
        // Decided and started in one step on the actor: no other call interleaves. The outcome is
        // remembered before the fetch counts as ended, so no caller starts a second one meanwhile.
        let fetch = fetches.flight(for: kid) { [httpClient, configuration, logger] () async throws(AuthenticationFailure) -> P256PublicKey in
            let result = await Self.fetch(url: url, kid: kid, httpClient: httpClient, configuration: configuration, logger: logger)
            await self.remember(result, for: kid)
            return try result.get()
        }.flight
        return try await fetch.value.get()
    }

    private func remember(_ result: Result<P256PublicKey, AuthenticationFailure>, for kid: ALBKeyID) {
        switch result {
        case .success(let key): remember(key, for: kid)
        case .failure(let failure): remember(failure, for: kid)
        }
    }

    private func remember(_ key: P256PublicKey, for kid: ALBKeyID) {
        if keys[kid] == nil { keyOrder.append(kid) }
        keys[kid] = key
        while keyOrder.count > configuration.maxCachedKeys {
            keys[keyOrder.removeFirst()] = nil
        }
    }

    private func remember(_ failure: AuthenticationFailure, for kid: ALBKeyID) {
        let now = ContinuousClock.now
        if failures.count >= configuration.maxCachedKeys {
            failures = failures.filter { $0.value.until > now }
            if failures.count >= configuration.maxCachedKeys { failures.removeAll() }
        }
        failures[kid] = (failure, now + configuration.failureRetention)
    }

    /// One GET of the key URL, off the actor.
    private static func fetch(
        url: String, kid: ALBKeyID, httpClient: HTTPClient, configuration: Configuration, logger: Logger
    ) async -> Result<P256PublicKey, AuthenticationFailure> {
        let response: HTTPClient.Response
        do {
            response = try await httpClient.execute(HTTPClient.Request(
                url: url, timeout: configuration.requestTimeout, maxResponseBytes: configuration.maxKeyBytes))
        } catch {
            logger.warning("cannot fetch the ALB public key", metadata: ["alb.kid": "\(kid)", "error": "\(error)"])
            return .failure(.signingKeyUnavailable)
        }
        switch response.status {
        case 200:
            do {
                return .success(try P256PublicKey(pemRepresentation: response.bodyText))
            } catch {
                logger.warning("the ALB key URL did not return a P-256 PEM key", metadata: ["alb.kid": "\(kid)", "error": "\(error)"])
                return .failure(.signingKeyUnavailable)
            }
        case 400..<500:
            logger.info("the ALB key server does not know the key id", metadata: ["alb.kid": "\(kid)", "http.status": "\(response.status)"])
            return .failure(.unknownSigningKey)
        default:
            logger.warning("the ALB key server failed", metadata: ["alb.kid": "\(kid)", "http.status": "\(response.status)"])
            return .failure(.signingKeyUnavailable)
        }
    }
}
