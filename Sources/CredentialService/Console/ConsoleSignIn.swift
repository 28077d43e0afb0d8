public import PorticoConfig
public import PorticoHTTP

/// One-click AWS console sign-in: console credentials from the broker (never a CLI-only role),
/// exchanged at the federation endpoint for a sign-in token, wrapped in a login URL that lands
/// on the console (or the caller's console `redirect`). Each sign-in is a second audit event
/// beside the credential issuance it rests on.
public struct ConsoleSignIn: Sendable {
    /// Where sign-ins go: `aws.federation_url`, `aws.console_url` (with `{region}`),
    /// `aws.issuer`, and the default region.
    public struct Configuration: Sendable {
        public var federationURL: String
        public var consoleURL: String
        public var issuer: String
        public var region: String

        public init(
            federationURL: String = "https://signin.aws.amazon.com/federation",
            consoleURL: String = "https://{region}.console.aws.amazon.com", issuer: String = "Portico",
            region: String = "us-east-1"
        ) {
            self.federationURL = federationURL
            self.consoleURL = consoleURL
            self.issuer = issuer
            self.region = region
        }

        public init(_ configuration: PorticoConfiguration) {
            self.init(
                federationURL: configuration.aws.federationURL, consoleURL: configuration.aws.consoleURL,
                issuer: configuration.aws.issuer, region: configuration.region)
        }

        public static var defaults: Configuration { Configuration() }
    }

    public let configuration: Configuration
    private let broker: CredentialBroker
    private let federation: FederationEndpoint

    public init(configuration: Configuration, broker: CredentialBroker, http: HTTPClient) {
        self.configuration = configuration
        self.broker = broker
        self.federation = FederationEndpoint(url: configuration.federationURL, issuer: configuration.issuer, http: http)
    }

    /// A console login URL for the role `requestedRole` names.
    ///
    /// - Parameters:
    ///   - region: the console region (`{region}` in `aws.console_url`); the configured region
    ///     when nil.
    ///   - redirect: where to land instead of the console's home: an https URL on an AWS console
    ///     host, refused otherwise.
    public func login(
        for principal: Principal, requestedRole: String, region: String? = nil, redirect: String? = nil,
        noIPRestrictions: Bool = false, requestID: String
    ) async throws(CredentialBrokerError) -> ConsoleLogin {
        var event = CredentialAuditEvent(
            time: broker.now(), requestID: requestID, action: .consoleSignIn, outcome: .refused, reason: "",
            user: principal.user, groups: principal.groups, client: principal.clientName,
            requestedRole: requestedRole, sourceIP: principal.sourceAddress?.description, consoleOnly: true,
            noIPRestrictions: noIPRestrictions)
        let destination: String
        do throws(CredentialBrokerError) {
            destination = try ConsoleDestination.resolve(
                consoleURL: configuration.consoleURL, region: region ?? configuration.region, redirect: redirect)
        } catch {
            await broker.recordUnsuccessful(error, into: event)
            throw error
        }

        let (credentials, issuance) = try await broker.issueOnRecord(
            for: principal, requestedRole: requestedRole, consoleOnly: true, noIPRestrictions: noIPRestrictions,
            requestID: requestID)
        event.role = credentials.roleARN
        event.sessionName = credentials.sessionName
        event.durationSeconds = credentials.durationSeconds
        event.sessionPolicySHA256 = issuance.sessionPolicySHA256
        event.accessKeyID = credentials.accessKeyID
        event.expiration = credentials.expiration

        let token: String
        do throws(CredentialBrokerError) {
            token = try await federation.signinToken(for: credentials)
        } catch {
            await broker.recordUnsuccessful(error, into: event)
            throw error.unlessCancelled
        }
        event.outcome = .issued
        event.reason = "ok"
        try await broker.audit.record(event)
        return ConsoleLogin(
            url: federation.loginURL(signinToken: token, destination: destination), roleARN: credentials.roleARN,
            expiration: credentials.expiration)
    }
}
