import Logging
import PorticoConfig
import PorticoHTTP
import PorticoRedis
import PorticoService
import Prometheus

/// The gateway's identity layer, assembled from configuration at start: session tokens, CSRF
/// tokens, the session cookie, ALB token validation with its key store, the request
/// authenticator, session revocations and their audit trail, the CLI login challenges, and (in
/// dev only) the development ALB signer.
struct GatewayIdentity: Sendable {
    /// The shortest session secret accepted outside dev (HS256 wants a 256-bit key).
    static let minimumProductionSecretBytes = 32

    let configuration: PorticoConfiguration
    let sessions: SessionTokens
    let csrf: CSRFTokens
    let cookie: SessionCookie
    let albVerifier: ALBTokenVerifier
    let authenticator: RequestAuthenticator
    let challenges: ChallengeStore
    let revocations: SessionRevocations
    let audit: SessionAuditTrail
    /// Present only when `environment` is dev.
    let devSigner: DevALBSigner?
    let metrics: IdentityMetrics

    init(
        configuration: PorticoConfiguration, limits: GatewayLimits, httpClient: HTTPClient, redis: RedisClient,
        registry: PrometheusCollectorRegistry, logger: Logger
    ) throws(GatewayStartupError) {
        let auth = configuration.auth
        let isDevelopment = configuration.environment == .dev
        guard let secret = auth.session.secret, !secret.exposed.isEmpty,
              isDevelopment || secret.bytes.count >= Self.minimumProductionSecretBytes
        else { throw .weakSessionSecret(minimumBytes: Self.minimumProductionSecretBytes) }
        guard Self.isHeaderName(auth.alb.header) else { throw .invalidHeaderName(auth.alb.header) }

        let lifetime = Duration.seconds(auth.session.expirationMinutes * 60)
        self.configuration = configuration
        metrics = IdentityMetrics(registry: registry)
        let maxLifetime = Duration.seconds(auth.session.maxLifetimeMinutes * 60)
        sessions = SessionTokens(secret: secret, lifetime: lifetime, maxLifetime: maxLifetime)
        revocations = SessionRevocations(redis: redis, maxLifetime: maxLifetime)
        audit = SessionAuditTrail(
            redis: redis, stream: auth.session.auditStream, archive: AuditArchive.configured(configuration, http: httpClient, logger: logger))
        csrf = CSRFTokens(secret: secret)
        cookie = try SessionCookie(
            name: auth.session.cookieName, secure: !isDevelopment, lifetime: min(lifetime, maxLifetime))
        let keys = ALBPublicKeyStore(
            configuration: .init(
                urlTemplate: auth.alb.publicKeyURL, region: auth.alb.region,
                failureRetention: limits.albKeyFailureRetention),
            httpClient: httpClient, metrics: metrics, logger: logger)
        albVerifier = ALBTokenVerifier(
            configuration: .init(
                leeway: limits.albExpiryLeeway, emailClaim: auth.alb.emailClaim, groupsClaim: auth.alb.groupsClaim,
                signers: ALBTokenVerifier.acceptedSigners(auth.alb, environment: configuration.environment),
                issuer: auth.alb.issuer, clientIDs: auth.alb.clientIDs),
            keys: keys)
        authenticator = RequestAuthenticator(
            sessions: sessions, cookie: cookie, alb: auth.alb.enabled ? albVerifier : nil, albHeader: auth.alb.header,
            revocations: revocations, groupsRefreshSeconds: Int64(auth.session.groupsRefreshSeconds))
        challenges = ChallengeStore(
            redis: redis, ttl: .seconds(auth.challenge.ttlSeconds), maxChallengesPerAddress: limits.maxChallengesPerAddress)
        if isDevelopment {
            do {
                devSigner = try DevALBSigner()
            } catch {
                throw .developmentKeyUnavailable("\(error)")
            }
        } else {
            devSigner = nil
        }
    }

    /// An RFC 9110 token: what a header name may be.
    private static func isHeaderName(_ name: String) -> Bool {
        let allowed = Set("!#$%&'*+-.^_`|~".utf8)
        return !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || allowed.contains(byte)
        }
    }
}
