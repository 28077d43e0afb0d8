@testable import CredentialService
import Proto
import Testing

/// Broker errors say their RPC status through `RPCErrorConvertible`: the service's own failures
/// are UNAVAILABLE with their description (and themselves as the cause), refusals name whose
/// fault they are.
@Suite struct CredentialBrokerErrorRPCTests {
    @Test(arguments: [
        CredentialBrokerError.eligibleRolesUnavailable("cache down"), .stsFailed(code: "Throttling", message: "slow down"),
        .federationFailed("no token"), .auditUnavailable("stream full"),
    ])
    func theServicesOwnFailuresAreUnavailable(_ error: CredentialBrokerError) throws {
        #expect(!error.isRefusal)
        #expect(error.rpcError == RPCError(.unavailable, error.description))
        #expect(try #require(error.rpcError.cause as? CredentialBrokerError) == error)
        #expect(throws: RPCError(.unavailable, error.description)) { try CredentialRPCHandlers.refusal(error) }
    }

    @Test func refusalsSayWhoseFaultTheyAre() {
        #expect(CredentialBrokerError.invalidRequest("x").rpcError.code == .invalidArgument)
        #expect(CredentialBrokerError.invalidRedirect("x").rpcError.code == .invalidArgument)
        #expect(CredentialBrokerError.noMatchingRole.rpcError.code == .notFound)
        #expect(CredentialBrokerError.ambiguousRole(matches: ["a", "b"]).rpcError.code == .failedPrecondition)
        #expect(CredentialBrokerError.unknownClient("c").rpcError.code == .permissionDenied)
        #expect(CredentialBrokerError.roleNotAllowedForClient(client: "c", role: "r").rpcError.code == .permissionDenied)
        #expect(CredentialBrokerError.ipRestrictionsRequired.rpcError.code == .permissionDenied)
    }
}
