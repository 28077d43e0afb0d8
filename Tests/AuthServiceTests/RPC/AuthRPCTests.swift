import AuthService
import Foundation
import PorticoConfig
import PorticoTestSupport
import Proto
import Testing

@Suite("portico.v1.Auth over the wire")
struct AuthRPCTests {
    private static let memberships = [
        "alice@example.com": ["eng@example.com", "portico-admins@example.com", "oncall@example.com"],
        "bob@example.com": ["eng@example.com"],
    ]

    @Test("Authorize answers merged groups, rights and where the Directory part came from")
    func authorizeOverTheWire() async throws {
        try await RunningAuthServer.with(memberships: Self.memberships) { server in
            let request = AuthorizeRequest(user: "alice@example.com", claimedGroups: ["SSO-Users"])
            let auth = AuthClient(rpc: server.gateway)
            let first = try await auth.authorize(request)
            #expect(first.principal == Principal(
                user: "alice@example.com",
                groups: ["sso-users", "eng@example.com", "portico-admins@example.com", "oncall@example.com", "all-staff"]))
            #expect(first.rights == UserRights(canAdmin: true, canAdminPolicies: true, canEditConfig: true, canCreateRoles: true, canDeleteIamPrincipals: true))
            #expect(first.directorySource == .fetched)

            let requests = server.google.directoryRequests
            let second = try await auth.authorize(request)
            #expect(second.directorySource == .cached && second.principal == first.principal)
            let refreshed = try await auth.authorize(AuthorizeRequest(user: "alice@example.com", refresh: true))
            #expect(refreshed.directorySource == .fetched)
            #expect(server.google.directoryRequests == requests + 2)

            let bob = try await auth.authorize(AuthorizeRequest(user: "bob@example.com"))
            #expect(bob.principal?.groups == ["eng@example.com", "all-staff"])
            #expect(bob.rights == UserRights())
            #expect(server.google.tokenRequests == 1)
        }
    }

    @Test("Health is served beside Auth, to Portico's services and named clients alike")
    func healthOverTheWire() async throws {
        try await RunningAuthServer.with(memberships: [:]) { server in
            for client in [server.gateway, server.namedClient] {
                let check = try await client.call(HealthMethods.check, HealthCheckRequest(service: AuthMethods.serviceName))
                #expect(check.status == .serving)
                #expect(try await client.call(HealthMethods.echo, EchoRequest(text: "auth?")).server == "auth")
            }
        }
    }

    @Test("an unusable request is INVALID_ARGUMENT saying what is wrong")
    func invalidArgument() async throws {
        try await RunningAuthServer.with(memberships: Self.memberships) { server in
            let error = await server.status(of: AuthorizeRequest(user: ""), from: server.gateway)
            #expect(error == RPCError(.invalidArgument, "invalid user: it is empty"))
            let badGroup = await server.status(
                of: AuthorizeRequest(user: "bob@example.com", claimedGroups: ["a b"]), from: server.gateway)
            #expect(badGroup?.code == .invalidArgument)
            #expect(badGroup?.message.contains("index 0") == true)
            #expect(server.google.directoryRequests == 0)
        }
    }

    @Test("Google refusing the account is FAILED_PRECONDITION, a Google outage UNAVAILABLE, both with Google's status")
    func googleFailures() async throws {
        try await RunningAuthServer.with(memberships: Self.memberships) { server in
            server.google.withState {
                $0.directoryFailure = .init(status: 403, body: #"{"error":{"code":403,"message":"Not Authorized to access this resource/api"}}"#)
            }
            let refused = try #require(await server.status(of: AuthorizeRequest(user: "bob@example.com"), from: server.gateway))
            #expect(refused.code == .failedPrecondition)
            #expect(refused.message.contains("HTTP 403") && refused.message.contains("Not Authorized to access this resource/api"))

            server.google.withState { $0.directoryFailure = .init(status: 500, body: #"{"error":{"code":500,"message":"Backend Error"}}"#) }
            let outage = try #require(await server.status(of: AuthorizeRequest(user: "bob@example.com"), from: server.gateway))
            #expect(outage.code == .unavailable)
            #expect(outage.message.contains("HTTP 500") && outage.message.contains("Backend Error"))
            for token in server.google.issuedTokens {
                #expect(!refused.message.contains(token) && !outage.message.contains(token))
            }
        }
    }

    @Test("named clients may not ask for a person's groups")
    func namedClientRefused() async throws {
        try await RunningAuthServer.with(memberships: Self.memberships) { server in
            let error = await server.status(of: AuthorizeRequest(user: "alice@example.com"), from: server.namedClient)
            #expect(error?.code == .permissionDenied)
            #expect(server.google.directoryRequests == 0)
        }
    }

    @Test("in prod the server refuses to start without a usable key file, naming it")
    func refusesToStartInProd() async throws {
        let google = try await GoogleStandIn.start(memberships: [:], clock: ManualClock())
        let redis = try await RedisServer.start()
        let missing = "/nonexistent/\(UUID().uuidString)/key.json"
        var configuration = RunningAuthServer.configuration(google: google, redis: redis, keyFile: missing)
        configuration.environment = .prod
        configuration.google.tokenURL = "https://oauth2.googleapis.com/token"
        configuration.google.directoryURL = "https://admin.googleapis.com/admin/directory/v1"
        // The server logs "auth service listening" when it listens; so does the callback here.
        let logs = LogRecorder()
        var refusal: (any Error)?
        do {
            try await AuthServer(configuration: configuration, logger: logs.logger) { _ in
                logs.logger.info("listening")
            }.run()
        } catch {
            refusal = error
        }
        _ = try? await runBlocking { redis.stop() }
        await google.shutdown()
        let error = try #require(refusal as? AuthServiceStartupError)
        #expect(error == .serviceKey(.unreadable(path: missing, reason: "no such file")))
        #expect(!logs.lines.contains { $0.contains("listening") })
    }
}
