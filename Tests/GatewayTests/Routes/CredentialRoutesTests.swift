import Foundation
import PorticoAWS
import PorticoAPI
import PorticoHTTP
import Testing

extension GatewayBackendTests {
    /// `POST /api/v1/get_credentials` through the gateway to the credential service and STS at
    /// moto: credentials for a role the caller's groups are tagged on, ConsoleMe's refusals.
    @Suite struct GetCredentials {
        typealias Roles = MotoHubAndSpokes.Roles

        private func post(_ body: String, as user: SignedInUser, on stack: GatewayOnStack) async throws -> HTTPClient.Response {
            try await stack.gateway.request(
                "POST", "/api/v1/get_credentials", headers: [user.bearerHeader, ("Content-Type", "application/json")], body: body)
        }

        @Test func anEngineerGetsCredentialsThatActAsTheRoleAtAWS() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let before = Date().timeIntervalSince1970
                let response = try await post(#"{"requested_role": "\#(Roles.prodAdmin)"}"#, as: alice, on: stack)
                #expect(response.status == 200)
                #expect(response.headers.values(for: "Cache-Control") == ["no-store"])
                let credentials = try response.decoded(CredentialsResponse.self).credentials
                let secret = credentials.secretAccessKey
                let token = credentials.sessionToken
                #expect(Double(credentials.expiration) > before + 600, "epoch seconds, some time ahead")

                let identity = try await stack.stack.moto.sts(
                    signingWith: AWSCredentials(accessKeyID: credentials.accessKeyID, secretAccessKey: secret, sessionToken: token),
                    http: stack.stack.http, logger: quietLogger
                ).getCallerIdentity()
                #expect(identity.account == MotoHubAndSpokes.prod)
                #expect(identity.arn.contains(":assumed-role/engineering-admin/"))

                for secretValue in [secret, token] { #expect(!stack.logText.contains(secretValue)) }
                #expect(try await stack.gateway.metric(
                    #"portico_gateway_requests_total{route="get_credentials",outcome="ok"}"#) == 1)
            }
        }

        @Test func someoneWhoseGroupsAreNotOnTheRoleIsRefusedWith900() async throws {
            try await GatewayOnStack.with { stack in
                let fiona = try await stack.financeUser()
                let response = try await post(#"{"requested_role": "\#(Roles.prodAdmin)"}"#, as: fiona, on: stack)
                #expect(response.status == 403)
                #expect(try response.apiError() == APIErrorBody(
                    status: 403, code: APIErrorBody.Code.noMatchingRoles, message: "No matching roles"))
                #expect(try await stack.gateway.metric(
                    #"portico_gateway_requests_total{route="get_credentials",outcome="refused"}"#) == 1)
            }
        }

        @Test func aFragmentMatchingTwoRolesIsRefusedWith901ListingBoth() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let response = try await post(#"{"requested_role": "engineering-admin"}"#, as: alice, on: stack)
                #expect(response.status == 403)
                let error = try response.apiError()
                #expect(error.code == APIErrorBody.Code.multipleMatchingRoles)
                #expect(error.matchingRoles == [Roles.prodAdmin, Roles.stagingAdmin])
                #expect(!error.message.isEmpty)
            }
        }

        @Test func aCLIOnlyRoleIsIssuedToTheCLIButNotForTheConsole() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let cli = try await post(#"{"requested_role": "data-pipeline"}"#, as: alice, on: stack)
                #expect(cli.status == 200)
                let console = try await post(#"{"requested_role": "data-pipeline", "console_only": true}"#, as: alice, on: stack)
                #expect(console.status == 403)
                #expect(try console.apiError().code == APIErrorBody.Code.noMatchingRoles)
            }
        }

        @Test func weepsMetadataIsAcceptedAndNeverLogged() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let marker = "weep-metadata-\(UUID().uuidString)"
                let body = #"""
                    {"requested_role": "\#(Roles.prodReadOnly)", "no_ip_restrictions": false,
                     "metadata": {"user": "alice", "hostname": "\#(marker)", "weep_version": "0.3.26", "cli_args": ["file"]}}
                    """#
                let response = try await post(body, as: alice, on: stack)
                #expect(response.status == 200)
                #expect(!stack.logText.contains(marker))
            }
        }

        @Test func aCookieSessionNeedsTheCSRFTokenAndABearerTokenDoesNot() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let body = #"{"requested_role": "\#(Roles.prodReadOnly)"}"#
                let withoutToken = try await stack.gateway.request(
                    "POST", "/api/v1/get_credentials", headers: [alice.cookieHeader], body: body)
                #expect(withoutToken.status == 403)
                #expect(withoutToken.message.hasPrefix("missing CSRF token"))
                let withToken = try await stack.gateway.request(
                    "POST", "/api/v1/get_credentials", headers: [alice.cookieHeader, alice.csrfHeader], body: body)
                #expect(withToken.status == 200)
            }
        }

        @Test func theCallersAddressFromTrustedProxiesReachesTheSessionPolicy() async throws {
            try await GatewayOnStack.with(configure: { $0.auth.trustedProxyHops = 1 }) { stack in
                let alice = try await stack.engineer()
                let response = try await stack.gateway.request(
                    "POST", "/api/v1/get_credentials",
                    headers: [alice.bearerHeader, ("X-Forwarded-For", "198.51.100.1, 203.0.113.7")],
                    body: #"{"requested_role": "\#(Roles.prodReadOnly)"}"#)
                #expect(response.status == 200)
                let keyID = try response.decoded(CredentialsResponse.self).credentials.accessKeyID
                let policy = try #require(
                    try await stack.stack.moto.recordedSessionPolicy(accessKeyID: keyID, http: stack.stack.http))
                #expect(policy.contains("203.0.113.7"))
                #expect(policy.contains("10.0.0.0/8"))
                #expect(!policy.contains("198.51.100.1"), "only the trusted hop's entry counts")
            }
        }

        @Test func aControlCharacterInTheRoleIsTheCallersMistakeNotTheBackends() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let response = try await post(#"{"requested_role": "\#(Roles.prodAdmin)\u0000"}"#, as: alice, on: stack)
                #expect(response.status == 400)
                #expect(try response.apiError().message.contains("requested_role must not contain control characters"))
            }
        }

        @Test func noIPRestrictionsIsRefusedForGroupsNotAllowedIt() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let response = try await post(
                    #"{"requested_role": "\#(Roles.prodReadOnly)", "no_ip_restrictions": true}"#, as: alice, on: stack)
                #expect(response.status == 403)
                #expect(try response.apiError().code == "ip_restrictions_required")
            }
        }
    }
}
