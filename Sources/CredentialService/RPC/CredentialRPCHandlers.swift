import PorticoCore
public import Proto
import PorticoConfig

/// The credential service's RPC methods (`proto/credentials.proto`) over the broker and the
/// console sign-in: turns requests into principals, refusals into `CredentialRefusal` replies
/// (with ConsoleMe's codes and the matching roles), and failures into RPC errors.
public struct CredentialRPCHandlers: Sendable {
    private let broker: CredentialBroker
    private let signIn: ConsoleSignIn

    public init(broker: CredentialBroker, signIn: ConsoleSignIn) {
        self.broker = broker
        self.signIn = signIn
    }

    /// `Credentials/GetCredentials`.
    public func getCredentials(
        _ request: GetCredentialsRequest, caller: CredentialCaller, requestID: String
    ) async throws(RPCError) -> GetCredentialsResponse {
        let principal = try Self.principal(request.principal, sourceIP: request.sourceIP, caller: caller)
        do throws(CredentialBrokerError) {
            let issued = try await broker.issue(
                for: principal, requestedRole: request.requestedRole, consoleOnly: request.consoleOnly,
                noIPRestrictions: request.noIPRestrictions, requestID: requestID)
            return GetCredentialsResponse(
                credentials: TemporaryCredentials(
                    accessKeyID: issued.accessKeyID, secretAccessKey: issued.secretAccessKey,
                    sessionToken: issued.sessionToken, expiration: Int64(issued.expiration)),
                roleARN: issued.roleARN)
        } catch {
            return GetCredentialsResponse(refusal: try Self.refusal(error))
        }
    }

    /// `Credentials/GetConsoleLogin`.
    public func getConsoleLogin(
        _ request: GetConsoleLoginRequest, caller: CredentialCaller, requestID: String
    ) async throws(RPCError) -> GetConsoleLoginResponse {
        let principal = try Self.principal(request.principal, sourceIP: request.sourceIP, caller: caller)
        do throws(CredentialBrokerError) {
            let login = try await signIn.login(
                for: principal, requestedRole: request.requestedRole,
                region: request.region.isEmpty ? nil : request.region,
                redirect: request.redirect.isEmpty ? nil : request.redirect,
                noIPRestrictions: request.noIPRestrictions, requestID: requestID)
            return GetConsoleLoginResponse(loginURL: login.url, roleARN: login.roleARN, expiration: Int64(login.expiration))
        } catch {
            return GetConsoleLoginResponse(refusal: try Self.refusal(error))
        }
    }

    /// Who the broker serves: the person a Portico service names, or the named client itself.
    static func principal(
        _ person: Proto.Principal?, sourceIP: String, caller: CredentialCaller
    ) throws(RPCError) -> Principal {
        switch caller {
        case .namedClient(let name):
            guard person == nil || person == Proto.Principal() else {
                throw RPCError(.permissionDenied, "internal client '\(name)' may only ask for itself")
            }
            // The client's address is not known from the call; its own claim is not trusted.
            return Principal.internalClient(name, sourceAddress: nil)
        case .service:
            guard let person, !person.user.isEmpty else {
                throw RPCError(.invalidArgument, "principal.user is required")
            }
            var address: IPAddress?
            if !sourceIP.isEmpty {
                guard let parsed = IPAddress(sourceIP) else {
                    throw RPCError(.invalidArgument, "source_ip is not an IPv4 or IPv6 address")
                }
                address = parsed
            }
            return Principal(user: person.user, groups: person.groups, sourceAddress: address)
        }
    }

    /// A refusal as the reply carries it; a failure of the service as an RPC error.
    static func refusal(_ error: CredentialBrokerError) throws(RPCError) -> CredentialRefusal {
        guard error.isRefusal else { throw error.rpcError }
        var matches: [String] = []
        if case .ambiguousRole(let roles) = error { matches = roles }
        return CredentialRefusal(
            code: error.consoleMeCode ?? "", reason: error.reason, message: error.description, matchingRoles: matches)
    }
}
